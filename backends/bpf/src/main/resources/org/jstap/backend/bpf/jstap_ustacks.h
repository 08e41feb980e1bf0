/* jstap_ustacks.h: user-space stacks and symbols in BPF (the tapset's ubacktrace/ustack/usymname family, ucontext.stp),
 * included after jstap_stacks.h (whose scratch strings and record it shares) and after the tables pass 2 wrote for
 * the files the script names (UserSymbolTables.emitBpf: process(...) paths, -d, --ldd), which live in the
 * program's read-only data: per file its PT_LOAD segments, ELF function symbols and its .eh_frame flattened into
 * CFA rows. BpfUStacks writes the calls.
 *
 * As kmod's runtime (jst_usyms.c): an address is looked up among the current task's mappings (bpf_find_vma, which
 * takes the mmap lock with a trylock), the mapping's file is one of the tables by its path (the dentries walked up
 * to the root, across mounts) or by basename and size; the stack is walked with the file's rows (CFA = rsp/rbp +
 * off, the return address at CFA - 8), else by frame pointers. The last mapping found is kept for the hit, so
 * a stack inside one file costs one lookup. */
#ifndef JSTAP_USTACKS_H
#define JSTAP_USTACKS_H

#define JST_UCAP 48                       /* frames kept: at least JST_MAXBACKTRACE */
#define JST_UPATH 256
#define JST_UDEPTH 32                     /* path components followed up to the root (a power of two) */
#define JST_TASK_SIZE_MAX 0x7ffffffff000ULL /* x86-64's TASK_SIZE_MAX (4-level page tables) */
#define JST_PF_KTHREAD 0x00200000
#define JST_VM_EXEC 0x4

struct jst_ustk {
    __s32 un;            /* frames in upc, -1 not yet walked this hit */
    __u32 vok;           /* the mapping below is this hit's */
    __u64 upc[JST_UCAP];
    /* the mapping last found: its range, file offset, flags, inode (identity), file size */
    __u64 vstart, vend, vpgoff, vflags, vino, isize;
    __s32 vfile;         /* its table (jst_ubfiles), -1 none */
    __u32 vext;          /* base/end below computed */
    __u64 base, end;     /* the lowest and highest address of the file's (adjacent) mappings */
    __u64 fileoff;       /* the last looked-up address's offset in its file */
    __u32 plen, pbase;   /* path's length, where its last component starts */
    __u64 pd, pm;        /* the path's walk: dentry, vfsmount, names (leaf first) */
    __u32 pn;
    __u64 pnames[JST_UDEPTH];
    char path[2 * JST_UPATH]; /* twice: a component is read at any place below JST_UPATH */
    /* the walk */
    __u64 pc, sp, fp;
    __u32 max, fpwalk;
};
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, JST_SLOTS); __type(key, __u32); __type(value, struct jst_ustk); } jst_ustks SEC(".maps");

static __always_inline struct jst_ustk *jst_ustk(void) {
    __u32 k = jst_myslot();
    return bpf_map_lookup_elem(&jst_ustks, &k);
}

/* at a probe's entry: no stack walked, no mapping known (another task's may be cached) */
static __always_inline void jst_ustk_enter(void) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return;
    u->un = -1;
    u->vok = 0;
}

/* the tables' entries by a computed index: the barrier keeps clang from comparing one copy of the index and
 * indexing with another (the verifier then sees an unbounded offset) */
static __always_inline const char *jst_ustr_at(__u32 off) {
    asm volatile("" : "+r"(off));
    if (off >= JST_USTR_BYTES) return "";
    return &jst_ustr[off];
}
static __always_inline const struct jst_ubfile *jst_ubfile_at(__s32 i) {
    __u32 k = (__u32)i;
    asm volatile("" : "+r"(k));
    if (k >= JST_NUFILES) return 0;
    return &jst_ubfiles[k];
}
static __always_inline const struct jst_ubseg *jst_ubseg_at(__u32 k) {
    asm volatile("" : "+r"(k));
    if (k >= JST_NUSEGS) return 0;
    return &jst_ubsegs[k];
}
static __always_inline const struct jst_ubsym *jst_ubsym_at(__u32 k) {
    asm volatile("" : "+r"(k));
    if (k >= JST_NUSYMS) return 0;
    return &jst_ubsyms[k];
}
static __always_inline const struct jst_ubcfi *jst_ubcfi_at(__u32 k) {
    asm volatile("" : "+r"(k));
    if (k >= JST_NUCFI) return 0;
    return &jst_ubcfis[k];
}

