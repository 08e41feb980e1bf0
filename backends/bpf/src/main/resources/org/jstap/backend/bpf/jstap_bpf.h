/* jstap's BPF runtime: what every generated probes.bpf.c includes (after vmlinux.h and the JST_* defines).
 * Session state, the event ring buffer and its record headers, per-hit scratch, runtime errors. The loader
 * (jstapbpf.c) and the Java side (BpfRecords) read the same layouts. */
#ifndef JSTAP_BPF_H
#define JSTAP_BPF_H
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

typedef long long s64t;
typedef unsigned long long u64t;

/* jst_ctl[JST_CTL_STATE]: 0 starting, 1 running, 2 stopping, 3 error (only running probes run) */
#define JST_CTL_STATE 0
#define JST_CTL_REALTIME_OFFSET 1 /* CLOCK_REALTIME - CLOCK_BOOTTIME, ns, set by the Java side */
#define JST_CTL_TARGET 2          /* target() */
#define JST_CTL_ERRORS 3
#define JST_CTL_SKIPPED 4         /* hits skipped, all CPUs: past MAXSKIPPED the session ends in error, as kmod's */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 5); __type(key, __u32); __type(value, __u64); } jst_ctl SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, JST_RINGBUF_BYTES); } jst_events SEC(".maps");
/* records that did not fit the ring buffer, per CPU: reported at exit */
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } jst_lost SEC(".maps");

/* record kinds (struct jst_rec.kind) */
#define JST_REC_PRINT 1 /* id: print site; payload: its arguments (8 bytes per long, JST_MAXSTR per string) */
#define JST_REC_EXIT 2
#define JST_REC_ERROR 3 /* id: error site; a0: the value the message names (address, size) */
#define JST_REC_ERRORMSG 4 /* id: error() site; payload: the message string */
#define JST_REC_WARN 5  /* id: warn() site; payload: the message string */
#define JST_REC_SWITCH 6 /* switch_file(): the next -o file from here on */
#define JST_REC_SKIPPED 8 /* more than MAXSKIPPED hits skipped: kmod's "Skipped too many probes" error */
struct jst_rec { __u32 kind; __u32 id; __u64 a0; };

/* per-CPU scratch of one probe hit: string temporaries (BPF's stack is 512 bytes) and a key buffer */
struct jst_hit {
    __u64 actions;
    __u32 failed;   /* an error pending (JST_FAIL_*): reported at the probe's end unless a catch takes it */
    __u32 err_id;   /* its error site */
    __u64 err_a0;   /* the value its message names (JST_FAIL_SITE) */
    __u32 pidx;     /* the probe hit (its index in the IR): pp() and friends in a function */
    __u32 ctxk;     /* the probe's context: 1 pt_regs (kprobe, uprobe), 2 a perf event's, 0 other (register() in a function) */
    __u32 slot;     /* its index in jst_hits: jst_leave frees it */
    char emsg[JST_MAXSTR]; /* its message (JST_FAIL_MSG): what a catch variable gets */
    char key[JST_KEYBUF];
    char s[JST_NSTR][2 * JST_MAXSTR]; /* twice: a concatenation's second copy starts anywhere below JST_MAXSTR */
};
/* A CPU's scratch is JST_SLOTS hits, each owned by the task whose hit uses it (its task_struct address, 0 free).
 * One slot was not enough: a raw tracepoint fired from an interrupt's softirq (a sched_wakeup) ran in the middle of a
 * syscall program on the same CPU and overwrote its strings, and a preemptible program (a uprobe's, a faultable
 * syscall tracepoint's on newer kernels) can be interrupted by another task's hit on its CPU. A hit nested over a hit
 * of its own task (an interrupt, or a probe fired inside a helper) is skipped and counted, as kmod's busy flag does:
 * it would wait for its own locks, and stap does not run it either. Another task's hit takes a free slot. */
#define JST_SLOTS 4
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, JST_SLOTS); __type(key, __u32); __type(value, struct jst_hit); } jst_hits SEC(".maps");
struct jst_owners { __u64 task[JST_SLOTS]; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct jst_owners); } jst_owner SEC(".maps");

static __always_inline __u64 *jst_ctl_slot(__u32 k) { return bpf_map_lookup_elem(&jst_ctl, &k); }

