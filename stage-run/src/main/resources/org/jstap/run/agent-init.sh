#!/bin/busybox sh
# jstap guest agent: /init of the test VM's initramfs. Talks to the host over the virtio-serial port "ctl".
# Protocol (host -> guest lines; see stage-run/README.md):
#   PING TOKEN                 -> "PONG TOKEN <uptime> <uname -r>" then "UNAME <uname -v>"
#   FILE SIZE MODE PATH        + SIZE bytes -> "OK FILE PATH" (writes PATH, for --vm-file in a persistent VM)
#   RUN TOKEN NAME KOSIZE CMDSIZE PARAMSIZE TIMEOUT [XPID] + module + command + params
#        (XPID: -x, a pid inside the guest; 0 or absent: none)
#        -> the run's stdout, raw, with "\001TOKEN SWITCH" lines where the script called switch_file() (the
#           host writes -o's files), then control lines "\001TOKEN <what>": END rc=N, E <stderr>, K <kernel log>,
#           S key=value ..., DONE
#   INT                        (during RUN) SIGINT to the loader's process group (without a loader: SIGTERM to
#                              the -c command's group; background jobs of a non-interactive shell ignore SIGINT)
#   KILL                       (during RUN) SIGKILL to that process group
#   IN HEX                     (during RUN) bytes (hex) for the loader's input (-i FIFO): jstap's own stdin forwarded
#                              for input.char / input.line (the loader writes them to the module's __stdin file)
#   INSMOD PATH NAME           -> "INSMOD NAME 0 present" (loaded already), "INSMOD NAME 0 new", or
#                              "INSMOD NAME RC failed MESSAGE" (insmod PATH, a module sent before with FILE; PATH
#                              is removed after)
#   RMMOD NAME                 -> "RMMOD NAME RC"
#   EXEC TOKEN PROGRAM FILE [ARGS] runs "PROGRAM FILE ARGS" (up to 4 plain words; sent before with FILE) with the port as its stdin and stdout
#                              (the bpf backend's loader: its own framed protocol), then an end frame (type 0xffff,
#                              length 0) and "\001TOKEN END rc=N", "\001TOKEN E <stderr>"..., "\001TOKEN DONE";
#                              FILE is removed after. The host ends it by its protocol ("quit") or by closing the
#                              channel (the program reads end of stream)
#   QUIT                       -> "BYE", power off
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_console virtio_blk; do
  [ -e /lib/modules/$m.ko ] && { insmod /lib/modules/$m.ko || echo "jstap-agent: insmod $m failed" > /dev/console; }
done
PORT=
i=0
while [ $i -lt 100 ]; do
  for p in /sys/class/virtio-ports/*; do
    [ "$(cat $p/name 2>/dev/null)" = ctl ] && PORT=/dev/${p##*/}
  done
  [ -n "$PORT" ] && [ -e "$PORT" ] && break
  i=$((i+1)); usleep 20000
done
if [ -z "$PORT" ]; then echo "jstap-agent: no virtio port 'ctl'" > /dev/console; poweroff -f; fi
# a fleet VM (jstap vm start --name) also brings up its network and sshd
[ -x /etc/jstap/boot.sh ] && /etc/jstap/boot.sh
echo "jstap-agent: ready on $PORT uptime=$(cut -d' ' -f1 /proc/uptime)" > /dev/console
exec 3<>$PORT
echo "READY" >&3
C=$(printf '\001')

recv() {  # recv SIZE FILE
  if [ "$1" -gt 0 ]; then dd of="$2" bs=65536 count="$1" iflag=count_bytes,fullblock <&3 2>/dev/null
  else : > "$2"; fi
}

# sends a signal to the job's process group (its own session, pid in /tmp/job.pid), retrying while the job has
# not written its pid or not yet made its group (an early Ctrl-C was lost that way), until the job is over
sig_job() {  # SIGNAL
  while [ ! -e /tmp/job.rc ]; do
    jp=$(cat /tmp/job.pid 2>/dev/null)
    [ -n "$jp" ] && kill -$1 -"$jp" 2>/dev/null && return 0
    usleep 10000
  done
}