/* ---- the mapping holding an address */
struct jst_uvma { __u64 start, end, pgoff, flags, ino, size, dentry, mnt; };

static long jst_uvma_cb(struct task_struct *t, struct vm_area_struct *v, void *d) {
    struct jst_uvma *o = d;
    struct file *f = BPF_CORE_READ(v, vm_file);
    o->start = BPF_CORE_READ(v, vm_start);
    o->end = BPF_CORE_READ(v, vm_end);
    o->pgoff = BPF_CORE_READ(v, vm_pgoff);
    o->flags = BPF_CORE_READ(v, vm_flags);
    if (f) {
        o->ino = (__u64)BPF_CORE_READ(f, f_inode);
        o->size = (__u64)BPF_CORE_READ(f, f_inode, i_size);
        o->dentry = (__u64)BPF_CORE_READ(f, f_path.dentry);
        o->mnt = (__u64)BPF_CORE_READ(f, f_path.mnt);
    }
    return 0;
}

/* the file's path as d_path gives it: the names from the dentry up to its mount's root, then the mount point's,
 * up to the root mount (at most JST_UDEPTH components, kept in the scratch: a callback indexes no stack array) */
static long jst_upath_up(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 1;
    struct dentry *d = (struct dentry *)u->pd;
    struct vfsmount *vm = (struct vfsmount *)u->pm;
    if (!d || u->pn >= JST_UDEPTH) return 1;
    if (vm && (__u64)BPF_CORE_READ(vm, mnt_root) == u->pd) {
        struct mount *m = (struct mount *)((char *)vm - bpf_core_field_offset(struct mount, mnt));
        struct mount *parent = BPF_CORE_READ(m, mnt_parent);
        if (!parent || parent == m) return 1;
        u->pd = (__u64)BPF_CORE_READ(m, mnt_mountpoint);
        u->pm = (__u64)parent + bpf_core_field_offset(struct mount, mnt);
        return 0;
    }
    struct dentry *p = BPF_CORE_READ(d, d_parent);
    if (!p || p == d) return 1;
    __u32 n = u->pn;
    if (n >= JST_UDEPTH) return 1;
    asm volatile("" : "+r"(n));
    u->pnames[n & (JST_UDEPTH - 1)] = (__u64)BPF_CORE_READ(d, d_name.name);
    u->pn = n + 1;
    u->pd = (__u64)p;
    return 0;
}

static long jst_upath_down(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 1;
    __u32 n = u->pn;
    if (i >= n || i >= JST_UDEPTH || n > JST_UDEPTH) return 1;
    __u32 k = n - 1 - (__u32)i, at = u->plen;
    asm volatile("" : "+r"(k));
    if (k >= JST_UDEPTH || at >= JST_UPATH - 2) return 1;
    u->path[at] = '/';
    at++;
    u->pbase = at;
    asm volatile("" : "+r"(at));
    if (at >= JST_UPATH) return 1;
    asm volatile("" : "+r"(k));
    long r = bpf_probe_read_kernel_str(u->path + at, JST_UPATH, (const void *)u->pnames[k & (JST_UDEPTH - 1)]);
    if (r > 0) at += (__u32)r - 1;
    if (at > JST_UPATH - 1) at = JST_UPATH - 1;
    u->plen = at;
    return 0;
}

__attribute__((noinline)) int jst_upath(__u64 dentry, __u64 mnt) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 0;
    u->pd = dentry; u->pm = mnt; u->pn = 0;
    bpf_loop(2 * JST_UDEPTH, jst_upath_up, 0, 0);
    u = jst_ustk();
    if (!u) return 0;
    u->plen = 0;
    u->pbase = 1;
    bpf_loop(JST_UDEPTH, jst_upath_down, 0, 0);
    u = jst_ustk();
    if (!u) return 0;
    __u32 l = u->plen;
    if (l == 0) { u->path[0] = '/'; l = 1; }
    if (l < JST_UPATH) u->path[l] = 0;
    u->plen = l;
    return (int)l;
}

