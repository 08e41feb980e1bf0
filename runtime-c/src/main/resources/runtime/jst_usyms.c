/* jst_usyms.c - user-space stacks and symbols: the mapping holding an address (the current task's VMAs, under
 * mmap_read_trylock: probes never sleep), its file's symbols from the tables pass 2 shipped (struct jst_ufile,
 * jst_syms.h), and stacks walked by frame pointers (no DWARF CFI: a frame-pointer-less caller ends the walk). */
#include "jst_syms.h"
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/dcache.h>
#include <linux/fs.h>

#ifndef JST_UFILES
static const struct jst_ufile jst_ufiles[1];
static const int jst_nufiles = 0;
#endif

/* where a user address lies */
struct jst_umap {
	char pathbuf[256];
	const char *path;              /* inside pathbuf */
	unsigned long base, end;       /* the lowest and highest address of the file's mappings */
	unsigned long fileoff;         /* the address's offset in the file */
	int exec;
	unsigned long size;            /* the file's size */
	const struct jst_ufile *f;     /* its symbol table, NULL when pass 2 shipped none */
};

static const char *jst_basename(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int jst_umap_lookup(unsigned long addr, struct jst_umap *m)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *v;
	struct inode *ino;
	int i, ok = 0;

	if (!addr || !mm || (current->flags & PF_KTHREAD) || addr >= TASK_SIZE_MAX)
		return 0;
	if (!mmap_read_trylock(mm))
		return 0;
	vma = find_vma(mm, addr);
	if (vma && addr >= vma->vm_start && vma->vm_file) {
		VMA_ITERATOR(vmi, mm, 0);
		ino = file_inode(vma->vm_file);
		m->base = vma->vm_start;
		m->end = vma->vm_end;
		for_each_vma(vmi, v) {
			if (!v->vm_file || file_inode(v->vm_file) != ino)
				continue;
			if (v->vm_start < m->base)
				m->base = v->vm_start;
			if (v->vm_end > m->end)
				m->end = v->vm_end;
		}
		m->fileoff = addr - vma->vm_start + ((unsigned long)vma->vm_pgoff << PAGE_SHIFT);
		m->exec = !!(vma->vm_flags & VM_EXEC);
		m->size = (unsigned long)i_size_read(ino);
		/* d_path reads rename_lock/mount_lock seqlocks: from a hard interrupt (timer.profile, perf) that may
		 * have interrupted their writer on this CPU, keep to the file's own name */
		if (in_hardirq() || in_nmi())
			m->path = ERR_PTR(-EAGAIN);
		else
			m->path = d_path(&vma->vm_file->f_path, m->pathbuf, sizeof(m->pathbuf));
		if (IS_ERR(m->path)) {
			strscpy(m->pathbuf, vma->vm_file->f_path.dentry->d_name.name, sizeof(m->pathbuf));
			m->path = m->pathbuf;
		}
		ok = 1;
	}
	mmap_read_unlock(mm);
	if (!ok)
		return 0;
	m->f = NULL;
	for (i = 0; i < jst_nufiles; i++) {
		const struct jst_ufile *f = &jst_ufiles[i];
		if (!strcmp(f->path, m->path) || !strcmp(f->alias, m->path)
		    || (f->size == m->size && !strcmp(jst_basename(f->path), jst_basename(m->path)))) {
			m->f = f;
			if (!strchr(m->path, '/'))
				m->path = f->alias;     /* only the name was safe to read: the path as named */
			break;
		}
	}
	return 1;
}

/* the address of the mapped byte in the file's ELF address space (PT_LOAD segments); 0 when none holds it */
static int jst_umap_vaddr(const struct jst_umap *m, unsigned long *vaddr)
{
	const struct jst_ufile *f = m->f;
	int i;

	if (!f)
		return 0;
	for (i = 0; i < f->nsegs; i++)
		if (m->fileoff >= f->segs[i].offset && m->fileoff < f->segs[i].offset + f->segs[i].filesz) {
			*vaddr = m->fileoff - f->segs[i].offset + f->segs[i].vaddr;
			return 1;
		}
	return 0;
}

