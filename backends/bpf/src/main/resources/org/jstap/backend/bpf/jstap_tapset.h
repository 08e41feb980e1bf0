/* The tapset's embedded-C helpers that kernel probes call, as BPF (TapsetHelpers.java writes the calls): the
 * probe's raw arguments (arguments.stp's __jst_arg) and a memory buffer as quoted, escaped text (buffers.stp's
 * __jst_buffer_quoted), with kmod's results and errors. Included after jstap_bpf.h by the programs that use them. */
#ifndef JSTAP_TAPSET_H
#define JSTAP_TAPSET_H

/* __jst_arg(n): argument n (1-based) of the x86-64 calling convention in the registers r (di si dx cx r8 r9, then
 * the stack above the return address, read from user memory when r are user-mode registers). 0: *v is the value;
 * 1: no such argument (n < 1 or n > 64); 2: no registers, or the stack slot cannot be read. */
static __always_inline int jst_arg(struct pt_regs *r, s64t n, s64t *v) {
    u64t x = 0, cs = 0, sp = 0;
    if (!r) return 2;
    switch (n) {
    case 1: bpf_probe_read_kernel(&x, 8, &r->di); break;
    case 2: bpf_probe_read_kernel(&x, 8, &r->si); break;
    case 3: bpf_probe_read_kernel(&x, 8, &r->dx); break;
    case 4: bpf_probe_read_kernel(&x, 8, &r->cx); break;
    case 5: bpf_probe_read_kernel(&x, 8, &r->r8); break;
    case 6: bpf_probe_read_kernel(&x, 8, &r->r9); break;
    default:
        if (n < 1 || n > 64) return 1;
        bpf_probe_read_kernel(&cs, 8, &r->cs);
        bpf_probe_read_kernel(&sp, 8, &r->sp);
        if ((cs & 3) == 3 ? bpf_probe_read_user(&x, 8, (void *)(sp + 8 * (u64t)(n - 6)))
                          : bpf_probe_read_kernel(&x, 8, (void *)(sp + 8 * (u64t)(n - 6))))
            return 2;
    }
    *v = (s64t)x;
    return 0;
}

/* __jst_read(addr, size, signed, user) with sizes known only at run time, as kmod's jst_read_mem (a size other
 * than 1, 2 or 4 reads 8): 0 and *v, or -1 when the memory cannot be read */
static __always_inline int jst_read_mem(u64t addr, s64t size, s64t sg, s64t user, s64t *v) {
    u64t b = 0, sz = size == 1 || size == 2 || size == 4 ? (u64t)size : 8;
    asm volatile("" : "+r"(sz));
    if (sz > 8) sz = 8;
    if (sz < 1) sz = 1;
    if (user ? bpf_probe_read_user(&b, sz, (void *)addr) : bpf_probe_read_kernel(&b, sz, (void *)addr)) return -1;
    if (sz == 1) *v = sg ? (s64t)(__s8)b : (s64t)(__u8)b;
    else if (sz == 2) *v = sg ? (s64t)(__s16)b : (s64t)(__u16)b;
    else if (sz == 4) *v = sg ? (s64t)(__s32)b : (s64t)(__u32)b;
    else *v = (s64t)b;
    return 0;
}

/* ---- __jst_buffer_quoted(addr, inlen, outlen, user) over the work area: the bytes in a, the text in out ----
 * inlen bytes (at most JST_MAXSTR / 2: more could never be shown), a NUL shown as \0 but counting one toward
 * outlen (the quotes included); when the whole form does not fit, the escapes that fit in outlen - 5 and a "..."
 * marker, no marker when what was cut starts with a NUL. Field use: n bytes, i position, o output position, lf
 * the cost so far, lt the room, v the whole form's cost, phase 1 when cut. */
static long jst_bq_cost_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    char e[4];
    unsigned char ch = w->a[jst_index(k, JST_MAXSTR)];
    w->v += ch ? jst_escape(ch, e) : 1;
    return 0;
}