/* whether the path from character at on equals the table string at off */
static __always_inline int jst_upath_is(__u32 at, __u32 off) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 0;
    for (__u32 i = 0; i < JST_UPATH; i++) {
        __u32 p = at + i;
        asm volatile("" : "+r"(p));
        if (p >= JST_UPATH) return 0;
        char a = u->path[p & (2 * JST_UPATH - 1)], b = *jst_ustr_at(off + i);
        if (a != b) return 0;
        if (!a) return 1;
    }
    return 0;
}

/* which table is the mapped file: its path is the file's (or as the script named it), or a copy elsewhere (a test
 * VM, a container) with the same name and size */
struct jst_umatch { __s32 found; };

static long jst_umatch_step(__u64 i, void *c) {
    struct jst_umatch *m = c;
    struct jst_ustk *u = jst_ustk();
    const struct jst_ubfile *f = jst_ubfile_at((__s32)i);
    if (!u || !f) return 1;
    if (jst_upath_is(0, f->path) || jst_upath_is(0, f->alias)
        || ((__u64)f->size == u->isize && jst_upath_is(u->pbase, f->base))) {
        m->found = (__s32)i;
        return 1;
    }
    return 0;
}

__attribute__((noinline)) int jst_ufile_match(void) {
    struct jst_umatch m = { (__s32)jst_opaque(-1) };
    bpf_loop(JST_NUFILES, jst_umatch_step, &m, 0);
    return m.found;
}

/* the mapping (a file's) holding a in the scratch; 1 when there is one */
__attribute__((noinline)) int jst_umap(__u64 a) {
    struct jst_ustk *u = jst_ustk();
    if (!u || !a || a >= JST_TASK_SIZE_MAX) return 0;
    if (!u->vok || a < u->vstart || a >= u->vend) {
        struct task_struct *t = bpf_get_current_task_btf();
        if (!BPF_CORE_READ(t, mm) || (BPF_CORE_READ(t, flags) & JST_PF_KTHREAD)) return 0;
        struct jst_uvma v = {};
        if (bpf_find_vma(t, a, jst_uvma_cb, &v, 0) || !v.ino) return 0;
        u->vstart = v.start; u->vend = v.end; u->vpgoff = v.pgoff; u->vflags = v.flags;
        u->vino = v.ino; u->isize = v.size; u->vext = 0;
        jst_upath(v.dentry, v.mnt);
        u->vfile = jst_ufile_match();
        u->vok = 1;
    }
    u->fileoff = a - u->vstart + (u->vpgoff << 12);
    return 1;
}

/* the file's mappings next to the one found, as far as they are adjacent (kmod's runtime takes all the file's);
 * a callback per direction (see jst_opaque: no branch on a constant state) */
static long jst_uext_cb(struct task_struct *t, struct vm_area_struct *v, void *d) {
    struct jst_uvma *o = d;
    struct file *f = BPF_CORE_READ(v, vm_file);
    o->start = BPF_CORE_READ(v, vm_start);
    o->end = BPF_CORE_READ(v, vm_end);
    o->ino = f ? (__u64)BPF_CORE_READ(f, f_inode) : 0;
    return 0;
}

static long jst_uext_down(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u || !u->base) return 1;
    struct jst_uvma v = {};
    if (bpf_find_vma(bpf_get_current_task_btf(), u->base - 1, jst_uext_cb, &v, 0) || v.ino != u->vino) return 1;
    u->base = v.start;
    return 0;
}

static long jst_uext_up(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 1;
    struct jst_uvma v = {};
    if (bpf_find_vma(bpf_get_current_task_btf(), u->end, jst_uext_cb, &v, 0) || v.ino != u->vino) return 1;
    u->end = v.end;
    return 0;
}

__attribute__((noinline)) int jst_umap_extent(void) {
    struct jst_ustk *u = jst_ustk();
    if (!u || !u->vok) return 0;
    if (u->vext) return 1;
    u->base = u->vstart;
    u->end = u->vend;
    bpf_loop(8, jst_uext_down, 0, 0);
    bpf_loop(8, jst_uext_up, 0, 0);
    u = jst_ustk();
    if (u) u->vext = 1;
    return 1;
}

