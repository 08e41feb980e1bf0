# Writes the table-driven syscall/*.stp tapset files (one per syscall: name, argstr from the argument kinds and
# decoders of syscall/flags.stp and syscall/decode.stp, retstr) into the directory given, and prints their INDEX
# lines. Usage: python3 syscalls.py ../src/main/resources/tapset/syscall, then syscall-tracepoints.py on the same
# directory (the bpf forms); then regenerate tapset/DECLS (TapsetDeclsTest -Dtapset.decls.update=true).
# Hand-written syscall files (read.stp, open.stp, ...) are not in it. GeneratedTapsetTest runs both into a temporary
# directory and fails when a generated file differs (a hand edit, or a generator changed without regenerating).
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
sc("dup3", [arg("oldfd", I), arg("newfd", I), arg("flags", I, "_sys_open_flag_str")], note="long dup3(unsigned int oldfd, unsigned int newfd, int flags)")
sc("pipe2", [arg("fildes_uaddr", P), arg("flags", I, "_sys_open_flag_str")], note="long pipe2(int *fildes, int flags)")
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
# The rest of the x86-64 table the installed kernel has (issue 12 item 3): argument names, order and kinds from
# stap 4.8's own locals for each syscall (stap -L 'tp_syscall.NAME'), checked against the prototypes of
# include/linux/syscalls.h; argstr is the generic rendering (%s strings, %p pointers, %d numbers).
sc("acct", [arg("filename", STR)], note="long acct(const char __user *name)")
sc("add_key", [arg("type_uaddr", P), arg("description_uaddr", P), arg("payload_uaddr", P), arg("plen", L), arg("ringid", I)], note="long add_key(const char __user *_type, const char __user *_description, const void __user *_payload, size_t plen, key_serial_t destringid)")
sc("adjtimex", [arg("buf_uaddr", P)], note="long adjtimex(struct __kernel_timex __user *txc_p)")
sc("alarm", [arg("seconds", U)], note="long alarm(unsigned int seconds)")
sc("bpf", [arg("cmd", I), arg("attr_uaddr", P), arg("size", U)], note="long bpf(int cmd, union bpf_attr *attr, unsigned int size)")
sc("capget", [arg("header_uaddr", P), arg("data_uaddr", P)], note="long capget(cap_user_header_t header, cap_user_data_t dataptr)")
sc("capset", [arg("header_uaddr", P), arg("data_uaddr", P)], note="long capset(cap_user_header_t header, const cap_user_data_t data)")
sc("chown16", [arg("path", STR), arg("owner", I), arg("group", I)], note="long chown16(const char __user *filename, old_uid_t user, old_gid_t group)")
sc("clock_adjtime", [arg("clk_id", I, "__sc_clockid"), arg("tx_uaddr", P)], note="long clock_adjtime(clockid_t which_clock, struct __kernel_timex __user *tx)")
sc("clock_settime", [arg("clk_id", I, "__sc_clockid"), arg("tp_uaddr", P)], note="long clock_settime(clockid_t which_clock, const struct __kernel_timespec __user *tp)")
sc("copy_file_range", [arg("fd_in", I), arg("off_in", P), arg("fd_out", I), arg("off_out", P), arg("len", L), arg("flags", U)], note="long copy_file_range(int fd_in, loff_t __user *off_in, int fd_out, loff_t __user *off_out, size_t len, unsigned int flags)")
sc("delete_module", [arg("name_user", STR), arg("flags", U)], note="long delete_module(const char __user *name_user, unsigned int flags)")
sc("faccessat2", [arg("dirfd", DFD), arg("pathname", STR), arg("mode", I), arg("flags", I)], note="long faccessat2(int dfd, const char __user *filename, int mode, int flags)")
sc("fadvise64", [arg("fd", I), arg("offset", L), arg("len", L), arg("advice", I)], note="long fadvise64(int fd, loff_t offset, size_t len, int advice)")
sc("fadvise64_64", [arg("fd", I), arg("offset", L), arg("len", L), arg("advice", I)], note="long fadvise64_64(int fd, loff_t offset, loff_t len, int advice)")
sc("fallocate", [arg("fd", I), arg("mode", I), arg("offset", L), arg("len", L)], note="long fallocate(int fd, int mode, loff_t offset, loff_t len)")
sc("fanotify_init", [arg("flags", U), arg("event_f_flags", U)], note="long fanotify_init(unsigned int flags, unsigned int event_f_flags)")
sc("fchown16", [arg("fd", U), arg("owner", I), arg("group", I)], note="long fchown16(unsigned int fd, old_uid_t user, old_gid_t group)")
sc("fgetxattr", [arg("filedes", I), arg("name_str", STR), arg("value_uaddr", P), arg("size", L)], note="long fgetxattr(int fd, const char __user *name, void __user *value, size_t size)")
sc("finit_module", [arg("fd", I), arg("uargs", STR), arg("flags", I)], note="long finit_module(int fd, const char __user *uargs, int flags)")
sc("flistxattr", [arg("filedes", I), arg("list_uaddr", P), arg("size", L)], note="long flistxattr(int fd, char __user *list, size_t size)")
sc("fremovexattr", [arg("filedes", I), arg("name_uaddr", P)], note="long fremovexattr(int fd, const char __user *name)")
sc("fsetxattr", [arg("filedes", I), arg("name_uaddr", P), arg("value_uaddr", P), arg("size", L), arg("flags", I)], note="long fsetxattr(int fd, const char __user *name, const void __user *value, size_t size, int flags)")
sc("fstatfs", [arg("fd", U), arg("buf_uaddr", P)], note="long fstatfs(unsigned int fd, struct statfs __user *buf)")
sc("fstatfs64", [arg("fd", U), arg("sz", L), arg("buf_uaddr", P)], note="long fstatfs64(unsigned int fd, size_t sz, struct statfs64 __user *buf)")
sc("futimesat", [arg("dirfd", DFD), arg("filename", STR), arg("tvp_uaddr", P)], note="long futimesat(int dfd, const char __user *filename, struct __kernel_old_timeval __user *utimes)")
sc("get_mempolicy", [arg("policy_uaddr", P), arg("nmask_uaddr", P), arg("maxnode", L), arg("addr", L), arg("flags", L)], note="long get_mempolicy(int __user *policy, unsigned long __user *nmask, unsigned long maxnode, unsigned long addr, unsigned long flags)")
sc("get_robust_list", [arg("pid", I), arg("list_head_uaddr", P), arg("len_uaddr", P)], note="long get_robust_list(int pid, struct robust_list_head __user * __user *head_ptr, size_t __user *len_ptr)")
sc("getcpu", [arg("cpu_uaddr", P), arg("node_uaddr", P), arg("tcache_uaddr", P)], note="long getcpu(unsigned __user *cpu, unsigned __user *node, struct getcpu_cache __user *cache)")
sc("getdents", [arg("fd", U), arg("dirp_uaddr", P), arg("count", U)], note="long getdents(unsigned int fd, struct linux_dirent __user *dirent, unsigned int count)")
sc("getgroups", [arg("size", I), arg("list_uaddr", P)], note="long getgroups(int gidsetsize, gid_t __user *grouplist)")
sc("getitimer", [arg("which", I), arg("value_uaddr", P)], note="long getitimer(int which, struct __kernel_old_itimerval __user *value)")
sc("getpriority", [arg("which", I), arg("who", I)], note="long getpriority(int which, int who)")
sc("getresgid", [arg("rgid_uaddr", P), arg("egid_uaddr", P), arg("sgid_uaddr", P)], note="long getresgid(gid_t __user *rgid, gid_t __user *egid, gid_t __user *sgid)")
sc("getresuid", [arg("ruid_uaddr", P), arg("euid_uaddr", P), arg("suid_uaddr", P)], note="long getresuid(uid_t __user *ruid, uid_t __user *euid, uid_t __user *suid)")
sc("getrusage", [arg("who", I), arg("usage_uaddr", P)], note="long getrusage(int who, struct rusage __user *ru)")
sc("getxattr", [arg("path", STR), arg("name_str", STR), arg("value_uaddr", P), arg("size", L)], note="long getxattr(const char __user *path, const char __user *name, void __user *value, size_t size)")
sc("init_module", [arg("umod_uaddr", P), arg("len", L), arg("uargs", STR)], note="long init_module(void __user *umod, unsigned long len, const char __user *uargs)")
sc("inotify_rm_watch", [arg("fd", I), arg("wd", L)], note="long inotify_rm_watch(int fd, __s32 wd)")
sc("io_cancel", [arg("ctx_id", L), arg("iocb_uaddr", P), arg("result_uaddr", P)], note="long io_cancel(aio_context_t ctx_id, struct iocb __user *iocb, struct io_event __user *result)")
sc("io_destroy", [arg("ctx", L)], note="long io_destroy(aio_context_t ctx)")
sc("io_setup", [arg("maxevents", U), arg("ctxp_uaddr", P)], note="long io_setup(unsigned nr_reqs, aio_context_t __user *ctx)")
sc("io_submit", [arg("ctx_id", L), arg("nr", L), arg("iocbpp_uaddr", P)], note="long io_submit(aio_context_t, long, struct iocb __user * __user *)")
sc("ioperm", [arg("from", L), arg("num", L), arg("turn_on", I)], note="long ioperm(unsigned long from, unsigned long num, int on)")
sc("ioprio_get", [arg("which", I), arg("who", I)], note="long ioprio_get(int which, int who)")
sc("ioprio_set", [arg("which", I), arg("who", I), arg("ioprio", I)], note="long ioprio_set(int which, int who, int ioprio)")
sc("kcmp", [arg("pid1", I), arg("pid2", I), arg("type", I), arg("idx1", L), arg("idx2", L)], note="long kcmp(pid_t pid1, pid_t pid2, int type, unsigned long idx1, unsigned long idx2)")
sc("kexec_file_load", [arg("kernel_fd", I), arg("initrd_fd", I), arg("cmdline_len", L), arg("cmdline", STR), arg("flags", L)], note="long kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len, const char __user *cmdline_ptr, unsigned long flags)")
sc("kexec_load", [arg("entry", L), arg("nr_segments", L), arg("segments_uaddr", P), arg("flags", L)], note="long kexec_load(unsigned long entry, unsigned long nr_segments, struct kexec_segment __user *segments, unsigned long flags)")
sc("keyctl", [arg("option", I), arg("arg2", L), arg("arg3", L), arg("arg4", L), arg("arg5", L)], note="long keyctl(int cmd, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)")
sc("lchown16", [arg("path", STR), arg("owner", I), arg("group", I)], note="long lchown16(const char __user *filename, old_uid_t user, old_gid_t group)")
sc("lgetxattr", [arg("path", STR), arg("name_str", STR), arg("value_uaddr", P), arg("size", L)], note="long lgetxattr(const char __user *path, const char __user *name, void __user *value, size_t size)")
sc("listxattr", [arg("path", STR), arg("list_uaddr", P), arg("size", L)], note="long listxattr(const char __user *path, char __user *list, size_t size)")
sc("llistxattr", [arg("path", STR), arg("list_uaddr", P), arg("size", L)], note="long llistxattr(const char __user *path, char __user *list, size_t size)")
sc("llseek", [arg("fd", U), arg("offset_high", L), arg("offset_low", L), arg("result_uaddr", P), arg("whence", U, "__sc_whence")], note="long llseek(unsigned int fd, unsigned long offset_high, unsigned long offset_low, loff_t __user *result, unsigned int whence)")
sc("lookup_dcookie", [arg("cookie", L), arg("buffer_uaddr", P), arg("len", L)], note="long lookup_dcookie(u64 cookie64, char __user *buf, size_t len)")
sc("lremovexattr", [arg("path", STR), arg("name_uaddr", P)], note="long lremovexattr(const char __user *path, const char __user *name)")
sc("lsetxattr", [arg("path", STR), arg("name_uaddr", P), arg("value_uaddr", P), arg("size", L), arg("flags", I)], note="long lsetxattr(const char __user *path, const char __user *name, const void __user *value, size_t size, int flags)")
sc("mbind", [arg("start", L), arg("len", L), arg("mode", L), arg("nmask_uaddr", P), arg("maxnode", L), arg("flags", U)], note="long mbind(unsigned long start, unsigned long len, unsigned long mode, const unsigned long __user *nmask, unsigned long maxnode, unsigned flags)")
sc("memfd_create", [arg("uname", STR), arg("flags", U)], note="long memfd_create(const char __user *uname_ptr, unsigned int flags)")
sc("memfd_secret", [arg("flags", U)], note="long memfd_secret(unsigned int flags)")
sc("migrate_pages", [arg("pid", I), arg("maxnode", L), arg("old_nodes", P), arg("new_nodes", P)], note="long migrate_pages(pid_t pid, unsigned long maxnode, const unsigned long __user *from, const unsigned long __user *to)")
sc("mincore", [arg("start", L), arg("length", L), arg("vec_uaddr", P)], note="long mincore(unsigned long start, size_t len, unsigned char __user * vec)")
sc("mknod", [arg("pathname", STR), arg("mode", MODE), arg("dev", U)], note="long mknod(const char __user *filename, umode_t mode, unsigned dev)")
sc("mknodat", [arg("dirfd", DFD), arg("pathname", STR), arg("mode", MODE), arg("dev", U)], note="long mknodat(int dfd, const char __user * filename, umode_t mode, unsigned dev)")
sc("mlock2", [arg("addr", L), arg("len", L), arg("flags", I)], note="long mlock2(unsigned long start, size_t len, int flags)")
sc("mlockall", [arg("flags", I)], note="long mlockall(int flags)")
sc("mount", [arg("source", STR), arg("target", STR), arg("filesystemtype", STR), arg("mountflags", L), arg("data", STR)], note="long mount(char __user *dev_name, char __user *dir_name, char __user *type, unsigned long flags, void __user *data)")
sc("move_pages", [arg("pid", I), arg("nr_pages", L), arg("pages", P), arg("nodes", P), arg("status", P), arg("flags", I)], note="long move_pages(pid_t pid, unsigned long nr_pages, const void __user * __user *pages, const int __user *nodes, int __user *status, int flags)")
sc("mq_getsetattr", [arg("mqdes", I), arg("u_mqstat_uaddr", P), arg("u_omqstat_uaddr", P)], note="long mq_getsetattr(mqd_t mqdes, const struct mq_attr __user *mqstat, struct mq_attr __user *omqstat)")
sc("mq_notify", [arg("mqdes", I), arg("notification_uaddr", P)], note="long mq_notify(mqd_t mqdes, const struct sigevent __user *notification)")
sc("mq_timedreceive", [arg("msg_len", I), arg("mqdes", P), arg("msg_ptr_uaddr", P), arg("msg_prio_uaddr", P), arg("abs_timeout_uaddr", P)], note="long mq_timedreceive(mqd_t mqdes, char __user *msg_ptr, size_t msg_len, unsigned int __user *msg_prio, const struct __kernel_timespec __user *abs_timeout)")
sc("mq_timedsend", [arg("msg_len", I), arg("mqdes", P), arg("msg_ptr_uaddr", P), arg("msg_prio", U), arg("abs_timeout_uaddr", P)], note="long mq_timedsend(mqd_t mqdes, const char __user *msg_ptr, size_t msg_len, unsigned int msg_prio, const struct __kernel_timespec __user *abs_timeout)")
sc("mq_unlink", [arg("u_name", STR)], note="long mq_unlink(const char __user *name)")
sc("msgctl", [arg("msqid", I), arg("cmd", I), arg("buf_uaddr", P)], note="long msgctl(int msqid, int cmd, struct msqid_ds __user *buf)")
sc("msgget", [arg("key", I), arg("msgflg", I)], note="long msgget(key_t key, int msgflg)")
sc("msgrcv", [arg("msqid", I), arg("msgp_uaddr", P), arg("msgsz", L), arg("msgtyp", L), arg("msgflg", I)], note="long msgrcv(int msqid, struct msgbuf __user *msgp, size_t msgsz, long msgtyp, int msgflg)")
sc("msgsnd", [arg("msqid", I), arg("msgp_uaddr", P), arg("msgsz", L), arg("msgflg", I)], note="long msgsnd(int msqid, struct msgbuf __user *msgp, size_t msgsz, int msgflg)")
sc("munlockall", [], note="long munlockall()")
sc("name_to_handle_at", [arg("dfd", DFD), arg("pathname", STR), arg("handle_uaddr", P), arg("mnt_id_uaddr", P), arg("flags", I)], note="long name_to_handle_at(int dfd, const char __user *name, struct file_handle __user *handle, int __user *mnt_id, int flag)")
sc("nice", [arg("inc", I)], note="long nice(int increment)")
sc("open_by_handle_at", [arg("mount_dfd", I), arg("handle_uaddr", P), arg("flags", I)], note="long open_by_handle_at(int mountdirfd, struct file_handle __user *handle, int flags)")
sc("perf_event_open", [arg("attr_uaddr", P), arg("pid", I), arg("cpu", I), arg("group_fd", I), arg("flags", L)], note="long perf_event_open(struct perf_event_attr __user *attr_uptr, pid_t pid, int cpu, int group_fd, unsigned long flags)")
sc("personality", [arg("persona", U)], note="long personality(unsigned int personality)")
sc("pivot_root", [arg("new_root_str", STR), arg("old_root_str", STR)], note="long pivot_root(const char __user *new_root, const char __user *put_old)")
sc("pkey_alloc", [arg("flags", L), arg("init_val", L)], note="long pkey_alloc(unsigned long flags, unsigned long init_val)")
sc("pkey_free", [arg("pkey", I)], note="long pkey_free(int pkey)")
sc("pkey_mprotect", [arg("addr", L), arg("len", L), arg("prot", L, "__sc_prot"), arg("pkey", I)], note="long pkey_mprotect(unsigned long start, size_t len, unsigned long prot, int pkey)")
sc("process_vm_readv", [arg("pid", I), arg("local_iov_uaddr", P), arg("liovcnt", L), arg("remote_iov_uaddr", P), arg("riovcnt", L), arg("flags", L)], note="long process_vm_readv(pid_t pid, const struct iovec __user *lvec, unsigned long liovcnt, const struct iovec __user *rvec, unsigned long riovcnt, unsigned long flags)")
sc("process_vm_writev", [arg("pid", I), arg("local_iov_uaddr", P), arg("liovcnt", L), arg("remote_iov_uaddr", P), arg("riovcnt", L), arg("flags", L)], note="long process_vm_writev(pid_t pid, const struct iovec __user *lvec, unsigned long liovcnt, const struct iovec __user *rvec, unsigned long riovcnt, unsigned long flags)")
sc("ptrace", [arg("request", L), arg("pid", L), arg("addr", L), arg("data", L)], note="long ptrace(long request, long pid, unsigned long addr, unsigned long data)")
sc("quotactl", [arg("cmd", U), arg("special", P), arg("id", I), arg("addr_uaddr", P)], note="long quotactl(unsigned int cmd, const char __user *special, qid_t id, void __user *addr)")
sc("readahead", [arg("fd", I), arg("offset", L), arg("count", L)], note="long readahead(int fd, loff_t offset, size_t count)")
sc("reboot", [arg("magic", I), arg("magic2", I), arg("flag", U), arg("arg_uaddr", P)], note="long reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)")
sc("recv", [arg("s", I), arg("buf_uaddr", P), arg("len", L), arg("flags", U)], note="long recv(int, void __user *, size_t, unsigned)")
sc("remap_file_pages", [arg("start", L), arg("size", L), arg("prot", L, "__sc_prot"), arg("pgoff", L), arg("flags", L)], note="long remap_file_pages(unsigned long start, unsigned long size, unsigned long prot, unsigned long pgoff, unsigned long flags)")
sc("removexattr", [arg("path", STR), arg("name_str", STR)], note="long removexattr(const char __user *path, const char __user *name)")
sc("request_key", [arg("type_uaddr", P), arg("description_uaddr", P), arg("callout_info_uaddr", P), arg("destringid", I)], note="long request_key(const char __user *_type, const char __user *_description, const char __user *_callout_info, key_serial_t destringid)")
sc("rt_sigpending", [arg("set_uaddr", P), arg("sigsetsize", L)], note="long rt_sigpending(sigset_t __user *set, size_t sigsetsize)")
sc("rt_sigsuspend", [arg("set_uaddr", P), arg("sigsetsize", L)], note="long rt_sigsuspend(sigset_t __user *unewset, size_t sigsetsize)")
sc("rt_sigtimedwait", [arg("sigsetsize", P), arg("uthese_uaddr", P), arg("uinfo_uaddr", P), arg("uts_uaddr", P)], note="long rt_sigtimedwait(const sigset_t __user *uthese, siginfo_t __user *uinfo, const struct __kernel_timespec __user *uts, size_t sigsetsize)")
sc("rt_tgsigqueueinfo", [arg("tgid", I), arg("tid", I), arg("sig", I, "__sc_signame"), arg("uinfo_uaddr", P)], note="long rt_tgsigqueueinfo(pid_t tgid, pid_t pid, int sig, siginfo_t __user *uinfo)")
sc("sched_get_priority_max", [arg("policy", I)], note="long sched_get_priority_max(int policy)")
sc("sched_get_priority_min", [arg("policy", I)], note="long sched_get_priority_min(int policy)")
sc("sched_getattr", [arg("pid", I), arg("sched_attr_uaddr", P), arg("size", U), arg("flags", U)], note="long sched_getattr(pid_t pid, struct sched_attr __user *attr, unsigned int size, unsigned int flags)")
sc("sched_getparam", [arg("pid", I), arg("p_uaddr", P)], note="long sched_getparam(pid_t pid, struct sched_param __user *param)")
sc("sched_getscheduler", [arg("pid", I)], note="long sched_getscheduler(pid_t pid)")
sc("sched_rr_get_interval", [arg("pid", I), arg("tp_uaddr", P)], note="long sched_rr_get_interval(pid_t pid, struct __kernel_timespec __user *interval)")
sc("sched_setattr", [arg("pid", I), arg("sched_attr_uaddr", P), arg("flags", U)], note="long sched_setattr(pid_t pid, struct sched_attr __user *attr, unsigned int flags)")
sc("sched_setparam", [arg("pid", I), arg("p_uaddr", P)], note="long sched_setparam(pid_t pid, struct sched_param __user *param)")
sc("sched_setscheduler", [arg("pid", I), arg("policy", I), arg("p_uaddr", P)], note="long sched_setscheduler(pid_t pid, int policy, struct sched_param __user *param)")
sc("seccomp", [arg("op", U), arg("flags", U), arg("uargs_uaddr", P)], note="long seccomp(unsigned int op, unsigned int flags, void __user *uargs)")
sc("semget", [arg("key", I), arg("nsems", I), arg("semflg", I)], note="long semget(key_t key, int nsems, int semflg)")
sc("semop", [arg("semid", I), arg("sops_uaddr", P), arg("nsops", U)], note="long semop(int semid, struct sembuf __user *sops, unsigned nsops)")
sc("semtimedop", [arg("semid", I), arg("sops_uaddr", P), arg("nsops", U), arg("timeout_uaddr", P)], note="long semtimedop(int semid, struct sembuf __user *sops, unsigned nsops, const struct __kernel_timespec __user *timeout)")
sc("send", [arg("s", I), arg("len", P), arg("flags", L), arg("buf", STR)], note="long send(int, void __user *, size_t, unsigned)")
sc("set_mempolicy", [arg("mode", I), arg("nmask_uaddr", P), arg("maxnode", L)], note="long set_mempolicy(int mode, const unsigned long __user *nmask, unsigned long maxnode)")
sc("setdomainname", [arg("domainname_uaddr", P), arg("len", I)], note="long setdomainname(char __user *name, int len)")
sc("setfsgid", [arg("fsgid", I)], note="long setfsgid(gid_t gid)")
sc("setfsuid", [arg("fsuid", I)], note="long setfsuid(uid_t uid)")
sc("setgroups", [arg("size", I), arg("list_uaddr", P)], note="long setgroups(int gidsetsize, gid_t __user *grouplist)")
sc("setitimer", [arg("which", I), arg("value_uaddr", P), arg("ovalue_uaddr", P)], note="long setitimer(int which, struct __kernel_old_itimerval __user *value, struct __kernel_old_itimerval __user *ovalue)")
sc("setns", [arg("fd", I), arg("nstype", I)], note="long setns(int fd, int nstype)")
sc("setpriority", [arg("which", I), arg("who", I), arg("prio", I)], note="long setpriority(int which, int who, int niceval)")
sc("setregid", [arg("rgid", I), arg("egid", I)], note="long setregid(gid_t rgid, gid_t egid)")
sc("setregid16", [arg("rgid", I), arg("egid", I)], note="long setregid16(old_gid_t rgid, old_gid_t egid)")
sc("setresgid", [arg("rgid", I), arg("egid", I), arg("sgid", I)], note="long setresgid(gid_t rgid, gid_t egid, gid_t sgid)")
sc("setresgid16", [arg("rgid", I), arg("egid", I), arg("sgid", I)], note="long setresgid16(old_gid_t rgid, old_gid_t egid, old_gid_t sgid)")
sc("setresuid", [arg("ruid", I), arg("euid", I), arg("suid", I)], note="long setresuid(uid_t ruid, uid_t euid, uid_t suid)")
sc("setresuid16", [arg("ruid", I), arg("euid", I), arg("suid", I)], note="long setresuid16(old_uid_t ruid, old_uid_t euid, old_uid_t suid)")
sc("setreuid", [arg("ruid", I), arg("euid", I)], note="long setreuid(uid_t ruid, uid_t euid)")
sc("setreuid16", [arg("ruid", I), arg("euid", I)], note="long setreuid16(old_uid_t ruid, old_uid_t euid)")
sc("setrlimit", [arg("resource", U, "__sc_rlimit_resource"), arg("rlim_uaddr", P)], note="long setrlimit(unsigned int resource, struct rlimit __user *rlim)")
sc("settimeofday", [arg("tv_uaddr", P), arg("tz_uaddr", P)], note="long settimeofday(struct __kernel_old_timeval __user *tv, struct timezone __user *tz)")
sc("setxattr", [arg("path", STR), arg("name_uaddr", P), arg("value_uaddr", P), arg("size", L), arg("flags", I)], note="long setxattr(const char __user *path, const char __user *name, const void __user *value, size_t size, int flags)")
sc("sgetmask", [], note="long sgetmask()")
sc("shmat", [arg("shmid", I), arg("shmaddr_uaddr", P), arg("shmflg", I)], note="long shmat(int shmid, char __user *shmaddr, int shmflg)")
sc("shmctl", [arg("shmid", I), arg("cmd", I), arg("buf_uaddr", P)], note="long shmctl(int shmid, int cmd, struct shmid_ds __user *buf)")
sc("shmdt", [arg("shmaddr_uaddr", P)], note="long shmdt(char __user *shmaddr)")
sc("shmget", [arg("key", I), arg("size", L), arg("shmflg", I)], note="long shmget(key_t key, size_t size, int flag)")
sc("sigaltstack", [arg("uss_uaddr", P), arg("uoss_uaddr", P)], note="long sigaltstack(const struct sigaltstack __user *uss, struct sigaltstack __user *uoss)")
sc("signal", [arg("sig", I, "__sc_signame"), arg("handler", L)], note="long signal(int sig, __sighandler_t handler)")
sc("sigpending", [arg("set", P)], note="long sigpending(old_sigset_t __user *uset)")
sc("sigprocmask", [arg("how", I, "__sc_sigprocmask_how"), arg("set_uaddr", P), arg("oldset_uaddr", P)], note="long sigprocmask(int how, old_sigset_t __user *set, old_sigset_t __user *oset)")
sc("sigsuspend", [arg("mask", L)], note="long sigsuspend(old_sigset_t mask)")
sc("splice", [arg("fd_in", I), arg("off_in", P), arg("fd_out", I), arg("off_out", P), arg("len", L), arg("flags", U)], note="long splice(int fd_in, loff_t __user *off_in, int fd_out, loff_t __user *off_out, size_t len, unsigned int flags)")
sc("ssetmask", [arg("newmask", I)], note="long ssetmask(int newmask)")
sc("statfs", [arg("path", STR), arg("buf_uaddr", P)], note="long statfs(const char __user * path, struct statfs __user *buf)")
sc("statfs64", [arg("path", STR), arg("sz", L), arg("buf_uaddr", P)], note="long statfs64(const char __user *path, size_t sz, struct statfs64 __user *buf)")
sc("stime", [arg("t_uaddr", P)], note="long stime(__kernel_old_time_t __user *tptr)")
sc("swapoff", [arg("path", STR)], note="long swapoff(const char __user *specialfile)")
sc("swapon", [arg("path", STR), arg("swapflags", I)], note="long swapon(const char __user *specialfile, int swap_flags)")
sc("sync_file_range", [arg("fd", I), arg("offset", L), arg("nbytes", L), arg("flags", U)], note="long sync_file_range(int fd, loff_t offset, loff_t nbytes, unsigned int flags)")
sc("syncfs", [arg("fd", I)], note="long syncfs(int fd)")
sc("sysfs", [arg("option", I), arg("arg1", L), arg("arg2", L)], note="long sysfs(int option, unsigned long arg1, unsigned long arg2)")
sc("syslog", [arg("type", I), arg("bufp_uaddr", P), arg("len", I)], note="long syslog(int type, char __user *buf, int len)")
sc("tee", [arg("fdin", I), arg("fdout", I), arg("len", L), arg("flags", U)], note="long tee(int fdin, int fdout, size_t len, unsigned int flags)")
sc("time", [arg("t_uaddr", P)], note="long time(__kernel_old_time_t __user *tloc)")
sc("timer_create", [arg("clockid", I, "__sc_clockid"), arg("evp_uaddr", P), arg("timerid_uaddr", P)], note="long timer_create(clockid_t which_clock, struct sigevent __user *timer_event_spec, timer_t __user * created_timer_id)")
sc("timer_delete", [arg("timerid", I)], note="long timer_delete(timer_t timer_id)")
sc("timer_getoverrun", [arg("timerid", I)], note="long timer_getoverrun(timer_t timer_id)")
sc("timer_gettime", [arg("timerid", I), arg("value_uaddr", P)], note="long timer_gettime(timer_t timer_id, struct __kernel_itimerspec __user *setting)")
sc("timer_settime", [arg("timerid", I), arg("flags", I), arg("value_uaddr", P), arg("ovalue_uaddr", P)], note="long timer_settime(timer_t timer_id, int flags, const struct __kernel_itimerspec __user *new_setting, struct __kernel_itimerspec __user *old_setting)")
sc("timerfd_create", [arg("clockid", I, "__sc_clockid"), arg("flags", I)], note="long timerfd_create(int clockid, int flags)")
sc("timerfd_gettime", [arg("fd", I), arg("value_uaddr", P)], note="long timerfd_gettime(int ufd, struct __kernel_itimerspec __user *otmr)")
sc("timerfd_settime", [arg("fd", I), arg("flags", I), arg("value_uaddr", P), arg("ovalue_uaddr", P)], note="long timerfd_settime(int ufd, int flags, const struct __kernel_itimerspec __user *utmr, struct __kernel_itimerspec __user *otmr)")
sc("times", [arg("buf_uaddr", P)], note="long times(struct tms __user *tbuf)")
sc("umount", [arg("target", STR), arg("flags", I)], note="long umount(char __user *name, int flags)")
sc("unshare", [arg("unshare_flags", L)], note="long unshare(unsigned long unshare_flags)")
sc("uselib", [arg("library", STR)], note="long uselib(const char __user *library)")
sc("userfaultfd", [arg("flags", I)], note="long userfaultfd(int flags)")
sc("ustat", [arg("dev", U), arg("ubuf_uaddr", P)], note="long ustat(unsigned dev, struct ustat __user *ubuf)")
sc("utimensat", [arg("dfd", DFD), arg("filename", STR), arg("tsp_uaddr", P), arg("flags", I)], note="long utimensat(int dfd, const char __user *filename, struct __kernel_timespec __user *utimes, int flags)")
sc("utimes", [arg("filename", STR), arg("tvp_uaddr", P)], note="long utimes(char __user *filename, struct __kernel_old_timeval __user *utimes)")
sc("vmsplice", [arg("fd", I), arg("iov", P), arg("nr_segs", L), arg("flags", U)], note="long vmsplice(int fd, const struct iovec __user *iov, unsigned long nr_segs, unsigned int flags)")
sc("waitpid", [arg("pid", I), arg("status_uaddr", P), arg("options", I)], note="long waitpid(pid_t pid, int __user *stat_addr, int options)")


