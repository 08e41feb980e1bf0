# Writes the table-driven syscall/*.stp tapset files (one per syscall: name, argstr from the argument kinds and
# decoders of syscall/flags.stp and syscall/decode.stp, retstr) into the directory given, and prints their INDEX
# lines. Usage: python3 syscalls.py ../src/main/resources/tapset/syscall; then regenerate tapset/DECLS
# (TapsetDeclsTest -Dtapset.decls.update=true). Hand-written syscall files (read.stp, open.stp, ...) are not in it.
import os, sys
REGS = ["di", "si", "dx", "r10", "r8", "r9"]
# arg kinds: int (low 32 bits signed), uint (low 32 unsigned), long, ulong, ptr, str (user string; var gets _uaddr too),
# dfd, mode (octal), custom: ("name", "kind", "expr-template using {v}", "fmt")
def arg(name, kind, dec=None):
    return (name, kind, dec)

S = {}
def sc(name, args, fmt=None, note="", wrapper=None, ret=True, extra=None):
    S[name] = dict(args=args, fmt=fmt, note=note, wrapper=wrapper or ("__x64_sys_" + name), ret=ret, extra=extra or [])

I, U, L, P, STR, DFD, MODE = "int", "uint", "long", "ptr", "str", "dfd", "mode"
sc("getdents64", [arg("fd", I), arg("dirp_uaddr", P), arg("count", U)], note="long getdents64(unsigned int fd, struct linux_dirent64 *dirent, unsigned int count)")
sc("fcntl", [arg("fd", I), arg("cmd", I, "__sc_fcntl_cmd"), arg("arg", L)], note="long fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)")
sc("chdir", [arg("path", STR)], note="long chdir(const char *filename)")
sc("fchdir", [arg("fd", I)], note="long fchdir(unsigned int fd)")
sc("chroot", [arg("path", STR)], note="long chroot(const char *filename)")
sc("chmod", [arg("path", STR), arg("mode", MODE)], note="long chmod(const char *filename, umode_t mode)")
sc("fchmod", [arg("fildes", I), arg("mode", MODE)], note="long fchmod(unsigned int fd, umode_t mode)")
sc("fchmodat", [arg("dirfd", DFD), arg("pathname", STR), arg("mode", MODE)], note="long fchmodat(int dfd, const char *filename, umode_t mode)")
sc("chown", [arg("path", STR), arg("owner", I), arg("group", I)], note="long chown(const char *filename, uid_t user, gid_t group)")
sc("lchown", [arg("path", STR), arg("owner", I), arg("group", I)], note="long lchown(const char *filename, uid_t user, gid_t group)")
sc("fchown", [arg("fd", I), arg("owner", I), arg("group", I)], note="long fchown(unsigned int fd, uid_t user, gid_t group)")
sc("fchownat", [arg("dirfd", DFD), arg("pathname", STR), arg("owner", I), arg("group", I), arg("flags", I, "__sc_at_flags")], note="long fchownat(int dfd, const char *filename, uid_t user, gid_t group, int flag)")
sc("truncate", [arg("path", STR), arg("length", L)], note="long truncate(const char *path, long length)")
sc("ftruncate", [arg("fd", I), arg("length", L)], note="long ftruncate(unsigned int fd, unsigned long length)")
sc("sendmsg", [arg("s", I), arg("msg_uaddr", P), arg("flags", U, "__sc_msg_flags")], note="long sendmsg(int fd, struct user_msghdr *msg, unsigned int flags)")
sc("recvmsg", [arg("s", I), arg("msg_uaddr", P), arg("flags", U, "__sc_msg_flags")], note="long recvmsg(int fd, struct user_msghdr *msg, unsigned int flags)")
sc("shutdown", [arg("s", I), arg("how", I, "__sc_shutdown_how")], note="long shutdown(int fd, int how)")
sc("setsockopt", [arg("fd", I), arg("level", I, "__sc_sockopt_level"), arg("optname", I), arg("optval_uaddr", P), arg("optlen", U)], note="long setsockopt(int fd, int level, int optname, char *optval, int optlen)")
sc("getsockopt", [arg("fd", I), arg("level", I, "__sc_sockopt_level"), arg("optname", I), arg("optval_uaddr", P), arg("optlen_uaddr", P)], note="long getsockopt(int fd, int level, int optname, char *optval, int *optlen)")
sc("getsockname", [arg("s", I), arg("name_uaddr", P), arg("namelen_uaddr", P)], note="long getsockname(int fd, struct sockaddr *usockaddr, int *usockaddr_len)")
sc("getpeername", [arg("s", I), arg("name_uaddr", P), arg("namelen_uaddr", P)], note="long getpeername(int fd, struct sockaddr *usockaddr, int *usockaddr_len)")
sc("socketpair", [arg("family", I, "__sc_family"), arg("type", I, "__sc_socktype"), arg("protocol", I), arg("sv_uaddr", P)], note="long socketpair(int family, int type, int protocol, int *usockvec)")
sc("accept4", [arg("sockfd", I), arg("addr_uaddr", P), arg("addrlen_uaddr", P), arg("flags", I, "__sc_sock_flags")], note="long accept4(int fd, struct sockaddr *upeer_sockaddr, int *upeer_addrlen, int flags)")
sc("epoll_create1", [arg("flags", I, "__sc_epoll_flags")], note="long epoll_create1(int flags)")
sc("epoll_create", [arg("size", I)], note="long epoll_create(int size)")
sc("epoll_ctl", [arg("epfd", I), arg("op", I, "__sc_epoll_op"), arg("fd", I), arg("event_uaddr", P)], note="long epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)")
sc("epoll_wait", [arg("epfd", I), arg("events_uaddr", P), arg("maxevents", I), arg("timeout", I)], note="long epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)")
sc("epoll_pwait", [arg("epfd", I), arg("events_uaddr", P), arg("maxevents", I), arg("timeout", I), arg("sigmask_uaddr", P), arg("sigsetsize", U)], note="long epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask, size_t sigsetsize)")
sc("futex", [arg("futex_uaddr", P), arg("op", I, "__sc_futex_op"), arg("val", U), arg("utime_uaddr", P), arg("uaddr2_uaddr", P), arg("val3", U)], note="long futex(u32 *uaddr, int op, u32 val, const struct __kernel_timespec *utime, u32 *uaddr2, u32 val3)")
sc("mprotect", [arg("addr", P), arg("len", L, "%u"), arg("prot", I, "__sc_prot")], note="long mprotect(unsigned long start, size_t len, unsigned long prot)")
sc("madvise", [arg("start", P), arg("length", L, "%u"), arg("advice", I, "__sc_madvice")], note="long madvise(unsigned long start, size_t len_in, int behavior)")
sc("exit", [arg("status", I)], note="long exit(int error_code); it does not return, so there is no .return", ret=False)
sc("execveat", [arg("dirfd", DFD), arg("filename", STR), arg("args_uaddr", P), arg("env_uaddr", P), arg("flags", I, "__sc_at_flags")], note="long execveat(int fd, const char *filename, const char *const *argv, const char *const *envp, int flags)")
sc("fstatat", [arg("dirfd", DFD), arg("path", STR), arg("buf_uaddr", P), arg("flags", I, "__sc_at_flags")], note="long newfstatat(int dfd, const char *filename, struct stat *statbuf, int flag)", wrapper="__x64_sys_newfstatat")
sc("statx", [arg("dfd", DFD), arg("filename", STR), arg("flags", I, "__sc_at_flags"), arg("mask", U, "%#x"), arg("buf_uaddr", P)], note="long statx(int dfd, const char *filename, unsigned flags, unsigned int mask, struct statx *buffer)")
sc("lstat", [arg("path", STR), arg("buf_uaddr", P)], note="long newlstat(const char *filename, struct stat *statbuf)", wrapper="__x64_sys_newlstat")
sc("readlink", [arg("path", STR), arg("buf_uaddr", P), arg("bufsiz", I)], note="long readlink(const char *path, char *buf, int bufsiz)")
sc("readlinkat", [arg("dfd", DFD), arg("path", STR), arg("buf_uaddr", P), arg("bufsiz", I)], note="long readlinkat(int dfd, const char *pathname, char *buf, int bufsiz)")
sc("symlink", [arg("oldpath", STR), arg("newpath", STR)], note="long symlink(const char *oldname, const char *newname)")
sc("symlinkat", [arg("oldname", STR), arg("newdfd", DFD), arg("newname", STR)], note="long symlinkat(const char *oldname, int newdfd, const char *newname)")
sc("link", [arg("oldpath", STR), arg("newpath", STR)], note="long link(const char *oldname, const char *newname)")
sc("linkat", [arg("olddirfd", DFD), arg("oldpath", STR), arg("newdirfd", DFD), arg("newpath", STR), arg("flags", I, "__sc_at_flags")], note="long linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags)")
sc("unlinkat", [arg("dfd", DFD), arg("pathname", STR), arg("flag", I, "__sc_at_flags")], note="long unlinkat(int dfd, const char *pathname, int flag)")
sc("mkdirat", [arg("dirfd", DFD), arg("pathname", STR), arg("mode", MODE)], note="long mkdirat(int dfd, const char *pathname, umode_t mode)")
sc("renameat", [arg("olddfd", DFD), arg("oldname", STR), arg("newdfd", DFD), arg("newname", STR)], note="long renameat(int olddfd, const char *oldname, int newdfd, const char *newname)")
sc("renameat2", [arg("olddfd", DFD), arg("oldname", STR), arg("newdfd", DFD), arg("newname", STR), arg("flags", U, "__sc_rename_flags")], note="long renameat2(int olddfd, const char *oldname, int newdfd, const char *newname, unsigned int flags)")
sc("getcwd", [arg("buf_uaddr", P), arg("len", L, "%u")], note="long getcwd(char *buf, unsigned long size)")
sc("umask", [arg("mask", MODE)], note="long umask(int mask)")
sc("prctl", [arg("option", I, "__sc_prctl_option"), arg("arg2", L, "%u"), arg("arg3", L, "%u"), arg("arg4", L, "%u"), arg("arg5", L, "%u")], note="long prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)")
sc("clock_gettime", [arg("clk_id", I, "__sc_clockid"), arg("tp_uaddr", P)], note="long clock_gettime(const clockid_t which_clock, struct __kernel_timespec *tp)")
sc("clock_getres", [arg("clk_id", I, "__sc_clockid"), arg("res_uaddr", P)], note="long clock_getres(const clockid_t which_clock, struct __kernel_timespec *tp)")
sc("clock_nanosleep", [arg("clk_id", I, "__sc_clockid"), arg("flags", I, "__sc_timer_flags"), arg("req_uaddr", P), arg("rem_uaddr", P)], note="long clock_nanosleep(const clockid_t which_clock, int flags, const struct __kernel_timespec *rqtp, struct __kernel_timespec *rmtp)")
sc("gettimeofday", [arg("tv_uaddr", P), arg("tz_uaddr", P)], note="long gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)")
sc("openat2", [arg("dfd", DFD), arg("filename", STR), arg("how_uaddr", P), arg("size", U)], note="long openat2(int dfd, const char *filename, struct open_how *how, size_t usize)")
sc("creat", [arg("pathname", STR), arg("mode", MODE)], note="long creat(const char *pathname, umode_t mode)")
sc("dup3", [arg("oldfd", I), arg("newfd", I), arg("flags", I, "__sc_open_flags")], note="long dup3(unsigned int oldfd, unsigned int newfd, int flags)")
sc("pipe2", [arg("fildes_uaddr", P), arg("flags", I, "__sc_open_flags")], note="long pipe2(int *fildes, int flags)")
sc("tkill", [arg("tid", I), arg("sig", I, "__sc_signame")], note="long tkill(pid_t pid, int sig)")
sc("tgkill", [arg("tgid", I), arg("pid", I), arg("sig", I, "__sc_signame")], note="long tgkill(pid_t tgid, pid_t pid, int sig)")
sc("rt_sigaction", [arg("sig", I, "__sc_signame"), arg("act_uaddr", P), arg("oact_uaddr", P), arg("sigsetsize", U)], note="long rt_sigaction(int sig, const struct sigaction *act, struct sigaction *oact, size_t sigsetsize)")
sc("rt_sigprocmask", [arg("how", I, "__sc_sigprocmask_how"), arg("set_uaddr", P), arg("oldset_uaddr", P), arg("sigsetsize", U)], note="long rt_sigprocmask(int how, sigset_t *nset, sigset_t *oset, size_t sigsetsize)")
sc("uname", [arg("name_uaddr", P)], note="long newuname(struct new_utsname *name)", wrapper="__x64_sys_newuname")
sc("fdatasync", [arg("fd", I)], note="long fdatasync(unsigned int fd)")
sc("flock", [arg("fd", I), arg("operation", I, "__sc_flock_op")], note="long flock(unsigned int fd, unsigned int cmd)")
sc("getrandom", [arg("buf_uaddr", P), arg("count", L, "%u"), arg("flags", U, "__sc_getrandom_flags")], note="long getrandom(char *buf, size_t count, unsigned int flags)")
sc("eventfd2", [arg("count", U), arg("flags", I, "__sc_eventfd_flags")], note="long eventfd2(unsigned int count, int flags)")
sc("inotify_add_watch", [arg("fd", I), arg("path", STR), arg("mask", U, "%#x")], note="long inotify_add_watch(int fd, const char *pathname, u32 mask)")
sc("sendfile", [arg("out_fd", I), arg("in_fd", I), arg("offset_uaddr", P), arg("count", L, "%u")], note="long sendfile64(int out_fd, int in_fd, loff_t *offset, size_t count)", wrapper="__x64_sys_sendfile64")
sc("sendmmsg", [arg("s", I), arg("mmsg_uaddr", P), arg("vlen", U), arg("flags", U, "__sc_msg_flags")], note="long sendmmsg(int fd, struct mmsghdr *mmsg, unsigned int vlen, unsigned int flags)")
sc("recvmmsg", [arg("s", I), arg("mmsg_uaddr", P), arg("vlen", U), arg("flags", U, "__sc_msg_flags"), arg("timeout_uaddr", P)], note="long recvmmsg(int fd, struct mmsghdr *mmsg, unsigned int vlen, unsigned int flags, struct __kernel_timespec *timeout)")
sc("faccessat", [arg("dirfd", DFD), arg("pathname", STR), arg("mode", I, "__sc_access_mode")], note="long faccessat(int dfd, const char *filename, int mode)")
sc("setuid", [arg("uid", I)], note="long setuid(uid_t uid)")
sc("setgid", [arg("gid", I)], note="long setgid(gid_t gid)")