/* the mapped byte's address in the file's ELF address space (its PT_LOAD segments); 1 when one holds it */
static __always_inline int jst_uvaddr(struct jst_ustk *u, __u64 *vaddr) {
    const struct jst_ubfile *f = jst_ubfile_at(u->vfile);
    if (!f) return 0;
    for (__u32 i = 0; i < 16; i++) {
        if (i >= f->nsegs) break;
        const struct jst_ubseg *s = jst_ubseg_at(f->seg0 + i);
        if (!s) break;
        if (u->fileoff >= s->offset && u->fileoff < s->offset + s->filesz) {
            *vaddr = u->fileoff - s->offset + s->vaddr;
            return 1;
        }
    }
    return 0;
}

/* binary searches of a file's symbols and rows: the last entry at or below a, one step per bpf_loop iteration */
struct jst_ufind { __u64 a; __u32 lo, hi; };

static long jst_usym_step(__u64 i, void *c) {
    struct jst_ufind *f = c;
    if (f->lo >= f->hi) return 1;
    __u32 mid = f->lo + (f->hi - f->lo) / 2;
    const struct jst_ubsym *y = jst_ubsym_at(mid);
    if (!y) return 1;
    if (y->addr <= f->a) f->lo = mid + 1; else f->hi = mid;
    return 0;
}

static long jst_ucfi_step(__u64 i, void *c) {
    struct jst_ufind *f = c;
    if (f->lo >= f->hi) return 1;
    __u32 mid = f->lo + (f->hi - f->lo) / 2;
    const struct jst_ubcfi *r = jst_ubcfi_at(mid);
    if (!r) return 1;
    if (r->pc <= f->a) f->lo = mid + 1; else f->hi = mid;
    return 0;
}

/* the symbol (index in jst_ubsyms) of the address jst_umap last looked up, its offset in *off; -1 when none */
__attribute__((noinline)) int jst_usym_find(__u64 *off) {
    struct jst_ustk *u = jst_ustk();
    __u64 va = 0;
    if (!off || !u || !jst_uvaddr(u, &va)) return -1;
    const struct jst_ubfile *f = jst_ubfile_at(u->vfile);
    if (!f) return -1;
    struct jst_ufind s = { va, (__u32)jst_opaque(f->sym0), (__u32)jst_opaque(f->sym0 + f->nsyms) };
    bpf_loop(40, jst_usym_step, &s, 0);
    if (s.lo <= f->sym0) return -1;
    __u32 k = s.lo - 1;
    const struct jst_ubsym *y = jst_ubsym_at(k);
    if (!y) return -1;
    if (va >= y->addr + (y->size ? y->size : 1)) return -1;
    *off = va - y->addr;
    return (int)k;
}

/* the row (index in jst_ubcfis) for the address jst_umap last looked up, -1 when the file has none */
__attribute__((noinline)) int jst_ucfi_find(void) {
    struct jst_ustk *u = jst_ustk();
    __u64 va = 0;
    if (!u || !jst_uvaddr(u, &va)) return -1;
    const struct jst_ubfile *f = jst_ubfile_at(u->vfile);
    if (!f) return -1;
    struct jst_ufind s = { va, (__u32)jst_opaque(f->cfi0), (__u32)jst_opaque(f->cfi0 + f->ncfi) };
    bpf_loop(40, jst_ucfi_step, &s, 0);
    if (s.lo <= f->cfi0) return -1;
    return (int)(s.lo - 1);
}

/* ---- the walk */
static __always_inline int jst_uread_word(__u64 a, __u64 *v) {
    if ((a & 7) || a >= JST_TASK_SIZE_MAX) return -1;
    return bpf_probe_read_user(v, 8, (const void *)a) ? -1 : 0;
}

/* is pc code of a mapped file? */
static __always_inline int jst_upc_ok(__u64 pc) {
    struct jst_ustk *u = jst_ustk();
    return pc && jst_umap(pc) && u && (u->vflags & JST_VM_EXEC);
}

static __always_inline void jst_upush(struct jst_ustk *u, __u64 pc) {
    __s32 n = u->un;
    if (n >= 0 && n < JST_UCAP) { u->upc[n] = pc; u->un = n + 1; }
}