static __always_inline int jst_running(void) {
    __u64 *s = jst_ctl_slot(JST_CTL_STATE);
    return s && *s == 1;
}

static __always_inline void jst_skip_one(void);
static __always_inline __u32 jst_index(__u64 i, __u32 n);

static __always_inline struct jst_hit *jst_enter(void) {
    __u32 k = 0;
    if (!jst_running()) return 0;
    struct jst_owners *o = bpf_map_lookup_elem(&jst_owner, &k);
    if (!o) return 0;
    __u64 me = bpf_get_current_task();
    __u32 i;
    for (i = 0; i < JST_SLOTS; i++) {
        if (o->task[i] == me) { jst_skip_one(); return 0; }
    }
    for (i = 0; i < JST_SLOTS; i++) {
        if (__sync_val_compare_and_swap(&o->task[i], 0, me) == 0) break;
    }
    if (i >= JST_SLOTS) { jst_skip_one(); return 0; }
    k = i;
    struct jst_hit *h = bpf_map_lookup_elem(&jst_hits, &k);
    if (!h) { o->task[i] = 0; return 0; }
    h->slot = i;
    h->actions = 0;
    h->failed = 0;
    return h;
}

/* The slot of the running hit (the one its task owns on this CPU; 0 outside a hit): the key of every other per-CPU
 * work area (jst_works, the stack walks), which therefore have JST_SLOTS entries too. The header's helpers have no
 * hit pointer to read it from; a task holds at most one slot per CPU (a nested hit of its own is skipped). A global
 * function, verified once: inlined at every string helper it made a probe "too large" (8193 jumps) on 6.1. */
__attribute__((noinline)) __u32 jst_myslot(void) {
    __u32 k = 0;
    struct jst_owners *o = bpf_map_lookup_elem(&jst_owner, &k);
    if (!o) return 0;
    __u64 me = bpf_get_current_task();
    for (__u32 i = 1; i < JST_SLOTS; i++) if (o->task[i] == me) return i;
    return 0;
}

/* the hit is over: its slot is free for the next hit on this CPU */
static __always_inline void jst_leave(struct jst_hit *h) {
    __u32 k = 0;
    struct jst_owners *o = bpf_map_lookup_elem(&jst_owner, &k);
    if (o) o->task[jst_index(h->slot, JST_SLOTS)] = 0;
}

static __always_inline void jst_lost_one(void) {
    __u32 k = 0;
    __u64 *n = bpf_map_lookup_elem(&jst_lost, &k);
    if (n) *n += 1;
}

/* hits skipped (a global's lock timed out, a nested hit, no free scratch slot), per CPU: "skipped probes: N" at exit, as kmod */
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } jst_skipped SEC(".maps");

static __always_inline void jst_event(__u32 kind, __u32 id, __u64 a0);

static __always_inline void jst_skip_one(void) {
    __u32 k = 0;
    __u64 *n = bpf_map_lookup_elem(&jst_skipped, &k);
    if (n) *n += 1;
    __u64 *t = jst_ctl_slot(JST_CTL_SKIPPED), *st = jst_ctl_slot(JST_CTL_STATE);
    if (t && __sync_fetch_and_add(t, 1) + 1 > JST_MAXSKIPPED && st && __sync_val_compare_and_swap(st, 1, 3) == 1)
        jst_event(JST_REC_SKIPPED, 0, 0);
}

#if JST_NLOCKS > 0
/* One reader/writer lock word per global (indexed by the global's number): 0 free, N > 0 readers, -1 a writer.
 * A probe takes the locks of the globals it uses in the program's global order, for the whole hit, like kmod's.
 * A lock not had within JST_TRYLOCK_NS (MAXTRYLOCK tries TRYLOCKDELAY apart, as kmod waits) skips the hit: BPF
 * cannot sleep, and the holder may be this CPU's interrupted program. The wait is measured in time, not tries: a
 * holder whose (virtual) CPU is descheduled, or a preempted uprobe program, stalls for the host's time slice, far
 * longer than a thousand bare tries (about 20 us), which skipped hits under load (the hotspot markers in CI). */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, JST_NLOCKS); __type(key, __u32); __type(value, __s64); } jst_locks SEC(".maps");