/* the symbol of the mapped address: index into f->syms, -1 when none */
static int jst_usym_find(const struct jst_umap *m, unsigned long *off)
{
	const struct jst_ufile *f = m->f;
	unsigned long vaddr = 0;
	int lo, hi, found = jst_umap_vaddr(m, &vaddr);

	if (!found || !f->nsyms || vaddr < f->syms[0].addr)
		return -1;
	/* the last symbol starting at or below vaddr */
	lo = 0;
	hi = f->nsyms - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (f->syms[mid].addr <= vaddr)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (vaddr >= f->syms[lo].addr + (f->syms[lo].size ? f->syms[lo].size : 1))
		return -1;
	*off = vaddr - f->syms[lo].addr;
	return lo;
}

JST_FN void jst_usymname(char *dst, unsigned long addr)
{
	struct jst_umap m;
	unsigned long off;
	int i;

	if (jst_umap_lookup(addr, &m) && (i = jst_usym_find(&m, &off)) >= 0)
		strscpy(dst, m.f->names + m.f->syms[i].name, MAXSTRINGLEN);
	else
		snprintf(dst, MAXSTRINGLEN, "0x%lx", addr);
}

/* with_size 1: "name+0xoff/0xsize [path]", 0: "name+0xoff [basename]" (sprint_ubacktrace), 2: "name+0xoff"
 * (print_ubacktrace_brief); a mapped file without symbols: "0xaddr [path+0xoff/0xsize]" */
JST_FN void jst_usymdata(char *dst, unsigned long addr, int with_size)
{
	struct jst_umap m;
	unsigned long off = 0;
	int i = -1;

	if (!jst_umap_lookup(addr, &m) || ((i = jst_usym_find(&m, &off)) < 0 && with_size == 2)) {
		snprintf(dst, MAXSTRINGLEN, "0x%lx", addr);
	} else if (i < 0) {
		if (with_size)
			snprintf(dst, MAXSTRINGLEN, "0x%lx [%s+0x%lx/0x%lx]", addr, m.path, addr - m.base, m.end - m.base);
		else
			snprintf(dst, MAXSTRINGLEN, "0x%lx [%s+0x%lx]", addr, jst_basename(m.path), addr - m.base);
	} else if (with_size == 2) {
		snprintf(dst, MAXSTRINGLEN, "%s+0x%lx", m.f->names + m.f->syms[i].name, off);
	} else if (with_size) {
		snprintf(dst, MAXSTRINGLEN, "%s+0x%lx/0x%lx [%s]", m.f->names + m.f->syms[i].name, off,
			 m.f->syms[i].size, m.path);
	} else {
		snprintf(dst, MAXSTRINGLEN, "%s+0x%lx [%s]", m.f->names + m.f->syms[i].name, off, jst_basename(m.path));
	}
}

JST_FN int jst_umodname(char *dst, unsigned long addr)
{
	struct jst_umap m;

	if (!jst_umap_lookup(addr, &m))
		return -ENOENT;
	strscpy(dst, m.path, MAXSTRINGLEN);
	return 0;
}

JST_FN unsigned long jst_umodbase(unsigned long addr)
{
	struct jst_umap m;

	return jst_umap_lookup(addr, &m) ? m.base : 0;
}

JST_FN int jst_umodbuildid(char *dst, unsigned long addr)
{
	struct jst_umap m;

	if (!jst_umap_lookup(addr, &m) || !m.f || !m.f->buildid[0])
		return -ENOENT;
	strscpy(dst, m.f->buildid, MAXSTRINGLEN);
	return 0;
}

/* " 0x%lx : symdata\n" (brief: " 0x%lx : name+0xoff\n"... stap's brief form has no module), or " 0x%lx\n" */
JST_FN void jst_ustack_line(char *dst, size_t size, unsigned long pc, int brief)
{
	size_t len = strlen(dst);
	char sym[MAXSTRINGLEN];

	if (len + 1 >= size)
		return;
	jst_usymdata(sym, pc, 1);
	if (sym[0] == '0' && sym[1] == 'x' && !strchr(sym, '['))
		snprintf(dst + len, size - len, " 0x%lx\n", pc);
	else if (sym[0] == '0' && sym[1] == 'x')
		snprintf(dst + len, size - len, " %s\n", sym);
	else
		snprintf(dst + len, size - len, " 0x%lx : %s\n", pc, sym);
	(void)brief;
}

