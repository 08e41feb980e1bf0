/* jstap_stacks.h: kernel stacks and kernel symbols in BPF (the tapset's backtrace/stack/caller/symname family),
 * included after jstap_bpf.h by a program that uses them (BpfStacks writes the calls).
 *
 * The loader fills jst_ksyms from the running kernel's /proc/kallsyms after the load (so the symbols are those of
 * the kernel the program runs on: the guest's under --target=vm, and the loaded BPF programs are among them):
 * text symbols of the kernel and its modules sorted by address, each with its size (to the next symbol) and its
 * module (jst_kmods[0] is "kernel"). A stack is captured once per hit (bpf_get_stack), symbolised here by binary
 * search, and formatted as kmod's runtime (jst_syms.c) prints it. The formatting functions are global (verified
 * once) and work in the per-CPU jst_stks scratch (the hit's slot of it), not in the caller's strings. */
#ifndef JSTAP_STACKS_H
#define JSTAP_STACKS_H

#define JST_KSYM_NAME 112
struct jst_ksym { __u64 addr; __u32 size; __u32 mod; char name[JST_KSYM_NAME]; };
/* sized and filled by the loader (max_entries set before the load, contents written through mmap) */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(map_flags, BPF_F_MMAPABLE); __uint(max_entries, 1); __type(key, __u32); __type(value, struct jst_ksym); } jst_ksyms SEC(".maps");
/* [0] how many jst_ksyms are filled, [1] 1 + the module number of "bpf" (the BPF programs), 0 if none */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } jst_ksinfo SEC(".maps");
struct jst_kmod { char name[64]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1024); __type(key, __u32); __type(value, struct jst_kmod); } jst_kmods SEC(".maps");

/* the probe's context (struct jst_stk.kind) */
#define JST_STK_NONE 0      /* tracepoints: the stack is the one the probe fires on, without the BPF frames */
#define JST_STK_KPROBE 1    /* frame 0 is the probed address (x86's regs->ip is one past the int3) */
#define JST_STK_KRETPROBE 2 /* frame 0 is where the function returns to; paddr the function */
#define JST_STK_UPROBE 3    /* user registers: no kernel frames */
#define JST_STK_REGS 4      /* other registers (perf events) */

#define JST_KSTACK_CAP 48 /* frames asked for: MAXBACKTRACE after dropping the BPF ones */
#define JST_STK_IN 4096    /* a power of two of at least JST_MAXSTR (4096 at most) */
#define JST_REC_TEXT 7    /* payload: text printed as it is (print_backtrace's lines) */

struct jst_stk {
    __s32 kn;    /* kernel frames captured in this hit, -1 not yet */
    __u32 kind;  /* JST_STK_* */
    __u64 paddr; /* kprobes: the probed address (the attach cookie the loader sets), else 0 */
    __u64 ip;    /* the probe's registers' ip, 0 without registers */
    __u64 spw;   /* stack_used(): where a local's address becomes a number */
    __u64 opq;   /* jst_opaque() */
    __u64 kpc[JST_KSTACK_CAP];
    char line[2 * JST_MAXSTR]; /* a joined result; twice: an append starts anywhere below JST_MAXSTR */
    char tmp[JST_MAXSTR];      /* one symbol or line */
    char in[JST_STK_IN];       /* a stack string to parse (print_stack) */
};
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, JST_SLOTS); __type(key, __u32); __type(value, struct jst_stk); } jst_stks SEC(".maps");

static __always_inline struct jst_stk *jst_stk(void) {
    __u32 k = jst_myslot();
    return bpf_map_lookup_elem(&jst_stks, &k);
}

/* v, unknown to the verifier (stored and loaded back through the map): the start of a bpf_loop callback's state.
 * Kernels before 6.7 verify a callback once, from the state of its first call, and drop as dead the branches that
 * state never takes (a parser's "after some digits" branch, when its count starts as a constant 0). */
static __always_inline __u64 jst_opaque(__u64 v) {
    struct jst_stk *st = jst_stk();
    if (!st) return v;
    st->opq = v;
    return *(volatile __u64 *)&st->opq;
}

/* at a probe's entry: nothing captured yet, and what the stack functions need of its context */
static __always_inline void jst_stk_enter(__u32 kind, __u64 paddr, __u64 ip) {
    struct jst_stk *st = jst_stk();
    if (!st) return;
    st->kn = -1;
    st->kind = kind;
    st->paddr = paddr;
    st->ip = ip;
}

/* the index of the symbol covering a, -1 if none: a binary search, one step per bpf_loop iteration (an unrolled
 * one is a path per outcome for the verifier) */