static __always_inline int jst_trylock(__s64 *l, int write) {
    __s64 v = *(volatile __s64 *)l;
    if (write) return v == 0 && __sync_val_compare_and_swap(l, 0, -1) == 0;
    return v >= 0 && __sync_val_compare_and_swap(l, v, v + 1) == v;
}

/* the contended wait, one try per bpf_loop step until the lock is had or the deadline passed */
struct jst_lockwait { __u64 deadline; __u32 i; int write; int got; };

static long jst_lockwait_step(__u64 n, void *c) {
    struct jst_lockwait *w = c;
    __u32 i = w->i;
    __s64 *l = bpf_map_lookup_elem(&jst_locks, &i);
    if (!l) return 1;
    if (jst_trylock(l, w->write)) {
        w->got = 1;
        return 1;
    }
    return bpf_ktime_get_ns() > w->deadline;
}

/* a global (not inlined) function: the verifier checks it once, not at every lock of every probe
 * (five globals' locks inlined in one probe were "too complex": more than 8192 jumps in one path) */
__attribute__((noinline)) int jst_lock(__u32 i, int write) {
    __s64 *l = bpf_map_lookup_elem(&jst_locks, &i);
    if (!l) return -1;
    if (jst_trylock(l, write)) return 0; /* uncontended: one compare-and-swap, as before */
    struct jst_lockwait w = { bpf_ktime_get_ns() + JST_TRYLOCK_NS, i, write, 0 };
    bpf_loop(1 << 23, jst_lockwait_step, &w, 0);
    return w.got ? 0 : -1;
}

static __always_inline void jst_unlock(__u32 i, int write) {
    __s64 *l = bpf_map_lookup_elem(&jst_locks, &i);
    if (l) __sync_fetch_and_add(l, write ? 1 : -1);
}
#endif

#if JST_NSTAMPS > 0
/* A creation counter per global: an array element keeps the count of its creation (a statistic's CPU partial, of
 * its first <<< on that CPU) as its order, kmod's (creation order; a deleted and re-created element goes last). One
 * atomic add when an element is created, nothing when it is updated. The Java side orders by it and stamps what
 * user space creates. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, JST_NSTAMPS); __type(key, __u32); __type(value, __u64); } jst_stamps SEC(".maps");
static __always_inline __u64 jst_stamp(__u32 g) {
    __u64 *c = bpf_map_lookup_elem(&jst_stamps, &g);
    return c ? __sync_fetch_and_add(c, 1) + 1 : 0;
}
#endif

static __always_inline void jst_event(__u32 kind, __u32 id, __u64 a0) {
    struct jst_rec *r = bpf_ringbuf_reserve(&jst_events, sizeof(*r), 0);
    if (!r) { jst_lost_one(); return; }
    r->kind = kind; r->id = id; r->a0 = a0;
    bpf_ringbuf_submit(r, 0);
}

/* h->failed: how the hit is failing. SITE: the site's message with a0 (formatted by the Java side); MSG: the
 * message is in h->emsg (catchable: inside a try or a function); FATAL: not catchable (MAXACTION); ABORT: abort()
 * leaving the handler, not an error. */
#define JST_FAIL_SITE 1
#define JST_FAIL_MSG 2
#define JST_FAIL_FATAL 3
#define JST_FAIL_ABORT 4

static __always_inline void jst_pend(struct jst_hit *h, __u32 kind, __u32 id, __u64 a0) {
    h->failed = kind;
    h->err_id = id;
    h->err_a0 = a0;
}

/* A runtime error no catch took, at the probe's end: the first one moves the session to the error state (no probe
 * runs after it) and is reported; the Java side prints stap's "ERROR: ... near ..." for the site id. */
static __always_inline void jst_report(struct jst_hit *h) {
    __u32 k = h->failed;
    if (k == 0 || k == JST_FAIL_ABORT) return;
    __u64 *s = jst_ctl_slot(JST_CTL_STATE);
    if (!s || __sync_val_compare_and_swap(s, 1, 3) != 1) return;
    if (k != JST_FAIL_MSG) {
        jst_event(JST_REC_ERROR, h->err_id, h->err_a0);
        return;
    }
    struct { struct jst_rec r; char m[JST_MAXSTR]; } *rc = bpf_ringbuf_reserve(&jst_events, sizeof(*rc), 0);
    if (!rc) { jst_lost_one(); return; }
    rc->r.kind = JST_REC_ERRORMSG; rc->r.id = h->err_id; rc->r.a0 = 0;
    if (bpf_probe_read_kernel_str(rc->m, JST_MAXSTR, h->emsg) < 0) rc->m[0] = 0;
    bpf_ringbuf_submit(rc, 0);
}