/* one frame by the rows; 1 ends the loop (fpwalk: go on by frame pointers) */
static long jst_ucfi_frame(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u || u->un >= (__s32)u->max) return 1;
    __u64 pc = u->pc;
    int first = u->un == 1;
    if (!jst_umap(first ? pc : pc - 1)) return 1;
    int r = jst_ucfi_find();
    u = jst_ustk();
    if (!u) return 1;
    const struct jst_ubcfi *row = r < 0 ? 0 : jst_ubcfi_at((__u32)r);
    if (!row) {
        if (first) u->fpwalk = 1; /* no table: frame pointers from the start */
        return 1;
    }
    if (row->cfa_reg != 7 && row->cfa_reg != 6) return 1; /* the outermost frame, or a rule the table does not keep */
    __u64 cfa = (row->cfa_reg == 7 ? u->sp : u->fp) + (__s64)row->cfa_off, ret = 0, fp = u->fp;
    int rbp_off = row->rbp_off;
    if (jst_uread_word(cfa - 8, &ret) || !jst_upc_ok(ret)) return 1;
    if (rbp_off && jst_uread_word(cfa + (__s64)rbp_off, &fp)) return 1;
    u = jst_ustk();
    if (!u) return 1;
    u->fp = fp;
    u->sp = cfa;
    u->pc = ret;
    jst_upush(u, ret);
    return 0;
}

/* one frame by the chain of saved frame pointers: [fp] the caller's fp, [fp + 8] the return address */
static long jst_ufp_frame(__u64 i, void *c) {
    struct jst_ustk *u = jst_ustk();
    if (!u || u->un >= (__s32)u->max || u->fp < u->sp) return 1;
    __u64 fp = u->fp, ret = 0, next = 0;
    if (jst_uread_word(fp + 8, &ret) || !jst_upc_ok(ret)) return 1;
    if (jst_uread_word(fp, &next)) return 1;
    u = jst_ustk();
    if (!u) return 1;
    jst_upush(u, ret);
    if (next <= fp) return 1;
    u->sp = fp;
    u->fp = next;
    return 0;
}

/* walks from pc/sp/fp into upc (at most max frames); the number of frames */
__attribute__((noinline)) int jst_uwalk(__u64 pc, __u64 sp, __u64 fp, __u32 max) {
    struct jst_ustk *u = jst_ustk();
    if (!u) return 0;
    u->un = 0;
    if (max > JST_UCAP) max = JST_UCAP;
    if (!max || !pc) return 0;
    u->max = max;
    u->pc = pc; u->sp = sp; u->fp = fp; u->fpwalk = 0;
    jst_upush(u, pc);
    bpf_loop(JST_UCAP, jst_ucfi_frame, 0, 0);
    u = jst_ustk();
    if (!u || !u->fpwalk || u->un >= (__s32)u->max) return u ? u->un : 0;
    /* frame pointers: at a function's first two instructions (push %rbp; mov %rsp,%rbp) the frame is not yet set
     * up, the return address is at sp (or sp + 8 after the push) */
    __u64 off = ~0ULL, ret = 0;
    if (jst_umap(u->pc) && jst_usym_find(&off) >= 0 && off <= 1) {
        u = jst_ustk();
        if (!u) return 0;
        if (!jst_uread_word(u->sp + (off ? 8 : 0), &ret) && jst_upc_ok(ret)) {
            u = jst_ustk();
            if (u) jst_upush(u, ret);
        } else {
            return u->un;
        }
    }
    bpf_loop(JST_UCAP, jst_ufp_frame, 0, 0);
    u = jst_ustk();
    return u ? u->un : 0;
}

/* the hit's user stack (walked on first use, from the task's user registers), NULL without scratch */
static __always_inline struct jst_ustk *jst_ustack(void) {
    struct jst_ustk *u = jst_ustk();
    if (!u || u->un >= 0) return u;
    u->un = 0;
    struct task_struct *t = bpf_get_current_task_btf();
    if (!BPF_CORE_READ(t, mm) || (BPF_CORE_READ(t, flags) & JST_PF_KTHREAD)) return u;
    struct pt_regs *r = (struct pt_regs *)bpf_task_pt_regs(t);
    jst_uwalk(BPF_CORE_READ(r, ip), BPF_CORE_READ(r, sp), BPF_CORE_READ(r, bp), JST_MAXBACKTRACE);
    return jst_ustk();
}