sc("setpgid", [arg("pid", I), arg("pgid", I)], note="long setpgid(pid_t pid, pid_t pgid)")
sc("getpgid", [arg("pid", I)], note="long getpgid(pid_t pid)")
sc("getsid", [arg("pid", I)], note="long getsid(pid_t pid)")
sc("getrlimit", [arg("resource", I, "__sc_rlimit_resource"), arg("rlim_uaddr", P)], note="long getrlimit(unsigned int resource, struct rlimit *rlim)")
sc("prlimit64", [arg("pid", I), arg("resource", I, "__sc_rlimit_resource"), arg("new_rlim_uaddr", P), arg("old_rlim_uaddr", P)], note="long prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 *new_rlim, struct rlimit64 *old_rlim)")
sc("sysinfo", [arg("info_uaddr", P)], note="long sysinfo(struct sysinfo *info)")
sc("mremap", [arg("old_address", P), arg("old_size", L, "%u"), arg("new_size", L, "%u"), arg("flags", I, "%#x"), arg("new_address", P)], note="long mremap(unsigned long addr, unsigned long old_len, unsigned long new_len, unsigned long flags, unsigned long new_addr)")
sc("msync", [arg("start", P), arg("length", L, "%u"), arg("flags", I, "%#x")], note="long msync(unsigned long start, size_t len, int flags)")
sc("mlock", [arg("addr", P), arg("len", L, "%u")], note="long mlock(unsigned long start, size_t len)")
sc("munlock", [arg("addr", P), arg("len", L, "%u")], note="long munlock(unsigned long start, size_t len)")
sc("set_tid_address", [arg("tidptr_uaddr", P)], note="long set_tid_address(int *tidptr)")
sc("set_robust_list", [arg("list_head_uaddr", P), arg("len", L, "%u")], note="long set_robust_list(struct robust_list_head *head, size_t len)")
sc("arch_prctl", [arg("code", I, "%#x"), arg("addr", P)], note="long arch_prctl(int option, unsigned long arg2)")
sc("rseq", [arg("rseq_uaddr", P), arg("rseq_len", U), arg("flags", I), arg("sig", U, "%#x")], note="long rseq(struct rseq *rseq, u32 rseq_len, int flags, u32 sig)")
sc("pselect6", [arg("n", I), arg("readfds_uaddr", P), arg("writefds_uaddr", P), arg("exceptfds_uaddr", P), arg("timeout_uaddr", P), arg("sigmask_uaddr", P)], note="long pselect6(int n, fd_set *inp, fd_set *outp, fd_set *exp, struct __kernel_timespec *tsp, void *sig)")
sc("ppoll", [arg("fds_uaddr", P), arg("nfds", U), arg("tsp_uaddr", P), arg("sigmask_uaddr", P), arg("sigsetsize", U)], note="long ppoll(struct pollfd *ufds, unsigned int nfds, struct __kernel_timespec *tsp, const sigset_t *sigmask, size_t sigsetsize)")
sc("waitid", [arg("which", I), arg("pid", I), arg("infop_uaddr", P), arg("options", I, "__sc_wait_options"), arg("rusage_uaddr", P)], note="long waitid(int which, pid_t upid, struct siginfo *infop, int options, struct rusage *ru)")