# ends the job: SIGNAL, up to 5 s for it to finish (end probes, the loader unloads the module), then SIGKILL
end_job() {  # SIGNAL
  sig_job $1
  i=0
  while [ ! -e /tmp/job.rc ] && [ $i -lt 100 ]; do usleep 50000; i=$((i+1)); done
  sig_job KILL
}

# the host's commands during a run, in a helper process doing blocking whole-line reads. (Polling the port with
# busybox 'read -t' dropped the part of a line read before the timeout fired: an INT that straddled it was lost,
# issue 11 item 10.) The host sends only INT/KILL during a run; a PING means a new client, so the one that started
# the run is gone; end of stream means the client closed the channel (it was killed). Either way nobody will read
# the output: the run is ended so the agent answers again (issue 11 item 9).
job_commands() {  # SIGNAL-for-INT
  while read -r c <&3; do
    case "$c" in
      INT) sig_job $1 ;;
      KILL) sig_job KILL ;;
      IN\ *) printf "$(echo "${c#IN }" | sed 's/\(..\)/\\x\1/g')" > /tmp/stdin.fifo ;;
      PING*) echo "jstap-agent: a new client during a run: ending the run" > /dev/console; end_job $1; return ;;
    esac
  done
  echo "jstap-agent: the host closed the channel during a run: ending the run" > /dev/console
  end_job $1
}

# waits for the job to write /tmp/job.rc while job_commands passes the host's INT/KILL on
wait_job() {  # SIGNAL-for-INT
  job_commands $1 &
  rd=$!
  while [ ! -e /tmp/job.rc ]; do usleep 20000; done
  kill $rd 2>/dev/null
  wait $rd 2>/dev/null
  cat /tmp/job.rc
}

taint() { cat /proc/sys/kernel/tainted; }

