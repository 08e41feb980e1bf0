/* jstapbpf: jstap's loader for the bpf backend (pass 5). Loads one .bpf.o with libbpf, attaches its programs
 * as the Java side asks, streams ring-buffer records, and serves map reads and writes.
 *
 * Protocol: commands are text lines on stdin; everything going out is a frame on stdout:
 *   u32 type, u32 length, payload.  Types: 1 record (a ring-buffer sample), 2 ok (payload: reply data),
 *   3 error (payload: text), 4 skipped (an optional probe that could not attach; payload: text), 5 log (text).
 * Commands (one reply frame each):
 *   tp PROG CATEGORY NAME OPT | raw PROG NAME OPT | uprobe PROG RET PATH OFFSET REFCTR PID OPT |
 *   perf PROG TYPE CONFIG PERIOD OPT (PERIOD 0: one tick of the kernel's HZ) | kprobe PROG RET SYMBOL OFFSET OPT |
 *   pcount MAP TYPE CONFIG OPT (a counting perf event on every CPU, its fds into the perf event array MAP)
 *   bp PROG ADDRESS SYMBOL LEN RW OPT (a hardware watchpoint on every CPU; SYMBOL "-" or a kallsyms name)
 *                  attach (OPT 1: a failure is "skipped", not an error)
 *   inode MAP IDX PATH OPT   PATH's kernel device and inode number into MAP[IDX] (process("PATH").begin/.end)
 *   cmd HEXCMD     -c on this host: /bin/sh -c CMD forked held stopped in its own process group; ok payload:
 *                  its pid as text. Its stdout and stderr come back as frames 6 and 7, its end as frame 8
 *                  (payload: i32 wait status). cont: let it run (SIGCONT); cmdkill: SIGKILL to its group.
 *                  The loader kills it when it ends itself (quit, end of stdin).
 *   watch PID      -x PID on this host: frame 8 (status 0) once PID is gone (checked with the main loop's polls)
 *   info           ok payload: text "ncpus=N realtime_offset=NS" (this machine's possible CPUs and
 *                  CLOCK_REALTIME - CLOCK_BOOTTIME: what the Java side needs when the loader runs on another host)
 *   get MAP        ok payload: u32 key_size, u32 value_size (all CPUs for per-CPU maps), u32 n, n x (key, value)
 *   put MAP HEXKEY HEXVALUE | del MAP HEXKEY | clear MAP
 *   drain          deliver every record already in the ring buffer, then ok
 *   detach         destroy every link, deliver the rest, then ok
 *   quit
 * Ctrl-C is the Java side's to handle (it runs the end probes), so SIGINT is ignored here. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <zlib.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <linux/hw_breakpoint.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

enum { FR_RECORD = 1, FR_OK = 2, FR_ERROR = 3, FR_SKIPPED = 4, FR_LOG = 5,
       FR_CMDOUT = 6, FR_CMDERR = 7, FR_CMDEXIT = 8 };

static struct bpf_object *obj;
static struct ring_buffer *rb;
static struct bpf_link *links[4096];
static int nlinks;
static int ncpus;
static char logbuf[1 << 20];
static size_t loglen;

static void out_all(const void *p, size_t n) {
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(1, c, n);
        if (w < 0) { if (errno == EINTR) continue; exit(3); }
        c += w; n -= (size_t)w;
    }
}

static void frame(uint32_t type, const void *p, uint32_t n) {
    uint32_t h[2] = { type, n };
    out_all(h, sizeof h);
    if (n) out_all(p, n);
}

static void framef(uint32_t type, const char *fmt, ...) {
    char b[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n >= (int)sizeof b) n = sizeof b - 1;
    frame(type, b, (uint32_t)n);
}

/* libbpf's messages (the verifier log among them) are kept, the end when they are long: the verifier's complaint
 * and the statement it was checking come last. The Java side shows them behind -v. */
static int on_print(enum libbpf_print_level level, const char *fmt, va_list ap) {
    if (level == LIBBPF_DEBUG) return 0;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n <= 0) return 0;
    char *m = malloc((size_t)n + 1);
    if (!m) return 0;
    vsnprintf(m, (size_t)n + 1, fmt, ap);
    const char *src = m;
    size_t len = (size_t)n, cap = sizeof logbuf - 1;
    if (len > cap) { src += len - cap; len = cap; }
    if (loglen + len > cap) { /* drop the oldest bytes */
        size_t drop = loglen + len - cap;
        memmove(logbuf, logbuf + drop, loglen - drop);
        loglen -= drop;
    }
    memcpy(logbuf + loglen, src, len);
    loglen += len;
    logbuf[loglen] = 0;
    free(m);
    return 0;
}

static int on_sample(void *ctx, void *data, size_t len) {
    (void)ctx;
    frame(FR_RECORD, data, (uint32_t)len);
    return 0;
}

static void tracefs(void) {
    /* libbpf finds tracepoint ids under tracefs; mount it where it is expected but absent */
    struct stat st;
    if (stat("/sys/kernel/tracing/events", &st) == 0 || stat("/sys/kernel/debug/tracing/events", &st) == 0) return;
    mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
}

static struct bpf_program *prog(const char *name) {
    return bpf_object__find_program_by_name(obj, name);
}