/* ---- symbols, as kmod's jst_usymdata/jst_ustack_line print them */
#define JST_USYM_NAME 0   /* "name", else "0x%lx" */
#define JST_USYM_DATA 1   /* "name+0xoff/0xsize [path]"; mapped without symbol "0xaddr [path+0xoff/0xsize]"; else "0x%lx" */
#define JST_USYM_SPRINT 2 /* "name+0xoff [basename]"; "0xaddr [basename+0xoff]"; "0x%lx" */
#define JST_USYM_BRIEF 3  /* "name+0xoff", else "0x%lx" */
#define JST_USYM_LINE 4   /* " 0xaddr : name+0xoff/0xsize [path]\n"; " 0xaddr [path+0xoff/0xsize]\n"; " 0xaddr\n" */
#define JST_USYM_MOD 5    /* the path; -1 when unmapped */
#define JST_USYM_BUILDID 6 /* the table's build id; -1 when none */

/* a into jst_stk's tmp as mode says; -1 where kmod's function fails (umodname, umodbuildid) */
__attribute__((noinline)) int jst_usym_fmt(__u64 a, __u32 mode) {
    struct jst_stk *st = jst_stk();
    if (!st) return -1;
    st->tmp[0] = 0;
    int mapped = jst_umap(a);
    struct jst_ustk *u = jst_ustk();
    if (!u) return -1;
    if (mode == JST_USYM_MOD) {
        if (!mapped) return -1;
        bpf_probe_read_kernel_str(st->tmp, JST_MAXSTR, u->path);
        return 0;
    }
    if (mode == JST_USYM_BUILDID) {
        const struct jst_ubfile *f = mapped ? jst_ubfile_at(u->vfile) : 0;
        if (!f) return -1;
        const char *b = jst_ustr_at(f->buildid);
        if (!b[0]) return -1;
        bpf_probe_read_kernel_str(st->tmp, JST_MAXSTR, b);
        return 0;
    }
    __u64 off = 0;
    int i = mapped ? jst_usym_find(&off) : -1;
    u = jst_ustk();
    if (!u) return -1;
    if (!mapped || (i < 0 && (mode == JST_USYM_BRIEF || mode == JST_USYM_NAME))) {
        __u64 fa[1] = { a };
        if (mode == JST_USYM_LINE) bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%llx\n", fa, 8);
        else bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx", fa, 8);
        return 0;
    }
    if (i < 0) {
        jst_umap_extent();
        u = jst_ustk();
        if (!u) return -1;
        if (mode == JST_USYM_SPRINT) {
            __u32 pb = u->pbase < JST_UPATH ? u->pbase : 0;
            __u64 fa[3] = { a, (__u64)(u->path + pb), a - u->base };
            bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx [%s+0x%llx]", fa, 24);
        } else {
            __u64 fa[4] = { a, (__u64)u->path, a - u->base, u->end - u->base };
            if (mode == JST_USYM_LINE) bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%llx [%s+0x%llx/0x%llx]\n", fa, 32);
            else bpf_snprintf(st->tmp, JST_MAXSTR, "0x%llx [%s+0x%llx/0x%llx]", fa, 32);
        }
        return 0;
    }
    const struct jst_ubsym *y = jst_ubsym_at((__u32)i);
    if (!y) return -1;
    const char *name = jst_ustr_at(y->name);
    switch (mode) {
    case JST_USYM_NAME: bpf_probe_read_kernel_str(st->tmp, JST_MAXSTR, name); break;
    case JST_USYM_BRIEF: {
        __u64 fa[2] = { (__u64)name, off };
        bpf_snprintf(st->tmp, JST_MAXSTR, "%s+0x%llx", fa, 16);
        break;
    }
    case JST_USYM_SPRINT: {
        __u32 pb = u->pbase < JST_UPATH ? u->pbase : 0;
        __u64 fa[3] = { (__u64)name, off, (__u64)(u->path + pb) };
        bpf_snprintf(st->tmp, JST_MAXSTR, "%s+0x%llx [%s]", fa, 24);
        break;
    }
    case JST_USYM_LINE: {
        __u64 fa[5] = { a, (__u64)name, off, y->size, (__u64)u->path };
        bpf_snprintf(st->tmp, JST_MAXSTR, " 0x%llx : %s+0x%llx/0x%llx [%s]\n", fa, 40);
        break;
    }
    default: {
        __u64 fa[4] = { (__u64)name, off, y->size, (__u64)u->path };
        bpf_snprintf(st->tmp, JST_MAXSTR, "%s+0x%llx/0x%llx [%s]", fa, 32);
        break;
    }
    }
    return 0;
}