/* exit(): stop further probes, tell the Java side (which runs the end probes) */
static __always_inline void jst_exit(void) {
    __u64 *s = jst_ctl_slot(JST_CTL_STATE);
    if (s && __sync_val_compare_and_swap(s, 1, 2) == 1) jst_event(JST_REC_EXIT, 0, 0);
}

/* BPF (before cpu v4) has no signed division: stap's semantics over unsigned ops (MIN / -1 wraps) */
static __always_inline s64t jst_div(s64t a, s64t b) {
    int neg = (a < 0) != (b < 0);
    u64t ua = a < 0 ? -(u64t)a : (u64t)a, ub = b < 0 ? -(u64t)b : (u64t)b;
    u64t q = ua / ub;
    return neg ? -(s64t)q : (s64t)q;
}
static __always_inline s64t jst_mod(s64t a, s64t b) {
    u64t ua = a < 0 ? -(u64t)a : (u64t)a, ub = b < 0 ? -(u64t)b : (u64t)b;
    u64t r = ua % ub;
    return a < 0 ? -(s64t)r : (s64t)r;
}

/* an index the verifier can see is below n: the empty asm hides what clang knows of i, so the check stays */
static __always_inline __u32 jst_index(__u64 i, __u32 n) {
    asm volatile("" : "+r"(i));
    if (i >= n) i = n - 1;
    return (__u32)i;
}

/* runtime-c's log2 histogram bucket: 64 for 0, 64 +/- the bit length of |v| (capped at 63) */
static __always_inline __u32 jst_log_bucket(s64t v) {
    if (v == 0) return 64;
    u64t u = v < 0 ? -(u64t)v : (u64t)v;
    __u32 bits = 0;
    if (u >> 32) { bits += 32; u >>= 32; }
    if (u >> 16) { bits += 16; u >>= 16; }
    if (u >> 8) { bits += 8; u >>= 8; }
    if (u >> 4) { bits += 4; u >>= 4; }
    if (u >> 2) { bits += 2; u >>= 2; }
    if (u >> 1) { bits += 1; u >>= 1; }
    bits += (__u32)u;
    if (bits > 63) bits = 63;
    return v < 0 ? 64 - bits : 64 + bits;
}

static __always_inline __u64 jst_realtime_ns(void) {
    __u64 *o = jst_ctl_slot(JST_CTL_REALTIME_OFFSET);
    return bpf_ktime_get_boot_ns() + (o ? *o : 0);
}

static __always_inline s64t jst_target(void) {
    __u64 *t = jst_ctl_slot(JST_CTL_TARGET);
    return t ? (s64t)*t : 0;
}

static const char jst_empty[JST_MAXSTR] = "";
/* the zero value a new array element starts from (a statistic's is larger than BPF's stack) */
static const char jst_zero[JST_ZERO_BYTES] = {};
/* the key of a return probe's saved @entry values: the thread, its stack pointer at the entry (0 for a syscall) */
struct jst_ekey { __u64 tid; __u64 sp; };

/* copy a NUL-terminated string of at most JST_MAXSTR-1 bytes (both in BPF-readable memory) */
static __always_inline void jst_strcpy(char *dst, const char *src) {
    if (bpf_probe_read_kernel_str(dst, JST_MAXSTR, src) < 0) dst[0] = 0;
}


static __always_inline int jst_strcmp(const char *a, const char *b) {
    for (__u32 i = 0; i < JST_MAXSTR; i++) {
        unsigned char x = a[i], y = b[i];
        if (x != y) return x < y ? -1 : 1;
        if (!x) return 0;
    }
    return 0;
}