static void attached(struct bpf_link *l, int opt, const char *what) {
    if (l && nlinks < (int)(sizeof links / sizeof links[0])) {
        links[nlinks++] = l;
        frame(FR_OK, NULL, 0);
        return;
    }
    int e = errno;
    framef(opt ? FR_SKIPPED : FR_ERROR, "cannot attach %s: %s", what, strerror(e));
}

static pid_t cmd_pid = -1;
static int cmd_out = -1, cmd_err = -1;

/* -c's guard: a process outside the command's group holding the read end of a pipe only the loader writes. However
 * the loader ends (SIGKILL too) the pipe closes and the guard SIGKILLs the command's process group, stopped or
 * running, so nothing it started outlives the session; once the command is reaped the loader says 'q' first. */
static int guard_fd = -1;
static pid_t guard_pid = -1;

static void guard_command(pid_t pgid) {
    int p[2];
    if (pipe(p)) return;
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    pid_t g = fork();
    if (g == 0) {
        char b = 0;
        signal(SIGINT, SIG_IGN); signal(SIGTERM, SIG_IGN); signal(SIGHUP, SIG_IGN); signal(SIGQUIT, SIG_IGN);
        for (int fd = 0; fd < 1024; fd++) if (fd != p[0]) close(fd); /* none of the session's pipes or maps */
        while (read(p[0], &b, 1) < 0 && errno == EINTR) ;
        if (b != 'q') kill(-pgid, SIGKILL);
        _exit(0);
    }
    close(p[0]);
    if (g < 0) { close(p[1]); return; }
    guard_fd = p[1];
    guard_pid = g;
}

static void unguard_command(void) {
    if (guard_fd < 0) return;
    if (write(guard_fd, "q", 1) != 1) { /* the guard is gone already */ }
    close(guard_fd);
    guard_fd = -1;
    waitpid(guard_pid, NULL, 0);
}

static void cmd_reap(int block) {
    if (cmd_pid <= 0) return;
    int st;
    pid_t r = waitpid(cmd_pid, &st, block ? 0 : WNOHANG);
    if (r != cmd_pid) return;
    /* what it printed before it ended comes first */
    char b[4096];
    ssize_t n;
    while (cmd_out >= 0 && (n = read(cmd_out, b, sizeof b)) > 0) frame(FR_CMDOUT, b, (uint32_t)n);
    while (cmd_err >= 0 && (n = read(cmd_err, b, sizeof b)) > 0) frame(FR_CMDERR, b, (uint32_t)n);
    int32_t s32 = st;
    frame(FR_CMDEXIT, &s32, sizeof s32);
    cmd_pid = -1;
    unguard_command();
}

static pid_t watch_pid = -1;

/* -x PID: its end is reported as a command's (status 0), which ends the session */
static void watch_reap(void) {
    if (watch_pid <= 0 || kill(watch_pid, 0) == 0 || errno != ESRCH) return;
    int32_t s32 = 0;
    frame(FR_CMDEXIT, &s32, sizeof s32);
    watch_pid = -1;
}

static void cmd_kill(void) {
    if (cmd_pid <= 0) return;
    kill(-cmd_pid, SIGKILL);
    kill(cmd_pid, SIGKILL);
    cmd_reap(1);
}

static int hexval(int c);

static void cmd_start(const char *hex) {
    size_t n = strlen(hex) / 2;
    char *c = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        int a = hexval(hex[2 * i]), b = hexval(hex[2 * i + 1]);
        if (a < 0 || b < 0) { free(c); framef(FR_ERROR, "bad command"); return; }
        c[i] = (char)(a * 16 + b);
    }
    c[n] = 0;
    int po[2], pe[2];
    if (cmd_pid > 0 || pipe(po) || pipe(pe)) { free(c); framef(FR_ERROR, "cannot start the command"); return; }
    pid_t pid = fork();
    if (pid < 0) { free(c); framef(FR_ERROR, "fork: %s", strerror(errno)); return; }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(po[1], 1); dup2(pe[1], 2);
        close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
        int devnull = open("/dev/null", 0);
        if (devnull >= 0) { dup2(devnull, 0); close(devnull); }
        signal(SIGINT, SIG_DFL); signal(SIGPIPE, SIG_DFL);
        raise(SIGSTOP);
        execl("/bin/sh", "sh", "-c", c, (char *)NULL);
        _exit(127);
    }
    free(c);
    close(po[1]); close(pe[1]);
    cmd_out = po[0]; cmd_err = pe[0];
    fcntl(cmd_out, F_SETFL, O_NONBLOCK); /* a background job of the command may hold the pipes open */
    fcntl(cmd_err, F_SETFL, O_NONBLOCK);
    cmd_pid = pid;
    setpgid(pid, pid);   /* both sides, so the guard's group exists before the child runs */
    guard_command(pid);
    int st;
    waitpid(pid, &st, WUNTRACED); /* held stopped: target() is its pid from the first probe on */
    framef(FR_OK, "%d", (int)pid);
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int unhex(const char *h, unsigned char *out, size_t n) {
    if (strlen(h) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int a = hexval(h[2 * i]), b = hexval(h[2 * i + 1]);
        if (a < 0 || b < 0) return -1;
        out[i] = (unsigned char)(a * 16 + b);
    }
    return 0;
}