static long jst_bq_write_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 o = jst_index(w->o, JST_MAXSTR - 6);
    unsigned char ch = w->a[jst_index(k, JST_MAXSTR)];
    char e[4] = { '\\', '0', 0, 0 };
    __u32 len = 2, cost = 1;
    if (ch) cost = len = jst_escape(ch, e);
    if (w->lf + cost > w->lt) {
        w->phase = ch != 0;
        return 1;
    }
    if (o + len > JST_MAXSTR - 6) return 1; /* (only many NULs, each two characters for one) */
    char *out = w->out + o;
    out[0] = e[0]; out[1] = e[1]; out[2] = e[2]; out[3] = e[3];
    w->o = o + len;
    w->lf += cost;
    return 0;
}

/* 0: out holds the quoted text; -1: a byte of [addr, addr + max(inlen, 1)) cannot be read */
__attribute__((noinline)) int jst_g_bquote(struct jst_work *w, u64t addr, s64t inlen, s64t outlen, s64t user) {
    if (!w) return 0;
    s64t n = inlen < 0 ? 0 : inlen > JST_MAXSTR / 2 ? JST_MAXSTR / 2 : inlen;
    u64t lim = outlen <= 0 || outlen > JST_MAXSTR - 1 ? JST_MAXSTR - 1 : (u64t)outlen;
    u64t sz = n ? (u64t)n : 1; /* the first byte must be readable even for inlen 0, as kmod */
    asm volatile("" : "+r"(sz));
    if (sz > JST_MAXSTR / 2) sz = JST_MAXSTR / 2;
    if (sz < 1) sz = 1;
    if (user ? bpf_probe_read_user(w->a, sz, (void *)addr) : bpf_probe_read_kernel(w->a, sz, (void *)addr)) return -1;
    struct jst_wctx c = { w };
    w->v = 2;
    bpf_loop((__u32)n, jst_bq_cost_step, &c, 0);
    w->lt = (u64t)w->v <= lim ? lim : lim > 5 ? lim - 5 : 0;
    w->lf = 0;
    w->o = 1;
    w->phase = 0;
    w->out[0] = '"';
    bpf_loop((__u32)n, jst_bq_write_step, &c, 0);
    __u32 o = jst_index(w->o, JST_MAXSTR - 5);
    char *t = w->out + o;
    t[0] = '"';
    if (w->phase) { t[1] = '.'; t[2] = '.'; t[3] = '.'; t[4] = 0; } else { t[1] = 0; }
    return 0;
}
/* ---- __jst_utf_string(addr, width, user, quoted) over the work area (utf.stp's kmod helper, same results) ----
 * UTF-16 or UTF-32 units from addr up to a 0 unit, as UTF-8 in out, or quoted (ASCII escaped as text_str, other
 * code points \uXXXX / \UXXXXXXXX), cut before the character that would pass MAXSTRINGLEN. Field use: v the start
 * address, i the offset of the next unit, n the width, lf 1 user | 2 quoted, o output position, lt the room,
 * phase 1 a fault, 2 an invalid UTF-16 unit, 3 an invalid UTF-32 one (its value in a[0..3], its offset in i). */
static __always_inline int jst_utf_unit(__u32 *cp, u64t a, __u32 wd, __u32 user) {
    if (wd == 2) {
        __u16 x = 0;
        if (user ? bpf_probe_read_user(&x, 2, (void *)a) : bpf_probe_read_kernel(&x, 2, (void *)a)) return -1;
        *cp = x;
        return 0;
    }
    __u32 x = 0;
    if (user ? bpf_probe_read_user(&x, 4, (void *)a) : bpf_probe_read_kernel(&x, 4, (void *)a)) return -1;
    *cp = x;
    return 0;
}

static __always_inline char jst_hexdigit(__u32 d) {
    d &= 15;
    return d < 10 ? '0' + d : 'A' + d - 10;
}