/* dst (a 2*JST_MAXSTR slot) = a . b, cut at JST_MAXSTR-1 bytes like jst_strcat */
static __always_inline void jst_concat(char *dst, const char *a, const char *b) {
    long n = bpf_probe_read_kernel_str(dst, JST_MAXSTR, a);
    if (n <= 0) { dst[0] = 0; n = 1; }
    u64t la = (u64t)(n - 1);
    /* the bound checked on the register used for both the offset and the size (clang checked a copy: 6.1's
     * verifier saw an unbounded offset) */
    asm volatile("" : "+r"(la));
    if (la > JST_MAXSTR - 1) la = JST_MAXSTR - 1;
    if (bpf_probe_read_kernel_str(dst + la, JST_MAXSTR - la, b) < 0) dst[la] = 0;
    dst[JST_MAXSTR - 1] = 0;
}
/* dst = substr(s, start, len), as the kmod runtime's: 0-based start, cut at the end of s, "" when out of range.
 * s's length from the copy helper's return (no loop: a loop here made string-heavy probes too complex to verify) */
static __always_inline void jst_substr(char *dst, const char *s, s64t start, s64t len) {
    long r = bpf_probe_read_kernel_str(dst, JST_MAXSTR, s);
    s64t n = r > 0 ? r - 1 : 0;
    if (start < 0 || start >= n || len <= 0) { dst[0] = 0; return; }
    if (len > n - start) len = n - start;
    u64t sz = (u64t)len + 1;
    asm volatile("" : "+r"(sz)); /* the bound checked on the register the helper gets (clang checked a copy) */
    if (sz > JST_MAXSTR) sz = JST_MAXSTR;
    if (bpf_probe_read_kernel_str(dst, sz, s + start) < 0) dst[0] = 0;
}

/* ---- string functions with loops (str_replace, text_str, isinstr, tokenize, strtol) ----
 * Global (noinline) functions over a per-CPU work area: each is verified once, not at every call site. The call
 * site copies its arguments into a/b/c and the result out of out. Loops whose trip count depends on the data are
 * bpf_loop callbacks keeping their positions in the work area (not in registers the verifier would track through
 * every iteration); every position is clamped after it is loaded. */
struct jst_work {
    __u32 i, o, n, lf, lt, phase, tok_pos, tok_active;
    s64t v;
    char a[JST_MAXSTR]; /* inputs */
    char b[JST_MAXSTR];
    char c[JST_MAXSTR];
    char out[JST_MAXSTR];
    char pad[JST_MAXSTR]; /* slack: a write at out + o (o < JST_MAXSTR) of under JST_MAXSTR bytes stays inside */
    char tok[JST_MAXSTR]; /* tokenize's input, kept from call to call (per CPU, as kmod's per-context one) */
    char pad2[JST_MAXSTR];
    char len[JST_MAXSTR]; /* where jst_strlen copies to */
};
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, JST_SLOTS); __type(key, __u32); __type(value, struct jst_work); } jst_works SEC(".maps");
struct jst_wctx { struct jst_work *w; };

static __always_inline struct jst_work *jst_work(void) {
    __u32 k = jst_myslot();
    return bpf_map_lookup_elem(&jst_works, &k);
}

/* strlen of a string of the generated code (JST_MAXSTR readable bytes): the copy helper's count, not a loop (a
 * loop of JST_MAXSTR steps at every strlen made loops over strings too long for the verifier to walk) */
static __always_inline __u32 jst_strlen(const char *s) {
    struct jst_work *w = jst_work();
    if (!w) return 0;
    long n = bpf_probe_read_kernel_str(w->len, JST_MAXSTR, s);
    return n > 0 ? (__u32)(n - 1) : 0;
}

static __always_inline __u32 jst_wlen(const char *s) {
    __u32 i;
    for (i = 0; i < JST_MAXSTR - 1; i++) if (!s[i]) break;
    return i;
}

/* whether needle (nl bytes, nl > 0) is at hay + i; hay is followed by JST_MAXSTR more readable bytes */
static __always_inline int jst_at(const char *hay, __u32 i, const char *needle, __u32 nl) {
    for (__u32 j = 0; j < JST_MAXSTR - 1; j++) {
        if (j >= nl) return 1;
        if (hay[i + j] != needle[j]) return 0;
    }
    return 1;
}

