# Sourced, not run (bench/kbuild-vs-stap.sh, conformance-tests/oracle/stap-vm.sh).
#
# stap_runtime_copy SRC DEST RELEASE: copies stap's runtime SRC (e.g. /usr/share/systemtap/runtime) to DEST and,
# when the kernel RELEASE's headers declare task_work_cancel_func, points the copy's stp_task_work.c at it (type and
# kallsyms name; two sed lines). stap 4.8 does not build against this Debian 6.1 kernel as shipped: the kernel
# backported the task_work_cancel() change (it now takes a callback_head and returns bool; the old "cancel by
# function" is task_work_cancel_func()). Only the copy is changed, at run time; nothing of stap's is kept in this
# repository. Prints one note line when it patched; returns 1 when SRC is not a directory.
stap_runtime_copy() {
  local src=$1 dest=$2 rel=$3 kbuild tw hdr
  [[ -d "$src" ]] || return 1
  cp -a "$src" "$dest"
  kbuild="$(readlink -f "/lib/modules/$rel/build" 2>/dev/null || true)"
  tw="$dest/stp_task_work.c"
  hdr="$(readlink -f "/lib/modules/$rel/source" 2>/dev/null || true)/include/linux/task_work.h"
  [[ -f "$hdr" ]] || hdr="$kbuild/include/linux/task_work.h"
  if [[ -f "$tw" && -f "$hdr" ]] && grep -q 'task_work_cancel_func' "$hdr" \
      && grep -q 'typeof(&task_work_cancel) task_work_cancel_fn' "$tw"; then
    sed -i -e 's/typeof(&task_work_cancel) task_work_cancel_fn/typeof(\&task_work_cancel_func) task_work_cancel_fn/' \
           -e 's/kallsyms_lookup_name("task_work_cancel")/kallsyms_lookup_name("task_work_cancel_func")/' "$tw"
    echo "stap runtime copy patched: stp_task_work.c uses task_work_cancel_func (type + kallsyms name)"
  fi
  return 0
}