sc("sched_getaffinity", [arg("pid", I), arg("len", U), arg("mask_uaddr", P)], note="long sched_getaffinity(pid_t pid, unsigned int len, unsigned long *user_mask_ptr)")
sc("sched_setaffinity", [arg("pid", I), arg("len", U), arg("mask_uaddr", P)], note="long sched_setaffinity(pid_t pid, unsigned int len, unsigned long *user_mask_ptr)")

ZERO_ARG = []  # zero-argument syscalls BTF does not describe are left out

UNNAMED = {"eventfd2", "futex", "inotify_add_watch", "mlock", "mremap", "munlock", "rseq", "set_robust_list"}
CUR = [None]
def kind_expr(kind, reg):
    r = ("@cast(__regs, \"struct pt_regs\")->" if CUR[0] in UNNAMED else "$regs->") + reg
    return {I: f"__sc_int({r})", U: f"{r} & 0xffffffff", L: r, P: r, DFD: f"__sc_int({r})", MODE: f"{r} & 0xffffffff"}[kind]

out_dir = sys.argv[1]
for name, d in S.items():
    lines = [f"// jstap tapset: syscall.{name}" + (" and syscall." + name + ".return." if d["ret"] else " (no .return)."),
             f"// kprobe on the x86-64 wrapper {d['wrapper']}(const struct pt_regs *regs) of",
             f"// {d['note']}; arguments in di si dx r10 r8 r9."]
    lines.append(f"probe syscall.{name} = kernel.function(\"{d['wrapper']}\")")
    lines.append("{")
    lines.append(f"    name = \"{name}\"")
    CUR[0] = name
    if name in UNNAMED:
        lines[1:3] = [f"// kprobe on the x86-64 wrapper {d['wrapper']}(const struct pt_regs *) of",
                      f"// {d['note']}.",
                      "// BTF leaves the wrapper's parameter unnamed, so the pt_regs pointer is read from di, which passes it."]
        lines.append("    __regs = register(\"di\")")
    fmts, vals = [], []
    for i, (an, kind, dec) in enumerate(d["args"]):
        reg = REGS[i]
        if kind == STR:
            lines.append(f"    {an}_uaddr = {kind_expr(P, reg)}")
            lines.append(f"    {an} = user_string_quoted({an}_uaddr)")
            fmts.append("%s"); vals.append(an)
            continue
        lines.append(f"    {an} = {kind_expr(kind, reg)}")
        if kind == DFD:
            lines.append(f"    {an}_str = __sc_dfd({an})")
            fmts.append("%s"); vals.append(an + "_str")
        elif kind == MODE:
            fmts.append("%#o"); vals.append(an)
        elif dec and dec.startswith("%"):
            fmts.append(dec); vals.append(an)
        elif dec:
            lines.append(f"    {an}_str = {dec}({an})")
            fmts.append("%s"); vals.append(an + "_str")
        elif kind == P:
            fmts.append("%p"); vals.append(an)
        elif kind == U:
            fmts.append("%u"); vals.append(an)
        else:
            fmts.append("%d"); vals.append(an)
    if vals:
        lines.append(f"    argstr = sprintf(\"{', '.join(fmts)}\", {', '.join(vals)})")
    else:
        lines.append("    argstr = \"\"")
    lines.append("}")
    if d["ret"]:
        lines += ["", f"probe syscall.{name}.return = kernel.function(\"{d['wrapper']}\").return", "{",
                  f"    name = \"{name}\"", "    retval = $return", "    retstr = __sc_retstr(retval)", "}"]
    open(os.path.join(out_dir, name + ".stp"), "w").write("\n".join(lines) + "\n")
print("\n".join("syscall/" + n + ".stp" for n in S))

ZERO = ["getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "sched_yield", "sync", "setsid", "vfork", "getpgrp", "pause"]
for name in ZERO:
    if name in S: continue
    lines = [f"// jstap tapset: syscall.{name} and syscall.{name}.return.",
             f"// kprobe.function on the x86-64 wrapper __x64_sys_{name}: it takes no arguments and BTF describes only",
             f"// __do_sys_{name}, so the raw kprobe by symbol; the return value is read from the ax register.",
             f"probe syscall.{name} = kprobe.function(\"__x64_sys_{name}\")", "{", f"    name = \"{name}\"", "    argstr = \"\"", "}", "",
             f"probe syscall.{name}.return = kprobe.function(\"__x64_sys_{name}\").return", "{", f"    name = \"{name}\"",
             "    retval = register(\"ax\")", "    retstr = __sc_retstr(retval)", "}"]
    open(os.path.join(out_dir, name + ".stp"), "w").write("\n".join(lines) + "\n")
    print("syscall/" + name + ".stp")