static struct bpf_map *map(const char *name, size_t *ks, size_t *vs) {
    struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
    if (!m) return NULL;
    *ks = bpf_map__key_size(m);
    *vs = bpf_map__value_size(m);
    enum bpf_map_type t = bpf_map__type(m);
    if (t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH) *vs = ((*vs + 7) / 8) * 8 * (size_t)ncpus;
    return m;
}

static void cmd_get(const char *name) {
    size_t ks, vs;
    struct bpf_map *m = map(name, &ks, &vs);
    if (!m) { framef(FR_ERROR, "no map %s", name); return; }
    int fd = bpf_map__fd(m);
    size_t cap = 1024, n = 0;
    unsigned char *buf = malloc(12 + cap * (ks + vs));
    unsigned char *key = malloc(ks), *next = malloc(ks);
    int first = 1;
    for (;;) {
        int r = bpf_map_get_next_key(fd, first ? NULL : key, next);
        if (r) break;
        first = 0;
        memcpy(key, next, ks);
        if (n == cap) { cap *= 2; buf = realloc(buf, 12 + cap * (ks + vs)); }
        unsigned char *slot = buf + 12 + n * (ks + vs);
        memcpy(slot, key, ks);
        if (bpf_map_lookup_elem(fd, key, slot + ks) == 0) n++;
    }
    uint32_t h[3] = { (uint32_t)ks, (uint32_t)vs, (uint32_t)n };
    memcpy(buf, h, 12);
    frame(FR_OK, buf, (uint32_t)(12 + n * (ks + vs)));
    free(buf); free(key); free(next);
}

static void cmd_put(const char *name, const char *hk, const char *hv) {
    size_t ks, vs;
    struct bpf_map *m = map(name, &ks, &vs);
    if (!m) { framef(FR_ERROR, "no map %s", name); return; }
    unsigned char *k = malloc(ks), *v = malloc(vs);
    if (unhex(hk, k, ks) || unhex(hv, v, vs)) framef(FR_ERROR, "bad key or value for map %s", name);
    else if (bpf_map_update_elem(bpf_map__fd(m), k, v, BPF_ANY)) framef(FR_ERROR, "map %s: %s", name, strerror(errno));
    else frame(FR_OK, NULL, 0);
    free(k); free(v);
}

static void cmd_del(const char *name, const char *hk) {
    size_t ks, vs;
    struct bpf_map *m = map(name, &ks, &vs);
    if (!m) { framef(FR_ERROR, "no map %s", name); return; }
    unsigned char *k = malloc(ks);
    if (unhex(hk, k, ks)) framef(FR_ERROR, "bad key for map %s", name);
    else { bpf_map_delete_elem(bpf_map__fd(m), k); frame(FR_OK, NULL, 0); }
    free(k);
}

static void cmd_clear(const char *name) {
    size_t ks, vs;
    struct bpf_map *m = map(name, &ks, &vs);
    if (!m) { framef(FR_ERROR, "no map %s", name); return; }
    int fd = bpf_map__fd(m);
    unsigned char *k = malloc(ks), *next = malloc(ks);
    while (bpf_map_get_next_key(fd, NULL, next) == 0) {
        memcpy(k, next, ks);
        if (bpf_map_delete_elem(fd, k)) break;
    }
    frame(FR_OK, NULL, 0);
    free(k); free(next);
}

/* The running kernel's HZ (timer.profile samples once per tick, as kmod's TICK_NSEC hrtimer): its config
 * (/boot/config-RELEASE, /proc/config.gz), else measured from /proc/timer_list's jiffies over 100 ms, else 250. */
static int config_hz(char *line) {
    return strncmp(line, "CONFIG_HZ=", 10) == 0 ? atoi(line + 10) : 0;
}

static int timer_list_jiffies(long long *jiffies, long long *now) {
    FILE *f = fopen("/proc/timer_list", "r");
    if (!f) return -1;
    char line[256];
    *jiffies = *now = -1;
    while (fgets(line, sizeof line, f) && (*jiffies < 0 || *now < 0)) {
        if (*now < 0 && sscanf(line, "now at %lld nsecs", now) == 1) continue;
        if (*jiffies < 0) sscanf(line, "jiffies: %lld", jiffies);
    }
    fclose(f);
    return *jiffies < 0 || *now < 0 ? -1 : 0;
}

/* the running kernel's HZ: its CONFIG_HZ, else measured from jiffies over 100 ms (a known value of x86); 0 unknown */
static int kernel_hz(void) {
    static int hz, tried;
    char line[256];
    if (tried) return hz;
    tried = 1;
    if (!hz) {
        struct utsname u;
        char path[300];
        FILE *f = uname(&u) ? NULL : (snprintf(path, sizeof path, "/boot/config-%s", u.release), fopen(path, "r"));
        while (f && !hz && fgets(line, sizeof line, f)) hz = config_hz(line);
        if (f) fclose(f);
    }
    if (!hz) {
        gzFile z = gzopen("/proc/config.gz", "r");
        while (z && !hz && gzgets(z, line, sizeof line)) hz = config_hz(line);
        if (z) gzclose(z);
    }
    if (!hz) {
        long long j0, n0, j1, n1;
        struct timespec d = { 0, 100000000 };
        if (timer_list_jiffies(&j0, &n0) == 0 && nanosleep(&d, NULL) == 0 && timer_list_jiffies(&j1, &n1) == 0 && n1 > n0) {
            double m = (double)(j1 - j0) * 1e9 / (double)(n1 - n0);
            static const int known[] = { 100, 250, 300, 1000 };
            for (int i = 0; i < 4; i++) if (!hz || (m - known[i]) * (m - known[i]) < (m - hz) * (m - hz)) hz = known[i];
        }
    }
    return hz > 0 ? hz : 0;
}