struct jst_ksfind { __u64 a; __u32 lo, hi; };

static long jst_ksym_step(__u64 i, void *c) {
    struct jst_ksfind *f = c;
    if (f->lo >= f->hi) return 1;
    __u32 mid = f->lo + (f->hi - f->lo) / 2;
    struct jst_ksym *s = bpf_map_lookup_elem(&jst_ksyms, &mid);
    if (!s) return 1;
    if (s->addr <= f->a) f->lo = mid + 1; else f->hi = mid;
    return 0;
}

__attribute__((noinline)) int jst_ksym_find(__u64 a) {
    __u32 k = 0;
    __u64 *cnt = bpf_map_lookup_elem(&jst_ksinfo, &k);
    if (!cnt || !a) return -1;
    struct jst_ksfind f = { a, 0, (__u32)*cnt };
    bpf_loop(40, jst_ksym_step, &f, 0);
    if (f.lo == 0) return -1;
    __u32 idx = f.lo - 1;
    struct jst_ksym *s = bpf_map_lookup_elem(&jst_ksyms, &idx);
    if (!s || a - s->addr >= s->size) return -1;
    return (int)idx;
}

#define JST_SYM_NAME 0   /* "name", else "0x%lx" */
#define JST_SYM_DATA 1   /* "name+0xoff/0xsize [mod]", else "0x%lx" */
#define JST_SYM_BRIEF 2  /* "name+0xoff [mod]", else "0x%lx" */
#define JST_SYM_LINE 3   /* " 0x%016lx : name+0xoff/0xsize [mod]\n", else " 0x%016lx\n" */
#define JST_SYM_MOD 4    /* "mod" ("kernel"), else nothing */

/* a into the scratch's tmp as mode says; its length, -1 when no symbol covers a */
__attribute__((noinline)) int jst_ksym_fmt(__u64 a, __u32 mode) {
    struct jst_stk *st = jst_stk();
    if (!st) return -1;
    int i = jst_ksym_find(a);
    __u32 idx = i < 0 ? 0 : (__u32)i;
    struct jst_ksym *s = i < 0 ? 0 : bpf_map_lookup_elem(&jst_ksyms, &idx);
    __u32 mi = s ? s->mod : 0;
    struct jst_kmod *m = s ? bpf_map_lookup_elem(&jst_kmods, &mi) : 0;
    if (!s || !m) {
        __u64 fa[1] = { a };
        st->tmp[0] = 0;
        if (mode == JST_SYM_LINE) bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%016llx\n", fa, 8);
        else if (mode != JST_SYM_MOD) bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx", fa, 8);
        return -1;
    }
    __u64 fa[5] = { (__u64)s->name, a - s->addr, s->size, (__u64)m->name, 0 };
    long n;
    switch (mode) {
    case JST_SYM_NAME: n = bpf_snprintf(st->tmp, JST_MAXSTR, "%s", fa, 8); break;
    case JST_SYM_DATA: n = bpf_snprintf(st->tmp, JST_MAXSTR, "%s+0x%llx/0x%llx [%s]", fa, 32); break;
    case JST_SYM_BRIEF: fa[2] = fa[3]; n = bpf_snprintf(st->tmp, JST_MAXSTR, "%s+0x%llx [%s]", fa, 24); break;
    case JST_SYM_LINE: {
        __u64 fl[5] = { a, fa[0], fa[1], fa[2], fa[3] };
        n = bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%016llx : %s+0x%llx/0x%llx [%s]\n", fl, 40);
        break;
    }
    default: n = bpf_snprintf(st->tmp, JST_MAXSTR, "%s", &fa[3], 8); break;
    }
    return n > 0 ? (int)n - 1 : 0;
}

/* appends tmp to line at *len (cut at JST_MAXSTR - 1 as scnprintf into a MAXSTRINGLEN buffer) */
static __always_inline void jst_stk_append(struct jst_stk *st, __u32 *len) {
    __u32 at = *len;
    if (at >= JST_MAXSTR - 1) return;
    long n = bpf_probe_read_kernel_str(st->line + at, JST_MAXSTR, st->tmp);
    if (n > 0) at += (__u32)n - 1;
    if (at > JST_MAXSTR - 1) at = JST_MAXSTR - 1;
    asm volatile("" : "+r"(at));
    if (at < JST_MAXSTR) st->line[at] = 0;
    *len = at;
}

/* drops the frames up to and including the last one in a BPF program (the probe's own, and the tracepoint's
 * glue before it goes on below), as kmod drops its module's handler frames; then at most MAXBACKTRACE */
struct jst_trim { int n, last; __u64 bpfmod; };