static long jst_replace_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 i = jst_index(w->i, JST_MAXSTR), o = jst_index(w->o, JST_MAXSTR), lf = jst_index(w->lf, JST_MAXSTR);
    if (!w->a[i] || o >= JST_MAXSTR - 1) return 1;
    if (lf > 0 && jst_at(w->a, i, w->b, lf)) {
        u64t n = w->lt;
        if (n > JST_MAXSTR - 1 - o) n = JST_MAXSTR - 1 - o;
        asm volatile("" : "+r"(n));
        if (n > JST_MAXSTR - 1) n = JST_MAXSTR - 1;
        if (n) bpf_probe_read_kernel(w->out + o, n, w->c);
        w->o = o + n;
        w->i = i + lf;
    } else {
        w->out[o] = w->a[i];
        w->o = o + 1;
        w->i = i + 1;
    }
    return 0;
}

/* out = a with every b replaced by c (runtime-c's jst_str_replace) */
__attribute__((noinline)) int jst_g_replace(struct jst_work *w) {
    if (!w) return 0;
    w->lf = jst_wlen(w->b);
    w->lt = jst_wlen(w->c);
    w->i = 0;
    w->o = 0;
    struct jst_wctx c = { w };
    bpf_loop(JST_MAXSTR, jst_replace_step, &c, 0);
    w->out[jst_index(w->o, JST_MAXSTR)] = 0;
    return 0;
}

static long jst_find_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 i = jst_index(w->i, JST_MAXSTR), lf = jst_index(w->lf, JST_MAXSTR);
    if (jst_at(w->a, i, w->b, lf)) { w->v = i; return 1; }
    if (!w->a[i]) return 1;
    w->i = i + 1;
    return 0;
}

/* the first position of b in a at or after start, else -1 (isinstr, strpos) */
__attribute__((noinline)) s64t jst_g_find(struct jst_work *w, s64t start) {
    if (!w) return -1;
    __u32 n = jst_wlen(w->a);
    if (start < 0) start = 0;
    if (start > n) return -1;
    w->lf = jst_wlen(w->b);
    w->i = (__u32)start;
    w->v = -1;
    struct jst_wctx c = { w };
    bpf_loop(JST_MAXSTR, jst_find_step, &c, 0);
    return w->v;
}

/* the escaped form of a byte (not NUL) into e[0..3], as runtime-c's jst_escape_char: its length (1, 2 or 4) */
static __always_inline __u32 jst_escape(unsigned char ch, char *e) {
    e[0] = '\\'; e[1] = 0; e[2] = 0; e[3] = 0;
    switch (ch) {
    case '\n': e[1] = 'n'; return 2;
    case '\t': e[1] = 't'; return 2;
    case '\r': e[1] = 'r'; return 2;
    case '\v': e[1] = 'v'; return 2;
    case '\f': e[1] = 'f'; return 2;
    case '\a': e[1] = 'a'; return 2;
    case '\b': e[1] = 'b'; return 2;
    case '"': e[1] = '"'; return 2;
    case '\\': e[1] = '\\'; return 2;
    }
    if (ch < 32 || ch >= 127) {
        e[1] = '0' + ((ch >> 6) & 7); e[2] = '0' + ((ch >> 3) & 7); e[3] = '0' + (ch & 7);
        return 4;
    }
    e[0] = ch;
    return 1;
}

static long jst_text_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 i = jst_index(w->i, JST_MAXSTR), o = jst_index(w->o, JST_MAXSTR);
    unsigned char ch = w->a[i];
    if (!ch) return 1;
    char e[4];
    __u32 len = jst_escape(ch, e);
    if (o + len > w->lt) return 1;
    char *out = w->out + o;
    out[0] = e[0]; out[1] = e[1]; out[2] = e[2]; out[3] = e[3];
    w->o = o + len;
    w->i = i + 1;
    return 0;
}

/* out = a with non-printables escaped, cut between escapes at JST_MAXSTR-1 (runtime-c's jst_text_strn(s, 0, 0)) */
static __always_inline __u32 jst_text_into_out(struct jst_work *w, __u32 limit) {
    w->i = 0;
    w->o = 0;
    w->lt = limit;
    struct jst_wctx c = { w };
    bpf_loop(JST_MAXSTR, jst_text_step, &c, 0);
    __u32 o = jst_index(w->o, JST_MAXSTR);
    w->out[o] = 0;
    return o;
}