static unsigned long long tick_ns(void) {
    int hz = kernel_hz();
    return 1000000000ULL / (unsigned long long)(hz ? hz : 250);
}

/* .rodata.jst_hz (TapsetHelpers.java): tapset's __task_hz(), the running kernel's HZ written before the load */
static int hz_place(void) {
    struct bpf_map *m = bpf_object__find_map_by_name(obj, ".rodata.jst_hz");
    if (!m) return 0;
    size_t sz = 0;
    long long *v = bpf_map__initial_value(m, &sz);
    if (!v || sz < sizeof *v) return 0;
    int hz = kernel_hz();
    if (!hz) {
        framef(FR_ERROR, "cannot tell the running kernel's HZ for __task_hz() (no CONFIG_HZ in /boot/config-* or"
               " /proc/config.gz, no jiffies in /proc/timer_list)");
        return -1;
    }
    *v = hz;
    return 0;
}

/* opens the perf event *a on every CPU with program p attached; the links are kept for the run. A CPU without
 * the event (ENODEV) is passed over; another error is left in *err, and ends the loop if stop_on_error. Returns
 * how many CPUs have it. */
static int attach_each_cpu(struct bpf_program *p, struct perf_event_attr *a, int stop_on_error, int *err) {
    int ok = 0;
    for (int cpu = 0; cpu < ncpus && !(stop_on_error && *err); cpu++) {
        int fd = (int)syscall(__NR_perf_event_open, a, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) { if (errno != ENODEV) *err = errno; continue; }
        struct bpf_link *l = bpf_program__attach_perf_event(p, fd);
        if (!l) { *err = errno; close(fd); continue; }
        if (nlinks < (int)(sizeof links / sizeof links[0])) links[nlinks++] = l;
        ok++;
    }
    return ok;
}

static void cmd_perf(const char *pname, unsigned long long type, unsigned long long config,
                     unsigned long long period, int opt) {
    struct bpf_program *p = prog(pname);
    if (!p) { framef(FR_ERROR, "no program %s", pname); return; }
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = (uint32_t)type;
    a.config = config;
    a.sample_period = period ? period : tick_ns(); /* 0: one tick (timer.profile) */
    int err = 0, ok = attach_each_cpu(p, &a, 0, &err);
    if (ok) frame(FR_OK, NULL, 0);
    else framef(opt ? FR_SKIPPED : FR_ERROR, "cannot open perf event type %llu config %llu: %s", type, config,
                strerror(err ? err : ENODEV));
}

/* pcount MAP TYPE CONFIG OPT: perf....counter("NAME") (PerfCounters.java): a counting event (no period, no
 * program) on every CPU, each fd at its CPU in the perf event array MAP that @perf reads. kmod's text when a CPU
 * lacks it; the fds stay open for the run. */
static void cmd_pcount(const char *name, unsigned long long type, unsigned long long config, int opt) {
    struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
    if (!m) { framef(FR_ERROR, "no map %s", name); return; }
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = (uint32_t)type;
    a.config = config;
    a.pinned = 1;
    for (int cpu = 0; cpu < ncpus; cpu++) {
        int fd = (int)syscall(__NR_perf_event_open, &a, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0 && errno == ENODEV) continue; /* a possible CPU that is not online */
        if (fd < 0) {
            framef(opt ? FR_SKIPPED : FR_ERROR, "perf event type %llu config %llu not available on cpu %d (rc %d)",
                   type, config, cpu, -errno);
            return;
        }
        uint32_t k = (uint32_t)cpu, v = (uint32_t)fd;
        if (bpf_map_update_elem(bpf_map__fd(m), &k, &v, BPF_ANY)) {
            framef(FR_ERROR, "map %s: %s", name, strerror(errno));
            close(fd);
            return;
        }
    }
    frame(FR_OK, NULL, 0);
}

/* the running kernel's address of a symbol (kallsyms: data symbols need CONFIG_KALLSYMS_ALL), 0 if none */
static unsigned long long kallsyms_addr(const char *name) {
    FILE *f = fopen("/proc/kallsyms", "r");
    if (!f) return 0;
    char line[512], sym[256], type;
    unsigned long long a, found = 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%llx %c %255s", &a, &type, sym) == 3 && !strcmp(sym, name) && !strchr(line, '[')) {
            found = a;
            break;
        }
    }
    fclose(f);
    return found;
}

/* kernel.data(...): a PERF_TYPE_BREAKPOINT event per CPU (the length rounded up to 1, 2, 4 or 8 as kmod's runtime);
 * a symbol the kernel lacks is "skipped" (stap warns and runs on), a refusal the kernel's reason as kmod words it */