static __always_inline int jst_stk_prefix(const char *s, const char *p, int n) {
    for (int i = 0; i < n; i++) if (s[i] != p[i]) return 0;
    return 1;
}

static long jst_trim_find(__u64 i, void *c) {
    struct jst_trim *t = c;
    struct jst_stk *st = jst_stk();
    if (!st || i >= JST_KSTACK_CAP || (int)i >= t->n) return 1;
    int s = jst_ksym_find(st->kpc[i]);
    __u32 si = s < 0 ? 0 : (__u32)s;
    struct jst_ksym *sy = s < 0 ? 0 : bpf_map_lookup_elem(&jst_ksyms, &si);
    /* BPF's tracepoint glue (bpf_trace_runN, __bpf_trace_*) calls the program where kmod's handler is called */
    if (sy && (sy->mod + 1 == t->bpfmod || jst_stk_prefix(sy->name, "bpf_trace_run", 13) || jst_stk_prefix(sy->name, "__bpf_trace_", 12)))
        t->last = (int)i;
    return 0;
}

static long jst_trim_move(__u64 i, void *c) {
    struct jst_trim *t = c;
    struct jst_stk *st = jst_stk();
    __u64 from = i + (__u64)(t->last + 1);
    if (!st || i >= JST_MAXBACKTRACE || from >= JST_KSTACK_CAP || (int)from >= t->n) return 1;
    st->kpc[i] = st->kpc[from];
    st->kn = (int)i + 1;
    return 0;
}

__attribute__((noinline)) int jst_kstack_trim(void) {
    struct jst_stk *st = jst_stk();
    __u32 k = 1;
    __u64 *bpfmod = bpf_map_lookup_elem(&jst_ksinfo, &k);
    if (!st) return 0;
    struct jst_trim t = { st->kn, -1, bpfmod ? *bpfmod : 0 };
    bpf_loop(JST_KSTACK_CAP, jst_trim_find, &t, 0);
    st->kn = 0;
    bpf_loop(JST_MAXBACKTRACE, jst_trim_move, &t, 0);
    return st->kn;
}

/* the hit's kernel stack (captured on first use), NULL without scratch */
static __always_inline struct jst_stk *jst_kstack(void *ctx) {
    struct jst_stk *st = jst_stk();
    if (!st || st->kn >= 0) return st;
    st->kn = 0;
    if (st->kind == JST_STK_UPROBE) return st;
    long r = bpf_get_stack(ctx, st->kpc, sizeof(st->kpc), 0);
    int n = r > 0 ? (int)((__u64)r / 8) : 0;
    if (st->kind == JST_STK_KPROBE && n > 0 && st->paddr) st->kpc[0] = st->paddr;
    st->kn = n;
    if (st->kind == JST_STK_NONE) jst_kstack_trim();
    else if (st->kn > JST_MAXBACKTRACE) st->kn = JST_MAXBACKTRACE;
    return st;
}

#define JST_JOIN_BACKTRACE 0 /* "0x%lx " per frame */
#define JST_JOIN_CALLERS 1   /* frames 0..n, "0x%lx" separated by spaces (n < 0: all) */
#define JST_JOIN_SYMS 2      /* "name+0xoff [mod]\n" per frame */

/* the captured stack joined into line as what says (frames 0..upto for callers); its length */
struct jst_join { __u32 what, len; int n; };

static long jst_join_step(__u64 i, void *c) {
    struct jst_join *j = c;
    struct jst_stk *st = jst_stk();
    if (!st || i >= JST_KSTACK_CAP || (int)i >= j->n) return 1;
    __u64 a = st->kpc[i];
    if (j->what == JST_JOIN_SYMS) {
        jst_ksym_fmt(a, JST_SYM_BRIEF);
        jst_stk_append(st, &j->len);
        st->tmp[0] = '\n'; st->tmp[1] = 0;
    } else {
        __u64 fa[1] = { a };
        if (j->what == JST_JOIN_BACKTRACE) bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx ", fa, 8);
        else if (i) bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%llx", fa, 8);
        else bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx", fa, 8);
    }
    jst_stk_append(st, &j->len);
    return 0;
}

__attribute__((noinline)) int jst_kstack_join(__u32 what, __s64 upto) {
    struct jst_stk *st = jst_stk();
    if (!st) return 0;
    int n = st->kn;
    if (what == JST_JOIN_CALLERS && upto >= 0 && upto + 1 < n) n = (int)upto + 1;
    struct jst_join j = { what, (__u32)jst_opaque(0), n };
    st->line[0] = 0;
    bpf_loop(JST_MAXBACKTRACE, jst_join_step, &j, 0);
    return (int)j.len;
}