# after a run: kill whatever is left of the job's session (the loader puts a -c command in its own process
# group and ends it itself; this catches a command whose loader was SIGKILLed)
reap_session() {  # uses REAP_SID
  for s in /proc/[0-9]*/stat; do
    set -- $(cut -d')' -f2 "$s" 2>/dev/null)
    if [ "$4" = "$REAP_SID" ]; then p=${s#/proc/}; kill -KILL "${p%/stat}" 2>/dev/null; fi
  done
}

run_one() {  # TOKEN NAME KOSIZE CMDSIZE PARAMSIZE TIMEOUT [XPID]
  tok=$1; name=$2; xopt=
  [ -n "$7" ] && [ "$7" != 0 ] && xopt="-x $7"
  recv "$3" /tmp/$name.ko
  recv "$4" /tmp/cmd
  recv "$5" /tmp/params
  cmd=$(cat /tmp/cmd); params=$(cat /tmp/params)
  rm -f /tmp/job.rc /tmp/job.pid /tmp/err /tmp/stdin.fifo
  mkfifo /tmp/stdin.fifo   # the loader's input (-i; a -c command's stdin stays /dev/null)
  dmesg -c > /dev/null
  t0=$(taint)
  if [ -x /bin/jstaprun ]; then
    if [ -n "$cmd" ]; then
      ( setsid /bin/jstaprun -m "${C}$tok" -c "$cmd" $xopt -i /tmp/stdin.fifo /tmp/$name.ko $params >&3 2>/tmp/err & echo $! > /tmp/job.pid; wait $!; echo $? > /tmp/job.rc ) &
    else
      ( setsid /bin/jstaprun -m "${C}$tok" $xopt -i /tmp/stdin.fifo /tmp/$name.ko $params >&3 2>/tmp/err & echo $! > /tmp/job.pid; wait $!; echo $? > /tmp/job.rc ) &
    fi
    rc=$(wait_job INT)
    REAP_SID=$(cat /tmp/job.pid 2>/dev/null) && [ -n "$REAP_SID" ] && reap_session
    # a SIGKILLed loader cannot unload its module: the agent does, so the next run finds a clean kernel
    if grep -q "^$name " /proc/modules; then
      rmmod $name 2>>/tmp/err && echo "jstap-agent: the loader left module $name loaded (killed?); removed it" >> /tmp/err
    fi
  else
    # no loader in this VM: plain insmod, the -c command, rmmod
    insmod /tmp/$name.ko $params 2>/tmp/err; rc=$?
    if [ $rc = 0 ]; then
      if [ -n "$cmd" ]; then
        ( setsid sh -c "$cmd" >&3 2>>/tmp/err & echo $! > /tmp/job.pid; wait $!; echo $? > /tmp/job.rc ) &
        crc=$(wait_job TERM)
        echo "${C}$tok S command_rc=$crc" > /tmp/extra
      fi
      rmmod $name 2>>/tmp/err || echo "rmmod $name failed" >> /tmp/err
    else
      rc=1
    fi
  fi
  echo "${C}$tok END rc=$rc" >&3
  [ -e /tmp/extra ] && cat /tmp/extra >&3 && rm -f /tmp/extra
  [ -s /tmp/err ] && sed "s/^/${C}$tok E /" /tmp/err >&3
  dmesg -c > /tmp/dmesg
  sed "s/^/${C}$tok K /" /tmp/dmesg >&3
  if grep -q "^$name " /proc/modules; then unl=0; else unl=1; fi
  if grep -qE 'Oops|BUG:|general protection|Kernel panic|RIP:' /tmp/dmesg; then oops=1; else oops=0; fi
  if grep -qE 'WARNING:|Call Trace' /tmp/dmesg; then warn=1; else warn=0; fi
  echo "${C}$tok S unloaded=$unl taint_before=$t0 taint_after=$(taint) oops=$oops warn=$warn" >&3
  echo "${C}$tok DONE" >&3
  rm -f /tmp/$name.ko /tmp/cmd /tmp/params /tmp/dmesg /tmp/stdin.fifo
}

while true; do
  if read -r cmd a1 a2 a3 a4 a5 a6 a7 <&3; then
    case "$cmd" in
      PING) echo "PONG $a1 $(cut -d' ' -f1 /proc/uptime) $(uname -r)" >&3; echo "UNAME $(uname -v)" >&3 ;;
      FILE) mkdir -p "$(dirname "$a3")"; recv "$a1" "$a3"; chmod "$a2" "$a3"; echo "OK FILE $a3" >&3 ;;
      RUN) run_one "$a1" "$a2" "$a3" "$a4" "$a5" "$a6" "$a7" ;;
      INSMOD)
        if grep -q "^$a2 " /proc/modules; then echo "INSMOD $a2 0 present" >&3
        else
          e=$(insmod "$a1" 2>&1); r=$?
          if [ $r = 0 ]; then echo "INSMOD $a2 0 new" >&3; else echo "INSMOD $a2 $r failed $(echo $e)" >&3; fi
        fi
        rm -f "$a1" ;;
      RMMOD) rmmod "$a1" 2>/dev/null; echo "RMMOD $a1 $?" >&3 ;;
      EXEC)
        "$a2" "$a3" $a4 $a5 $a6 $a7 <&3 >&3 2>/tmp/exec.err; r=$?
        printf '\377\377\000\000\000\000\000\000' >&3
        echo "${C}$a1 END rc=$r" >&3
        [ -s /tmp/exec.err ] && sed "s/^/${C}$a1 E /" /tmp/exec.err >&3
        echo "${C}$a1 DONE" >&3
        rm -f "$a3" /tmp/exec.err ;;
      QUIT) echo "BYE" >&3; break ;;
      INT|KILL|IN|"") ;;   # IN: input sent as a run ended
      *) echo "ERR unknown command $cmd" >&3 ;;
    esac
  else
    usleep 50000   # host not connected: the port reads EOF
  fi
done
sync
poweroff -f
