/* jst_syms.c - kernel symbols by address (kallsyms via sprint_symbol: kallsyms_lookup_name and
 * module_address_lookup are not exported on 6.x) and kernel stacks by the ORC unwinder from the probe's
 * registers. See jst_syms.h. */
#include "jst_syms.h"
#include <linux/kallsyms.h>
#include <asm/unwind.h>

/* A kernel address as sprint_symbol sees it: "name+0xoff/0xsize [mod]" split in place. */
struct jst_ksym {
	char buf[KSYM_SYMBOL_LEN];
	const char *name;        /* NUL-terminated inside buf; NULL when no symbol covers the address */
	const char *mod;         /* module name inside buf, NULL for the kernel */
	unsigned long off, size;
};

static int jst_ksym_lookup(struct jst_ksym *s, unsigned long addr)
{
	char *plus, *slash, *br;

	s->name = s->mod = NULL;
	s->off = s->size = 0;
	if (!addr)
		return 0;
	sprint_symbol(s->buf, addr);
	/* no symbol: sprint_symbol printed the bare address */
	if (s->buf[0] == '0' && s->buf[1] == 'x')
		return 0;
	br = strstr(s->buf, " [");
	if (br) {
		char *end = strchr(br, ']');
		char *sp;
		*br = '\0';
		if (end)
			*end = '\0';
		/* "[mod buildid]" when the kernel prints build ids */
		sp = strchr(br + 2, ' ');
		if (sp)
			*sp = '\0';
		s->mod = br + 2;
	}
	plus = strrchr(s->buf, '+');
	if (!plus)
		return 0;
	*plus = '\0';
	slash = strchr(plus + 1, '/');
	if (slash) {
		*slash = '\0';
		if (kstrtoul(slash + 1, 16, &s->size))
			s->size = 0;
	}
	if (kstrtoul(plus + 1, 16, &s->off))
		s->off = 0;
	s->name = s->buf;
	return 1;
}

JST_FN void jst_ksymname(char *dst, unsigned long addr)
{
	struct jst_ksym s;

	if (jst_ksym_lookup(&s, addr))
		strscpy(dst, s.name, MAXSTRINGLEN);
	else
		snprintf(dst, MAXSTRINGLEN, "0x%lx", addr);
}

JST_FN void jst_ksymdata(char *dst, unsigned long addr, int with_size)
{
	struct jst_ksym s;

	if (!jst_ksym_lookup(&s, addr))
		snprintf(dst, MAXSTRINGLEN, "0x%lx", addr);
	else if (with_size)
		snprintf(dst, MAXSTRINGLEN, "%s+0x%lx/0x%lx [%s]", s.name, s.off, s.size, s.mod ? s.mod : "kernel");
	else
		snprintf(dst, MAXSTRINGLEN, "%s+0x%lx [%s]", s.name, s.off, s.mod ? s.mod : "kernel");
}

JST_FN int jst_kmodname(char *dst, unsigned long addr)
{
	struct jst_ksym s;

	if (!jst_ksym_lookup(&s, addr))
		return -ENOENT;
	strscpy(dst, s.mod ? s.mod : "kernel", MAXSTRINGLEN);
	return 0;
}

JST_FN void jst_kstack_line(char *dst, size_t size, unsigned long pc)
{
	size_t len = strlen(dst);
	char sym[MAXSTRINGLEN];

	if (len + 1 >= size)
		return;
	jst_ksymdata(sym, pc, 1);
	if (sym[0] == '0' && sym[1] == 'x')
		snprintf(dst + len, size - len, " 0x%016lx\n", pc);
	else
		snprintf(dst + len, size - len, " 0x%016lx : %s\n", pc, sym);
}

/* where the probe hit: the probed instruction for kprobes (on x86 their regs->ip is one past the int3), the
 * return address for .return probes (the kernel puts it in regs->ip), else the interrupted pc */
static unsigned long jst_probe_pc(struct jst_context *c, struct pt_regs *regs)
{
	if (c->probe_addr && !c->kretprobe_instance)
		return c->probe_addr;
	return instruction_pointer(regs);
}

JST_FN int jst_kstack(struct jst_context *c, unsigned long *pcs, int max)
{
	struct unwind_state st;
	struct pt_regs *regs = c->regs && !c->user_mode ? (struct pt_regs *)c->regs : NULL;
	int n = 0, seen_self = 0;

	if (max <= 0)
		return 0;
	if (regs) {
		/* the probe's pc, then its callers (unwind_start steps past the regs frame itself, as in
		 * the kernel's stack_trace_save_regs) */
		pcs[n++] = jst_probe_pc(c, regs);
		for (unwind_start(&st, current, regs, NULL); !unwind_done(&st) && n < max; unwind_next_frame(&st)) {
			unsigned long a = unwind_get_return_address(&st);
			if (!a)
				break;
			pcs[n++] = a;
		}
		return n;
	}
	/* no kernel registers (begin/end, timers, tracepoints, uprobes): unwind from here and drop the frames
	 * up to and including this module's own (the probe handler), so the stack starts where the probe fired */
	for (unwind_start(&st, current, NULL, NULL); !unwind_done(&st) && n < max; unwind_next_frame(&st)) {
		unsigned long a = unwind_get_return_address(&st);
		if (!a)
			break;
		if (within_module(a, THIS_MODULE)) {
			seen_self = 1;
			continue;
		}
		if (!seen_self)
			continue;
		pcs[n++] = a;
	}
	return n;
}