/* umodaddr(): the start of the file's mappings, 0 when unmapped */
__attribute__((noinline)) __u64 jst_umodbase(__u64 a) {
    if (!jst_umap(a) || !jst_umap_extent()) return 0;
    struct jst_ustk *u = jst_ustk();
    return u ? u->base : 0;
}

/* the walked stack joined into jst_stk's line (JST_JOIN_BACKTRACE / _CALLERS / _SYMS of jstap_stacks.h, frames
 * 0..upto for callers); its length */
static long jst_ujoin_step(__u64 i, void *c) {
    struct jst_join *j = c;
    struct jst_ustk *u = jst_ustk();
    if (!u || i >= JST_UCAP || (int)i >= j->n) return 1;
    __u64 a = u->upc[i];
    struct jst_stk *st = jst_stk();
    if (!st) return 1;
    if (j->what == JST_JOIN_SYMS) {
        jst_usym_fmt(a, JST_USYM_SPRINT);
        st = jst_stk();
        if (!st) return 1;
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

__attribute__((noinline)) int jst_ustack_join(__u32 what, __s64 upto) {
    struct jst_stk *st = jst_stk();
    struct jst_ustk *u = jst_ustk();
    if (!st || !u) return 0;
    int n = u->un;
    if (what == JST_JOIN_CALLERS && upto >= 0 && upto + 1 < n) n = (int)upto + 1;
    struct jst_join j = { what, (__u32)jst_opaque(0), n };
    st->line[0] = 0;
    bpf_loop(JST_UCAP, jst_ujoin_step, &j, 0);
    return (int)j.len;
}

/* print_ubacktrace (a line per frame, one record each) and print_ubacktrace_brief ("name+0xoff\n") */
static long jst_uprint_step(__u64 i, void *c) {
    __u32 *brief = c;
    struct jst_ustk *u = jst_ustk();
    if (!u || i >= JST_UCAP || (int)i >= u->un) return 1;
    __u64 a = u->upc[i];
    if (*brief) {
        jst_usym_fmt(a, JST_USYM_BRIEF);
        struct jst_stk *st = jst_stk();
        if (!st) return 1;
        __u32 len = 0;
        st->line[0] = 0;
        jst_stk_append(st, &len);
        st->tmp[0] = '\n'; st->tmp[1] = 0;
        jst_stk_append(st, &len);
        jst_stk_text(st->line);
    } else {
        jst_usym_fmt(a, JST_USYM_LINE);
        struct jst_stk *st = jst_stk();
        if (st) jst_stk_text(st->tmp);
    }
    return 0;
}

__attribute__((noinline)) int jst_ustack_print(__u32 brief) {
    __u32 b = brief;
    bpf_loop(JST_UCAP, jst_uprint_step, &b, 0);
    return 0;
}

/* print_ustack/sprint_ustack: a line per hex address of jst_stk's in (as ubacktrace() and ucallers() give them) */
static long jst_uparse_step(__u64 i, void *c) {
    struct jst_parse *ps = c;
    struct jst_stk *st = jst_stk();
    if (!st || i >= JST_MAXSTR) return 1;
    char ch = st->in[i & (JST_STK_IN - 1)];
    int v = ch >= '0' && ch <= '9' ? ch - '0' : (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10 : -1;
    if ((ch | 0x20) == 'x' && ps->digits == 1 && ps->a == 0) { ps->digits = 0; return 0; } /* the 0x */
    if (v >= 0) { ps->a = ps->a * 16 + (__u64)v; ps->digits++; return 0; }
    if (ps->digits) {
        jst_usym_fmt(ps->a, JST_USYM_LINE);
        st = jst_stk();
        if (!st) return 1;
        if (ps->print) jst_stk_text(st->tmp);
        else jst_stk_append(st, &ps->len);
    }
    ps->a = 0;
    ps->digits = 0;
    return ch == 0 || ch != ' ';
}

__attribute__((noinline)) int jst_ustack_parse(int print) {
    struct jst_stk *st = jst_stk();
    if (!st) return 0;
    __u64 z = jst_opaque(0);
    struct jst_parse ps = { z, (__u32)z, (__u32)z, print };
    st->line[0] = 0;
    st->in[JST_MAXSTR - 1] = 0;
    bpf_loop(JST_MAXSTR, jst_uparse_step, &ps, 0);
    return (int)ps.len;
}

#endif