static void cmd_bp(const char *pname, unsigned long long addr, const char *symbol, unsigned long long len, int rw,
                   int opt) {
    struct bpf_program *p = prog(pname);
    if (!p) { framef(FR_ERROR, "no program %s", pname); return; }
    if (strcmp(symbol, "-")) {
        addr = kallsyms_addr(symbol);
        if (!addr) { framef(FR_SKIPPED, "invalid symbol %s", symbol); return; }
    }
    int blen = len <= 1 ? HW_BREAKPOINT_LEN_1 : len == 2 ? HW_BREAKPOINT_LEN_2 : len <= 4 ? HW_BREAKPOINT_LEN_4
             : HW_BREAKPOINT_LEN_8;
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_BREAKPOINT;
    a.bp_addr = addr;
    a.bp_len = (uint64_t)blen;
    a.bp_type = rw ? HW_BREAKPOINT_R | HW_BREAKPOINT_W : HW_BREAKPOINT_W;
    a.sample_period = 1;
    a.pinned = 1;
    int err = 0, ok = attach_each_cpu(p, &a, 1, &err);
    if (ok && !err) { frame(FR_OK, NULL, 0); return; }
    if (!err) err = ENODEV;
    framef(opt ? FR_SKIPPED : FR_ERROR, "hardware watchpoint at 0x%llx (%d bytes) not registered (rc %d%s)", addr, blen,
           -err, err == EINVAL ? ": the address must be aligned to the length" : err == ENOSPC ? ": no free debug register"
           : err == EPERM ? ": this kernel refuses breakpoints on kernel addresses" : "");
}

/* Kernel symbols for jstap_stacks.h: the running kernel's text symbols from /proc/kallsyms (kernel, modules,
 * BPF programs), sorted by address, each with its size to the next symbol and its module's number. Counted before
 * the load (the map's size), read and written into the mmap-able map after it (the programs' own symbols exist
 * then). The layouts are jstap_stacks.h's. */
#define KSYM_NAME 112
struct ksym { uint64_t addr; uint32_t size; uint32_t mod; char name[KSYM_NAME]; };
#define KMODS 1024
static struct ksym *ksyms;
static size_t nksyms;
static char kmods[KMODS][64];
static int nkmods;

static int ksym_text(char t) { return t == 't' || t == 'T' || t == 'w' || t == 'W'; }

static size_t ksyms_count(void) {
    FILE *f = fopen("/proc/kallsyms", "r");
    if (!f) return 0;
    char l[512], t;
    size_t n = 0;
    unsigned long long a;
    while (fgets(l, sizeof l, f)) if (sscanf(l, "%llx %c", &a, &t) == 2 && ksym_text(t) && a) n++;
    fclose(f);
    return n;
}

static int ksym_cmp(const void *x, const void *y) {
    const struct ksym *a = x, *b = y;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static int kmod_index(const char *m) {
    for (int i = 0; i < nkmods; i++) if (!strcmp(kmods[i], m)) return i;
    if (nkmods >= KMODS) return 0;
    snprintf(kmods[nkmods], sizeof kmods[0], "%s", m);
    return nkmods++;
}

static void ksyms_read(size_t max) {
    FILE *f = fopen("/proc/kallsyms", "r");
    if (!f) return;
    ksyms = calloc(max ? max : 1, sizeof *ksyms);
    nkmods = 0;
    kmod_index("kernel");
    char l[512], t, name[256], mod[128];
    unsigned long long a;
    while (ksyms && nksyms < max && fgets(l, sizeof l, f)) {
        mod[0] = 0;
        int k = sscanf(l, "%llx %c %255s [%127[^] \t\n]", &a, &t, name, mod);
        if (k < 3 || !ksym_text(t) || !a) continue;
        struct ksym *s = &ksyms[nksyms++];
        s->addr = a;
        s->mod = mod[0] ? (uint32_t)kmod_index(mod) : 0;
        snprintf(s->name, sizeof s->name, "%s", name);
    }
    fclose(f);
    qsort(ksyms, nksyms, sizeof *ksyms, ksym_cmp);
    for (size_t i = 0; i < nksyms; i++) {
        size_t j = i + 1;
        while (j < nksyms && ksyms[j].addr == ksyms[i].addr) j++;
        uint64_t sz = j < nksyms ? ksyms[j].addr - ksyms[i].addr : 0x1000;
        ksyms[i].size = sz > 0xffffffffu ? 0xffffffffu : (uint32_t)sz;
    }
}

/* a symbol's address: the module's (mod, "kernel" for the kernel) first, as a kprobe by name finds it */
static uint64_t ksym_addr(const char *name, const char *mod) {
    int m = -1;
    for (int i = 0; i < nkmods; i++) if (!strcmp(kmods[i], mod)) m = i;
    for (size_t i = 0; i < nksyms; i++) if ((int)ksyms[i].mod == m && !strcmp(ksyms[i].name, name)) return ksyms[i].addr;
    for (size_t i = 0; i < nksyms; i++) if (!strcmp(ksyms[i].name, name)) return ksyms[i].addr;
    return 0;
}

static void ksyms_fill(void) {
    struct bpf_map *m = bpf_object__find_map_by_name(obj, "jst_ksyms");
    if (!m) return;
    size_t max = bpf_map__max_entries(m);
    ksyms_read(max);
    size_t bytes = (size_t)max * sizeof(struct ksym);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(m), 0);
    if (p == MAP_FAILED) { nksyms = 0; return; }
    memcpy(p, ksyms, nksyms * sizeof(struct ksym));
    munmap(p, bytes);
    struct bpf_map *mm = bpf_object__find_map_by_name(obj, "jst_kmods");
    for (int i = 0; mm && i < nkmods; i++) {
        uint32_t k = (uint32_t)i;
        bpf_map_update_elem(bpf_map__fd(mm), &k, kmods[i], BPF_ANY);
    }
    struct bpf_map *info = bpf_object__find_map_by_name(obj, "jst_ksinfo");
    if (info) {
        uint32_t k = 0;
        uint64_t v = nksyms;
        bpf_map_update_elem(bpf_map__fd(info), &k, &v, BPF_ANY);
        k = 1;
        v = 0;
        for (int i = 0; i < nkmods; i++) if (!strcmp(kmods[i], "bpf")) v = (uint64_t)i + 1;
        bpf_map_update_elem(bpf_map__fd(info), &k, &v, BPF_ANY);
    }
}