__attribute__((noinline)) int jst_g_text(struct jst_work *w) {
    if (!w) return 0;
    jst_text_into_out(w, JST_MAXSTR - 1);
    return 0;
}

/* out = the tapset's text_strn(a, len, quoted): text_str(a) whole when it fits len (with its quotes), else cut
 * between escapes at len (quoted: len - 5, then the quotes and "...") */
__attribute__((noinline)) int jst_g_textn(struct jst_work *w, s64t len, s64t quoted) {
    if (!w) return 0;
    __u32 n = jst_text_into_out(w, JST_MAXSTR - 1);
    int cut = !(len <= 0 || (s64t)n + (quoted ? 2 : 0) <= len);
    if (cut) {
        s64t room = quoted ? len - 5 : len;
        n = room <= 0 ? 0 : jst_text_into_out(w, (__u32)room);
        if (room <= 0) w->out[0] = 0;
    }
    if (!quoted) return 0;
    /* "\"" . out . "\"" or "\"..." (cut at JST_MAXSTR - 1 like any concatenation) */
    bpf_probe_read_kernel(w->pad, JST_MAXSTR, w->out);
    w->out[0] = '"';
    n = jst_index(n, JST_MAXSTR);
    if (n) bpf_probe_read_kernel(w->out + 1, n, w->pad);
    char *t = w->out + 1 + n;
    t[0] = '"';
    if (cut) { t[1] = '.'; t[2] = '.'; t[3] = '.'; t[4] = 0; } else { t[1] = 0; }
    w->out[JST_MAXSTR - 1] = 0;
    return 0;
}

static __always_inline int jst_delim(const char *d, char ch) {
    for (__u32 j = 0; j < JST_MAXSTR - 1; j++) {
        if (!d[j]) return 0;
        if (d[j] == ch) return 1;
    }
    return 0;
}

static long jst_token_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 p = jst_index(w->tok_pos, JST_MAXSTR), o = jst_index(w->o, JST_MAXSTR);
    char ch = w->tok[p];
    if (!ch) return 1;
    int d = jst_delim(w->b, ch);
    if (w->phase == 0) {          /* skipping leading delimiters */
        if (!d) { w->phase = 1; return 0; }
        w->tok_pos = p + 1;
        return 0;
    }
    if (d) { w->tok_pos = p + 1; return 1; } /* the delimiter after the token is used up */
    w->out[o] = ch;
    w->o = o + 1;
    w->tok_pos = p + 1;
    return 0;
}

/* tokenize(a, b): a non-empty a starts a new input (runtime-c's jst_tokenize) */
__attribute__((noinline)) int jst_g_tokenize(struct jst_work *w) {
    if (!w) return 0;
    if (w->a[0]) {
        bpf_probe_read_kernel(w->tok, JST_MAXSTR, w->a);
        w->tok_pos = 0;
        w->tok_active = 1;
    }
    w->out[0] = 0;
    if (!w->tok_active) return 0;
    w->o = 0;
    w->phase = 0;
    struct jst_wctx c = { w };
    bpf_loop(JST_MAXSTR, jst_token_step, &c, 0);
    __u32 o = jst_index(w->o, JST_MAXSTR);
    w->out[o] = 0;
    if (o == 0) w->tok_active = 0;
    return 0;
}

static __always_inline int jst_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'Z') return ch - 'A' + 10;
    return 99;
}

static long jst_space_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 i = jst_index(w->i, JST_MAXSTR);
    char ch = w->a[i];
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\v') return 1;
    w->i = i + 1;
    return 0;
}

static long jst_digits_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 i = jst_index(w->i, JST_MAXSTR);
    int d = jst_digit(w->a[i]);
    if (d >= (int)w->n) return 1;
    w->v = (s64t)((u64t)w->v * (u64t)w->n + (u64t)d);
    w->i = i + 1;
    return 0;
}