static long jst_utf_step(__u32 k, void *vc) {
    struct jst_work *w = ((struct jst_wctx *)vc)->w;
    __u32 wd = w->n == 2 ? 2 : 4, user = w->lf & 1, q = w->lf & 2, i = w->i, adv = wd;
    u64t a = (u64t)w->v + i;
    __u32 cp = 0, lo = 0;
    if (jst_utf_unit(&cp, a, wd, user)) { w->phase = 1; return 1; }
    if (!cp) return 1;
    if (wd == 2 && cp >= 0xd800 && cp < 0xe000) {
        if (cp < 0xdc00 && jst_utf_unit(&lo, a + 2, 2, user)) { w->phase = 1; return 1; }
        if (cp >= 0xdc00 || lo < 0xdc00 || lo >= 0xe000) { w->phase = 2; *(__u32 *)w->a = cp; return 1; }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        adv = 4;
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) { w->phase = 3; *(__u32 *)w->a = cp; return 1; }
    char u[12] = {};
    __u32 len;
    if (cp < 0x80) {
        if (q) { len = jst_escape((unsigned char)cp, u); } else { u[0] = (char)cp; len = 1; }
    } else if (q && cp < 0x10000) {
        u[0] = '\\'; u[1] = 'u';
        for (int j = 0; j < 4; j++) u[2 + j] = jst_hexdigit(cp >> (4 * (3 - j)));
        len = 6;
    } else if (q) {
        u[0] = '\\'; u[1] = 'U';
        for (int j = 0; j < 8; j++) u[2 + j] = jst_hexdigit(cp >> (4 * (7 - j)));
        len = 10;
    } else if (cp < 0x800) {
        u[0] = 0xc0 | (cp >> 6); u[1] = 0x80 | (cp & 0x3f); len = 2;
    } else if (cp < 0x10000) {
        u[0] = 0xe0 | (cp >> 12); u[1] = 0x80 | ((cp >> 6) & 0x3f); u[2] = 0x80 | (cp & 0x3f); len = 3;
    } else {
        u[0] = 0xf0 | ((cp >> 18) & 0x07); u[1] = 0x80 | ((cp >> 12) & 0x3f);
        u[2] = 0x80 | ((cp >> 6) & 0x3f); u[3] = 0x80 | (cp & 0x3f); len = 4;
    }
    __u32 o = jst_index(w->o, JST_MAXSTR);
    if (o + len > w->lt) return 1;
    char *out = w->out + o; /* o < JST_MAXSTR: the 10 bytes stay inside out and pad */
    for (int j = 0; j < 10; j++) out[j] = u[j];
    w->o = o + len;
    w->i = i + adv;
    return 0;
}

/* 0: out holds the string; -1: a unit cannot be read; -2/-3: an invalid UTF-16/UTF-32 unit (value a[0..3], its
 * address v + i) */
__attribute__((noinline)) int jst_g_utf(struct jst_work *w, u64t addr, s64t width, s64t user, s64t quoted) {
    if (!w) return 0;
    w->v = (s64t)addr;
    w->i = 0;
    w->n = width == 2 ? 2 : 4;
    w->lf = (user ? 1 : 0) | (quoted ? 2 : 0);
    w->lt = JST_MAXSTR - 1 - (quoted ? 1 : 0);
    w->phase = 0;
    w->o = 0;
    if (quoted) { w->out[0] = '"'; w->o = 1; }
    struct jst_wctx c = { w };
    bpf_loop(JST_MAXSTR, jst_utf_step, &c, 0);
    if (w->phase) { w->out[0] = 0; return -(int)w->phase; }
    __u32 o = jst_index(w->o, JST_MAXSTR - 1);
    if (quoted) w->out[o++] = '"';
    w->out[jst_index(o, JST_MAXSTR)] = 0;
    return 0;
}
#endif