/* inode MAP IDX PATH OPT: PATH's device (the kernel's encoding) and inode at IDX of MAP, for process("PATH")
 * begin/end probes matching an executable on this machine (symlinks followed) */
static void cmd_inode(const char *name, const char *idx, const char *path, int opt) {
    size_t ks, vs;
    struct bpf_map *m = map(name, &ks, &vs);
    if (!m || ks != 4 || vs != 16) { framef(FR_ERROR, "no map %s", name); return; }
    struct stat st;
    if (stat(path, &st)) { framef(opt ? FR_SKIPPED : FR_ERROR, "cannot find %s: %s", path, strerror(errno)); return; }
    uint32_t k = (uint32_t)atoi(idx);
    uint64_t v[2] = { ((uint64_t)major(st.st_dev) << 20) | minor(st.st_dev), (uint64_t)st.st_ino };
    if (bpf_map_update_elem(bpf_map__fd(m), &k, v, BPF_ANY)) framef(FR_ERROR, "map %s: %s", name, strerror(errno));
    else frame(FR_OK, NULL, 0);
}

/* .rodata.jst_args (ArgSlots.java): each kernel-function parameter the probes read, placed here from the running
 * kernel's prototype by the x86-64 SysV rules before the load: integers and pointers take the next of the six
 * argument registers, then 8-byte stack slots above the return address; a struct or union of up to 16 bytes takes
 * one or two registers when that many are left, else goes to the stack whole, as a bigger one always does (one
 * split over two registers has no address: nowhere). A function the kernel lacks keeps pass 2's place (its probe
 * does not attach); a parameter it lacks, or one that is a struct here and not there, is an error. */
struct jst_argloc { char fn[128]; char mod[64]; char param[64]; int index; int kind; long long place; };

static struct btf *arg_btf(struct btf **vm, const char *mod) {
    static struct btf *mods[16];
    static char names[16][64];
    static int n;
    if (!*vm) *vm = btf__load_vmlinux_btf();
    if (!*vm || !mod[0]) return *vm;
    for (int i = 0; i < n; i++) if (!strcmp(names[i], mod)) return mods[i];
    struct btf *b = btf__load_module_btf(mod, *vm);
    if (n < 16) { snprintf(names[n], sizeof names[n], "%s", mod); mods[n++] = b; }
    return b;
}

static int args_place(void) {
    struct bpf_map *m = bpf_object__find_map_by_name(obj, ".rodata.jst_args");
    if (!m) return 0;
    size_t sz = 0;
    struct jst_argloc *a = bpf_map__initial_value(m, &sz);
    if (!a) return 0;
    struct btf *vm = NULL;
    for (size_t e = 0; e < sz / sizeof *a; e++) {
        struct btf *b = arg_btf(&vm, a[e].mod);
        if (!b) continue; /* no BTF to read: pass 2's places stand */
        int id = btf__find_by_name_kind(b, a[e].fn, BTF_KIND_FUNC);
        if (id < 0) continue;
        const struct btf_type *proto = btf__type_by_id(b, btf__type_by_id(b, id)->type);
        const struct btf_param *ps = btf_params(proto);
        int regs = 0, found = 0;
        long long stack = 8; /* the return address is at the entry stack pointer */
        for (int i = 0; i < btf_vlen(proto); i++) {
            const char *name = btf__name_by_offset(b, ps[i].name_off);
            long long size = btf__resolve_size(b, ps[i].type);
            const struct btf_type *t = btf__type_by_id(b, btf__resolve_type(b, ps[i].type));
            int composite = t && btf_is_composite(t), kind;
            long long place;
            if (size < 1) size = 1;
            if (composite) {
                long long words = (size + 7) / 8;
                if (words <= 2 && regs + words <= 6) {
                    kind = words == 1 ? 3 : 0;
                    place = regs;
                    regs += (int)words;
                } else {
                    kind = 4;
                    place = stack;
                    stack += words * 8;
                }
            } else if (regs < 6) {
                kind = 1;
                place = regs++;
            } else {
                kind = 2;
                place = stack;
                stack += 8;
            }
            if (a[e].param[0] ? !strcmp(name ? name : "", a[e].param) : i == a[e].index) {
                int was_struct = a[e].kind >= 3, is_struct = kind >= 3 || (composite && kind == 0);
                if (was_struct != is_struct) {
                    framef(FR_ERROR, "args: argument $%s of %s is %s in the running kernel, not %s as where the script was"
                           " compiled", a[e].param, a[e].fn, is_struct ? "a struct" : "not a struct",
                           was_struct ? "a struct" : "a scalar");
                    return -1;
                }
                if (kind == 0) {
                    framef(FR_ERROR, "args: argument $%s of %s: the running kernel passes it split over two registers"
                           " (it has no address to read it from)", a[e].param, a[e].fn);
                    return -1;
                }
                a[e].kind = kind;
                a[e].place = place;
                found = 1;
                break;
            }
        }
        if (!found) {
            framef(FR_ERROR, "args: the running kernel's %s has no parameter $%s", a[e].fn, a[e].param);
            return -1;
        }
    }
    return 0;
}

