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
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } jst_ctl SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, JST_RINGBUF_BYTES); } jst_events SEC(".maps");
/* records that did not fit the ring buffer, per CPU: reported at exit */
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } jst_lost SEC(".maps");

/* record kinds (struct jst_rec.kind) */
#define JST_REC_PRINT 1 /* id: print site; payload: its arguments (8 bytes per long, JST_MAXSTR per string) */
#define JST_REC_EXIT 2
#define JST_REC_ERROR 3 /* id: error site; a0: the value the message names (address, size) */
#define JST_REC_ERRORMSG 4 /* id: error() site; payload: the message string */
#define JST_REC_WARN 5  /* id: warn() site; payload: the message string */
struct jst_rec { __u32 kind; __u32 id; __u64 a0; };

/* per-CPU scratch of one probe hit: string temporaries (BPF's stack is 512 bytes) and a key buffer */
struct jst_hit {
    __u64 actions;
    __u32 failed;   /* an error pending (JST_FAIL_*): reported at the probe's end unless a catch takes it */
    __u32 err_id;   /* its error site */
    __u64 err_a0;   /* the value its message names (JST_FAIL_SITE) */
    char emsg[JST_MAXSTR]; /* its message (JST_FAIL_MSG): what a catch variable gets */
    char key[JST_KEYBUF];
    char s[JST_NSTR][2 * JST_MAXSTR]; /* twice: a concatenation's second copy starts anywhere below JST_MAXSTR */
};
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct jst_hit); } jst_hits SEC(".maps");

static __always_inline __u64 *jst_ctl_slot(__u32 k) { return bpf_map_lookup_elem(&jst_ctl, &k); }

static __always_inline int jst_running(void) {
    __u64 *s = jst_ctl_slot(JST_CTL_STATE);
    return s && *s == 1;
}

static __always_inline struct jst_hit *jst_enter(void) {
    __u32 k = 0;
    if (!jst_running()) return 0;
    struct jst_hit *h = bpf_map_lookup_elem(&jst_hits, &k);
    if (!h) return 0;
    h->actions = 0;
    h->failed = 0;
    return h;
}

static __always_inline void jst_lost_one(void) {
    __u32 k = 0;
    __u64 *n = bpf_map_lookup_elem(&jst_lost, &k);
    if (n) *n += 1;
}

/* hits skipped because a global's lock timed out, per CPU: "skipped probes: N" at exit, as kmod */
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } jst_skipped SEC(".maps");

static __always_inline void jst_skip_one(void) {
    __u32 k = 0;
    __u64 *n = bpf_map_lookup_elem(&jst_skipped, &k);
    if (n) *n += 1;
}

#if JST_NLOCKS > 0
/* One reader/writer lock word per global (indexed by the global's number): 0 free, N > 0 readers, -1 a writer.
 * A probe takes the locks of the globals it uses in the program's global order, for the whole hit, like kmod's;
 * a lock not had after JST_MAXTRYLOCK attempts skips the hit (BPF cannot sleep, and the holder may be this CPU's
 * preempted or interrupted program). */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, JST_NLOCKS); __type(key, __u32); __type(value, __s64); } jst_locks SEC(".maps");

/* a global (not inlined) function: the verifier checks its retry loop once, not at every lock of every probe
 * (five globals' locks inlined in one probe were "too complex": more than 8192 jumps in one path) */
__attribute__((noinline)) int jst_lock(__u32 i, int write) {
    __s64 *l = bpf_map_lookup_elem(&jst_locks, &i);
    if (!l) return -1;
    for (__u32 t = 0; t < JST_MAXTRYLOCK; t++) {
        __s64 v = *(volatile __s64 *)l;
        if (write) {
            if (v == 0 && __sync_val_compare_and_swap(l, 0, -1) == 0) return 0;
        } else if (v >= 0 && __sync_val_compare_and_swap(l, v, v + 1) == v) {
            return 0;
        }
    }
    return -1;
}

static __always_inline void jst_unlock(__u32 i, int write) {
    __s64 *l = bpf_map_lookup_elem(&jst_locks, &i);
    if (l) __sync_fetch_and_add(l, write ? 1 : -1);
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

/* copy a NUL-terminated string of at most JST_MAXSTR-1 bytes (both in BPF-readable memory) */
static __always_inline void jst_strcpy(char *dst, const char *src) {
    if (bpf_probe_read_kernel_str(dst, JST_MAXSTR, src) < 0) dst[0] = 0;
}

/* every string the generated code handles has JST_MAXSTR readable bytes (slots, map values, padded constants) */
static __always_inline __u32 jst_strlen(const char *s) {
    __u32 i;
    for (i = 0; i < JST_MAXSTR - 1; i++) if (!s[i]) break;
    return i;
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
    __u32 la = n > 0 ? (__u32)(n - 1) : 0;
    if (n <= 0) dst[0] = 0;
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
#endif