/* strtol(a, base), runtime-c's jst_strtol */
__attribute__((noinline)) s64t jst_g_strtol(struct jst_work *w, s64t base) {
    if (!w) return 0;
    struct jst_wctx c = { w };
    w->i = 0;
    bpf_loop(JST_MAXSTR, jst_space_step, &c, 0);
    __u32 i = jst_index(w->i, JST_MAXSTR);
    const char *s = w->a; /* s[i + 2] stays inside: b follows a */
    int neg = 0;
    if (s[i] == '-' || s[i] == '+') { neg = s[i] == '-'; i++; }
    if ((base == 0 || base == 16) && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && jst_digit(s[i + 2]) < 16) {
        i += 2;
        base = 16;
    } else if (base == 0) {
        base = s[i] == '0' ? 8 : 10;
    }
    if (base < 2 || base > 36) return 0;
    w->n = (__u32)base;
    w->i = i;
    w->v = 0;
    bpf_loop(JST_MAXSTR, jst_digits_step, &c, 0);
    return neg ? (s64t)(0 - (u64t)w->v) : w->v;
}

/* v in octal into dst ("0" first when alt, as runtime-c's %#o: "00" for 0); bpf_snprintf has no %o */
static __always_inline void jst_octal(char *dst, u64t v, int alt) {
    char t[24];
    __u32 n = 0, o = 0;
    for (__u32 i = 0; i < 22; i++) {
        t[i] = '0' + (v & 7);
        n = i + 1;
        v >>= 3;
        if (!v) break;
    }
    if (alt) dst[o++] = '0';
    for (__u32 i = 0; i < 22; i++) {
        if (i >= n) break;
        dst[o + i] = t[jst_index(n - 1 - i, 24)];
    }
    dst[jst_index(o + n, 24)] = 0;
}

/* dst = the precision of an integer conversion as the kernel's vsprintf (runtime-c's printf) gives it, which
 * bpf_snprintf refuses ("%.3d"): '-' when neg, zeros until the digits (of the magnitude) number prec, the digits */
static __always_inline void jst_prec(char *dst, const char *digits, s64t prec, int neg) {
    char t[24];
    long n = bpf_probe_read_kernel_str(t, sizeof(t), digits);
    if (n <= 0) { t[0] = 0; n = 1; }
    u64t len = (u64t)(n - 1);
    asm volatile("" : "+r"(len));
    if (len > 22) len = 22;
    if (prec < 0) prec = 0;
    if (prec > JST_MAXSTR - 32) prec = JST_MAXSTR - 32;
    u64t o = 0;
    if (neg) dst[o++] = '-';
    for (__u32 i = 0; i < JST_MAXSTR - 32; i++) {
        if ((s64t)(i + len) >= prec) break;
        dst[jst_index(o, JST_MAXSTR)] = '0';
        o++;
    }
    for (__u32 i = 0; i < 22; i++) {
        if (i >= len) break;
        dst[jst_index(o + i, JST_MAXSTR)] = t[jst_index(i, 24)];
    }
    dst[jst_index(o + len, JST_MAXSTR)] = 0;
}

/* dst (a 2*JST_MAXSTR slot) = s padded with spaces to width (left-justified when left), as runtime-c's %*s (a
 * negative width pads nothing) */
static __always_inline void jst_pad(char *dst, const char *s, s64t width, int left) {
    if (width < 0) width = 0;
    if (width > JST_MAXSTR - 1) width = JST_MAXSTR - 1;
    long n = bpf_probe_read_kernel_str(dst, JST_MAXSTR, s);
    if (n <= 0) { dst[0] = 0; n = 1; }
    u64t len = (u64t)(n - 1);
    asm volatile("" : "+r"(len));
    if (len > JST_MAXSTR - 1) len = JST_MAXSTR - 1;
    if ((s64t)len >= width) return;
    u64t pad = (u64t)width - len;
    asm volatile("" : "+r"(pad));
    if (pad > JST_MAXSTR - 1) pad = JST_MAXSTR - 1;
    if (left) {
        for (__u32 i = 0; i < JST_MAXSTR - 1; i++) { if (i >= pad) break; dst[len + i] = ' '; }
        dst[len + pad] = 0;
        return;
    }
    if (bpf_probe_read_kernel_str(dst + pad, JST_MAXSTR, s) < 0) dst[pad] = 0;
    for (__u32 i = 0; i < JST_MAXSTR - 1; i++) { if (i >= pad) break; dst[i] = ' '; }
}
#endif