static void command(char *line) {
    char *argv[10];
    int argc = 0;
    for (char *t = strtok(line, " \n"); t && argc < 10; t = strtok(NULL, " \n")) argv[argc++] = t;
    if (argc == 0) return;
    const char *c = argv[0];
    if (!strcmp(c, "tp") && argc == 5) {
        struct bpf_program *p = prog(argv[1]);
        if (!p) { framef(FR_ERROR, "no program %s", argv[1]); return; }
        char what[512];
        snprintf(what, sizeof what, "tracepoint %s:%s", argv[2], argv[3]);
        attached(bpf_program__attach_tracepoint(p, argv[2], argv[3]), atoi(argv[4]), what);
    } else if (!strcmp(c, "raw") && argc == 4) {
        struct bpf_program *p = prog(argv[1]);
        if (!p) { framef(FR_ERROR, "no program %s", argv[1]); return; }
        char what[512];
        snprintf(what, sizeof what, "tracepoint %s", argv[2]);
        attached(bpf_program__attach_raw_tracepoint(p, argv[2]), atoi(argv[3]), what);
    } else if (!strcmp(c, "uprobe") && argc == 8) {
        /* REFCTR: a marker's semaphore (file offset, hex, 0 none): the kernel counts attached probes in it in every
         * process mapping PATH, as kmod's uprobe_register_refctr. PID: one process, or -1 for all */
        struct bpf_program *p = prog(argv[1]);
        if (!p) { framef(FR_ERROR, "no program %s", argv[1]); return; }
        char what[1024];
        snprintf(what, sizeof what, "uprobe %s+0x%s", argv[3], argv[4]);
        LIBBPF_OPTS(bpf_uprobe_opts, uo, .retprobe = atoi(argv[2]) != 0, .ref_ctr_offset = (size_t)strtoull(argv[5], NULL, 16));
        attached(bpf_program__attach_uprobe_opts(p, atoi(argv[6]), argv[3], (size_t)strtoull(argv[4], NULL, 16), &uo),
                 atoi(argv[7]), what);
    } else if (!strcmp(c, "kprobe") && (argc == 6 || argc == 7)) {
        /* kprobe PROG RET SYMBOL OFFSET [MODULE] OPT: a module("NAME") probe needs NAME loaded (as kmod, it is said) */
        struct bpf_program *p = prog(argv[1]);
        if (!p) { framef(FR_ERROR, "no program %s", argv[1]); return; }
        const char *mod = argc == 7 ? argv[5] : "kernel";
        if (argc == 7) {
            char sys[300];
            struct stat st;
            snprintf(sys, sizeof sys, "/sys/module/%s", argv[5]);
            if (stat(sys, &st) != 0) {
                framef(atoi(argv[6]) ? FR_SKIPPED : FR_ERROR, "module %s is not loaded in the running kernel", argv[5]);
                return;
            }
            argv[5] = argv[6];
        }
        char what[512];
        snprintf(what, sizeof what, "kprobe %s+0x%s", argv[3], argv[4]);
        /* the cookie: the probed address, for the stack functions (0 when the program has no symbol table) */
        uint64_t at = nksyms ? ksym_addr(argv[3], mod) : 0;
        LIBBPF_OPTS(bpf_kprobe_opts, ko, .retprobe = atoi(argv[2]) != 0, .offset = (size_t)strtoull(argv[4], NULL, 16),
                    .bpf_cookie = at ? at + strtoull(argv[4], NULL, 16) : 0);
        attached(bpf_program__attach_kprobe_opts(p, argv[3], &ko), atoi(argv[5]), what);
    } else if (!strcmp(c, "inode") && argc == 5) {
        cmd_inode(argv[1], argv[2], argv[3], atoi(argv[4]));
    } else if (!strcmp(c, "cmd") && argc == 2) {
        cmd_start(argv[1]);
    } else if (!strcmp(c, "watch") && argc == 2) {
        watch_pid = (pid_t)atoi(argv[1]);
        framef(FR_OK, "%d", (int)watch_pid);
    } else if (!strcmp(c, "cont")) {
        if (cmd_pid > 0) kill(cmd_pid, SIGCONT);
        frame(FR_OK, NULL, 0);
    } else if (!strcmp(c, "cmdkill")) {
        cmd_kill();
        frame(FR_OK, NULL, 0);
    } else if (!strcmp(c, "info")) {
        struct timespec rt, bt;
        clock_gettime(CLOCK_REALTIME, &rt);
        clock_gettime(CLOCK_BOOTTIME, &bt);
        long long off = ((long long)rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
        framef(FR_OK, "ncpus=%d realtime_offset=%lld", ncpus, off);
    } else if (!strcmp(c, "perf") && argc == 6) {
        cmd_perf(argv[1], strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0), strtoull(argv[4], NULL, 0),
                 atoi(argv[5]));
    } else if (!strcmp(c, "pcount") && argc == 5) {
        cmd_pcount(argv[1], strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0), atoi(argv[4]));
    } else if (!strcmp(c, "bp") && argc == 7) {
        cmd_bp(argv[1], strtoull(argv[2], NULL, 0), argv[3], strtoull(argv[4], NULL, 0), atoi(argv[5]), atoi(argv[6]));
    } else if (!strcmp(c, "get") && argc == 2) {
        cmd_get(argv[1]);
    } else if (!strcmp(c, "put") && argc == 4) {
        cmd_put(argv[1], argv[2], argv[3]);
    } else if (!strcmp(c, "del") && argc == 3) {
        cmd_del(argv[1], argv[2]);
    } else if (!strcmp(c, "clear") && argc == 2) {
        cmd_clear(argv[1]);
    } else if (!strcmp(c, "drain")) {
        ring_buffer__consume(rb);
        frame(FR_OK, NULL, 0);
    } else if (!strcmp(c, "detach")) {
        for (int i = 0; i < nlinks; i++) bpf_link__destroy(links[i]);
        nlinks = 0;
        ring_buffer__consume(rb);
        frame(FR_OK, NULL, 0);
    } else if (!strcmp(c, "quit")) {
        cmd_kill();
        for (int i = 0; i < nlinks; i++) bpf_link__destroy(links[i]);
        exit(0);
    } else {
        framef(FR_ERROR, "unknown command '%s'", c);
    }
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: jstapbpf FILE.bpf.o [RINGBYTES] (driven by jstap)\n"); return 2; }
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    libbpf_set_print(on_print);
    libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
    ncpus = libbpf_num_possible_cpus();
    tracefs();
    obj = bpf_object__open_file(argv[1], NULL);
    if (!obj) { framef(FR_ERROR, "cannot open %s: %s\n%.*s", argv[1], strerror(errno), (int)loglen, logbuf); return 1; }
    /* -s: the event ring buffer's size (a power of two of pages), set before the load */
    struct bpf_map *ring = bpf_object__find_map_by_name(obj, "jst_events");
    if (argc == 3 && ring && bpf_map__set_max_entries(ring, (__u32)strtoul(argv[2], NULL, 0))) {
        framef(FR_ERROR, "cannot size the ring buffer to %s bytes", argv[2]);
        return 1;
    }
    /* the kernel's symbols (jstap_stacks.h): room for these and for the programs and modules loaded meanwhile */
    struct bpf_map *ks = bpf_object__find_map_by_name(obj, "jst_ksyms");
    if (ks && bpf_map__set_max_entries(ks, (__u32)(ksyms_count() + 16384))) {
        framef(FR_ERROR, "cannot size the kernel symbol table");
        return 1;
    }
    /* the kernel-function arguments' registers and stack slots: the running kernel's (ArgSlots.java) */
    if (args_place()) return 1;
    if (hz_place()) return 1;
    if (bpf_object__load(obj)) {
        int e = errno;
        /* the verifier log: the Java side maps it to the script line */
        frame(FR_ERROR, logbuf, (uint32_t)loglen);
        (void)e;
        return 1;
    }
    ksyms_fill();
    struct bpf_map *ev = bpf_object__find_map_by_name(obj, "jst_events");
    rb = ev ? ring_buffer__new(bpf_map__fd(ev), on_sample, NULL, NULL) : NULL;
    if (!rb) { framef(FR_ERROR, "no ring buffer: %s", strerror(errno)); return 1; }
    frame(FR_OK, NULL, 0);
    static char in[1 << 20];
    size_t have = 0;
    struct pollfd fds[4] = { { .fd = 0, .events = POLLIN }, { .fd = ring_buffer__epoll_fd(rb), .events = POLLIN },
                             { .fd = -1, .events = POLLIN }, { .fd = -1, .events = POLLIN } };
    for (;;) {
        fds[2].fd = cmd_out; fds[3].fd = cmd_err;
        int r = poll(fds, 4, cmd_pid > 0 ? 20 : 100);
        if (r < 0 && errno != EINTR) return 3;
        ring_buffer__consume(rb);
        for (int k = 2; k < 4; k++) {
            if (fds[k].fd >= 0 && (fds[k].revents & (POLLIN | POLLHUP))) {
                char b[4096];
                ssize_t n = read(fds[k].fd, b, sizeof b);
                if (n > 0) frame(k == 2 ? FR_CMDOUT : FR_CMDERR, b, (uint32_t)n);
                else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    close(fds[k].fd);
                    if (k == 2) cmd_out = -1; else cmd_err = -1;
                }
            }
        }
        cmd_reap(0);
        watch_reap();
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(0, in + have, sizeof in - 1 - have);
            if (n <= 0) { /* jstap is gone: detach and leave */
                cmd_kill();
                for (int i = 0; i < nlinks; i++) bpf_link__destroy(links[i]);
                return 0;
            }
            have += (size_t)n;
            char *nl;
            while ((nl = memchr(in, '\n', have)) != NULL) {
                *nl = 0;
                command(in);
                size_t used = (size_t)(nl - in) + 1;
                memmove(in, nl + 1, have - used);
                have -= used;
            }
        }
    }
}