static __always_inline void jst_stk_text(const char *s) {
    struct { struct jst_rec r; char m[JST_MAXSTR]; } *rc = bpf_ringbuf_reserve(&jst_events, sizeof(*rc), 0);
    if (!rc) { jst_lost_one(); return; }
    rc->r.kind = JST_REC_TEXT; rc->r.id = 0; rc->r.a0 = 0;
    if (bpf_probe_read_kernel_str(rc->m, JST_MAXSTR, s) < 0) rc->m[0] = 0;
    bpf_ringbuf_submit(rc, 0);
}

/* print_backtrace: a line per frame, one record each (a stack is longer than a string); a .return probe first
 * names the function it returns from (kmod's "Returning from:"/"Returning to  :") */
static long jst_print_step(__u64 i, void *c) {
    struct jst_stk *st = jst_stk();
    if (!st || i >= JST_KSTACK_CAP || (int)i >= st->kn) return 1;
    if (i == 0 && st->kind == JST_STK_KRETPROBE && st->paddr) {
        __u32 len = 0;
        st->line[0] = 0;
        jst_ksym_fmt(st->paddr, JST_SYM_LINE);
        bpf_probe_read_kernel_str(st->in, JST_MAXSTR, st->tmp);
        __builtin_memcpy(st->tmp, "Returning from: ", 17);
        jst_stk_append(st, &len);
        bpf_probe_read_kernel_str(st->tmp, JST_MAXSTR, st->in);
        jst_stk_append(st, &len);
        __builtin_memcpy(st->tmp, "Returning to  : ", 17);
        jst_stk_append(st, &len);
        jst_ksym_fmt(st->kpc[0], JST_SYM_LINE);
        jst_stk_append(st, &len);
        jst_stk_text(st->line);
        return 0;
    }
    jst_ksym_fmt(st->kpc[i], JST_SYM_LINE);
    jst_stk_text(st->tmp);
    return 0;
}

__attribute__((noinline)) int jst_kstack_print(void) {
    bpf_loop(JST_MAXBACKTRACE, jst_print_step, 0, 0);
    return 0;
}

/* print_stack/sprint_stack: a line per hex address of st->in (as backtrace() and callers() give them), printed
 * (print) or joined into line; one character per bpf_loop step */
struct jst_parse { __u64 a; __u32 digits, len; int print; };

static long jst_parse_step(__u64 i, void *c) {
    struct jst_parse *ps = c;
    struct jst_stk *st = jst_stk();
    if (!st || i >= JST_MAXSTR) return 1;
    char ch = st->in[i & (JST_STK_IN - 1)];
    int v = ch >= '0' && ch <= '9' ? ch - '0' : (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10 : -1;
    if ((ch | 0x20) == 'x' && ps->digits == 1 && ps->a == 0) { ps->digits = 0; return 0; } /* the 0x */
    if (v >= 0) { ps->a = ps->a * 16 + (__u64)v; ps->digits++; return 0; }
    if (ps->digits) {
        jst_ksym_fmt(ps->a, JST_SYM_LINE);
        if (ps->print) jst_stk_text(st->tmp);
        else jst_stk_append(st, &ps->len);
    }
    ps->a = 0;
    ps->digits = 0;
    return ch == 0 || ch != ' ';
}

__attribute__((noinline)) int jst_kstack_parse(int print) {
    struct jst_stk *st = jst_stk();
    if (!st) return 0;
    __u64 z = jst_opaque(0);
    struct jst_parse ps = { z, (__u32)z, (__u32)z, print };
    st->line[0] = 0;
    st->in[JST_MAXSTR - 1] = 0;
    bpf_loop(JST_MAXSTR, jst_parse_step, &ps, 0);
    return (int)ps.len;
}

/* the user-space tables pass 2 writes into the program's read-only data (UserSymbolTables.emitBpf), read by
 * jstap_ustacks.h: a file's segments, symbols (by address) and CFA rows (by pc) are ranges of the shared arrays,
 * its strings offsets in jst_ustr */
struct jst_ubfile { __u64 size; __u32 seg0, nsegs, sym0, nsyms, cfi0, ncfi, path, alias, base, buildid; };
struct jst_ubseg { __u64 offset, vaddr, filesz; };
struct jst_ubsym { __u64 addr, size; __u32 name; };
/* from pc to the next row: CFA = reg (7 rsp, 6 rbp; -1 no caller) + cfa_off, the return address at CFA - 8, the
 * caller's rbp at CFA + rbp_off (0: unchanged) */
struct jst_ubcfi { __u32 pc; __s32 cfa_off; __s16 cfa_reg; __s16 rbp_off; };

#endif