ZERO_ARG = []  # zero-argument syscalls BTF does not describe are left out

UNNAMED = {"eventfd2", "futex", "inotify_add_watch", "mlock", "mremap", "munlock", "rseq", "set_robust_list"}
# BTF names these wrappers' parameter __unused (the cond_syscall stub's signature won the dedup): read it from di too
UNNAMED |= {"fadvise64", "fadvise64_64", "ioprio_get", "ioprio_set", "kexec_load", "lookup_dcookie", "mlock2", "mlockall",
            "munlockall", "sgetmask"}
CUR = [None]
def kind_expr(kind, reg):
    r = ("@cast(__regs, \"struct pt_regs\")->" if CUR[0] in UNNAMED else "$regs->") + reg
    return {I: f"__sc_int({r})", U: f"{r} & 0xffffffff", L: r, P: r, DFD: f"__sc_int({r})", MODE: f"{r} & 0xffffffff"}[kind]

# The first line of every file written: GeneratedTapsetTest finds the generated files by it and checks they are what
# the generators write now (so a hand edit fails the build; edit the generator and run it again instead).
GENERATED = "// generated by stage-elaborate/tapset-gen/syscalls.py and syscall-tracepoints.py; edit the generator, not this file"

out_dir = sys.argv[1]
for name, d in S.items():
    lines = [GENERATED, f"// jstap tapset: syscall.{name}" + (" and syscall." + name + ".return." if d["ret"] else " (no .return)."),
             f"// kprobe on the x86-64 wrapper {d['wrapper']}(const struct pt_regs *regs) of",
             f"// {d['note']}; arguments in di si dx r10 r8 r9."]
    lines.append(f"probe syscall.{name} = kernel.function(\"{d['wrapper']}\")")
    lines.append("{")
    lines.append(f"    name = \"{name}\"")
    CUR[0] = name
    if name in UNNAMED:
        lines[2:4] = [f"// kprobe on the x86-64 wrapper {d['wrapper']}(const struct pt_regs *) of",
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
    lines = [GENERATED, f"// jstap tapset: syscall.{name} and syscall.{name}.return.",
             f"// kprobe.function on the x86-64 wrapper __x64_sys_{name}: it takes no arguments and BTF describes only",
             f"// __do_sys_{name}, so the raw kprobe by symbol; the return value is read from the ax register.",
             f"probe syscall.{name} = kprobe.function(\"__x64_sys_{name}\")", "{", f"    name = \"{name}\"", "    argstr = \"\"", "}", "",
             f"probe syscall.{name}.return = kprobe.function(\"__x64_sys_{name}\").return", "{", f"    name = \"{name}\"",
             "    retval = register(\"ax\")", "    retstr = __sc_retstr(retval)", "}"]
    open(os.path.join(out_dir, name + ".stp"), "w").write("\n".join(lines) + "\n")
    print("syscall/" + name + ".stp")