static int jst_uread_word(unsigned long addr, unsigned long *v)
{
	if (addr & (sizeof(long) - 1) || addr >= TASK_SIZE_MAX)
		return -EFAULT;
	return copy_from_user_nofault(v, (const void __user *)addr, sizeof(*v)) ? -EFAULT : 0;
}

/* is pc code of a mapped executable file? */
static int jst_upc_ok(unsigned long pc)
{
	struct jst_umap m;

	return pc && jst_umap_lookup(pc, &m) && m.exec;
}

/* the CFI row for the mapped address, NULL when the file has none covering it */
static const struct jst_ucfi *jst_ucfi_find(const struct jst_umap *m)
{
	const struct jst_ufile *f = m->f;
	unsigned long vaddr;
	int lo, hi;

	if (!f || !f->ncfi || !jst_umap_vaddr(m, &vaddr) || vaddr < f->cfi[0].pc)
		return NULL;
	lo = 0;
	hi = f->ncfi - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (f->cfi[mid].pc <= vaddr)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &f->cfi[lo];
}

/* Walks the user stack from pc/sp/fp: by the file's flattened .eh_frame rows where pass 2 shipped them (stap's
 * DWARF unwind, without a DWARF interpreter in the module), else by frame pointers. A return address is looked
 * up at ret - 1 (the call instruction) so a call that ends its function still finds the caller's row. */
JST_FN int jst_ustack_from(struct jst_context *c, unsigned long *pcs, int max, unsigned long pc, unsigned long sp,
			   unsigned long fp)
{
	struct jst_umap m;
	const struct jst_ucfi *row;
	unsigned long ret, off = ~0UL, next, cfa;
	int n = 0, i;

	if (max <= 0 || !pc)
		return 0;
	pcs[n++] = pc;
	while (n < max) {
		if (!jst_umap_lookup(n == 1 ? pc : pc - 1, &m))
			return n;
		row = jst_ucfi_find(&m);
		if (!row) {
			if (n == 1)
				break;          /* no table: frame pointers from the start */
			return n;
		}
		if (row->cfa_reg != 7 && row->cfa_reg != 6)
			return n;               /* the outermost frame, or a rule this table does not keep */
		cfa = (row->cfa_reg == 7 ? sp : fp) + row->cfa_off;
		if (jst_uread_word(cfa - 8, &ret) || !jst_upc_ok(ret))
			return n;
		if (row->rbp_off && jst_uread_word(cfa + row->rbp_off, &fp))
			return n;
		sp = cfa;
		pc = ret;
		pcs[n++] = pc;
	}
	if (n >= max)
		return n;
	/* frame pointers: at a function's first two instructions (push %rbp; mov %rsp,%rbp) the frame is not yet
	 * set up, the return address is at sp (or sp + 8 after the push) */
	if (jst_umap_lookup(pc, &m) && (i = jst_usym_find(&m, &off)) >= 0 && off <= 1) {
		if (n < max && !jst_uread_word(sp + (off ? 8 : 0), &ret) && jst_upc_ok(ret))
			pcs[n++] = ret;
		else
			return n;
	}
	/* then the chain of saved frame pointers: [fp] the caller's fp, [fp + 8] the return address */
	while (n < max && fp >= sp) {
		if (jst_uread_word(fp + 8, &ret) || !jst_upc_ok(ret))
			break;
		if (jst_uread_word(fp, &next))
			break;
		pcs[n++] = ret;
		if (next <= fp)
			break;
		sp = fp;
		fp = next;
	}
	return n;
}

JST_FN int jst_ustack(struct jst_context *c, unsigned long *pcs, int max)
{
	struct pt_regs *regs;

	if (c->regs && c->user_mode)
		regs = c->regs;
	else if (current->mm && !(current->flags & PF_KTHREAD))
		regs = task_pt_regs(current);
	else
		return 0;
	return jst_ustack_from(c, pcs, max, instruction_pointer(regs), user_stack_pointer(regs), regs->bp);
}
