/* jst_syms.h - kernel symbols and stacks, resolved at run time from the running kernel (kallsyms through the
 * exported sprint_symbol, the ORC unwinder through __unwind_start/unwind_next_frame), and user-space stacks
 * (frame pointers) symbolised from the ELF symbol tables pass 2 ships in the module (jst_usyms.c).
 * The text formats are SystemTap's: " 0x%016lx : name+0xoff/0xsize [module]" per frame. */
#ifndef JST_SYMS_H
#define JST_SYMS_H
#include "jst_shim.h"

struct jst_context;

/* ---- one address */
/* symname(): the symbol's name, else "0x%lx" */
JST_FN void jst_ksymname(char *dst, unsigned long addr);
/* symdata(): "name+0xoff/0xsize [module]" (kernel: [kernel]); with_size 0: "name+0xoff [module]"; else "0x%lx" */
JST_FN void jst_ksymdata(char *dst, unsigned long addr, int with_size);
/* modname(): "kernel" or the module's name; nonzero (dst untouched) when no module or kernel symbol has it */
JST_FN int jst_kmodname(char *dst, unsigned long addr);

/* ---- kernel stacks: the probe's frames (from its registers, else from here with this module's frames
 * dropped); the first is where the probe hit. Returns the count (at most max). */
JST_FN int jst_kstack(struct jst_context *c, unsigned long *pcs, int max);
/* user stacks from the user registers (the probe's, or the task's saved ones) by frame pointers */
JST_FN int jst_ustack(struct jst_context *c, unsigned long *pcs, int max);
/* the same from given user registers */
JST_FN int jst_ustack_from(struct jst_context *c, unsigned long *pcs, int max, unsigned long pc, unsigned long sp,
			   unsigned long fp);

/* append one SystemTap stack line (" 0x%016lx : symdata\n", " 0x%016lx\n" without a symbol) to dst */
JST_FN void jst_kstack_line(char *dst, size_t size, unsigned long pc);
JST_FN void jst_ustack_line(char *dst, size_t size, unsigned long pc, int brief);

/* ---- user symbols (jst_usyms.c over the tables of the generated module) */
JST_FN void jst_usymname(char *dst, unsigned long addr);
JST_FN void jst_usymdata(char *dst, unsigned long addr, int with_size);
/* the path of the mapped file holding addr (umodname), nonzero when none */
JST_FN int jst_umodname(char *dst, unsigned long addr);
/* the mapping's load base (umodaddr), 0 when none */
JST_FN unsigned long jst_umodbase(unsigned long addr);
/* the ELF build id (hex) of the mapped file holding addr, nonzero when unknown */
JST_FN int jst_umodbuildid(char *dst, unsigned long addr);



/* ---- the user-space symbol tables pass 2 writes into the module (ELF .symtab/.dynsym of the files named by
 * process(...) probes, -d FILE and --ldd), defined by the generated C before jst_runtime.c */
struct jst_usym { unsigned long addr, size; unsigned int name; };      /* by addr; name: offset in names */
struct jst_useg { unsigned long offset, vaddr, filesz; };              /* PT_LOAD: file offset -> vaddr */
/* .eh_frame flattened by pass 2 (EhFrameRows): from pc (vaddr) to the next row, CFA = reg (7 rsp, 6 rbp; -1: no
 * caller) + cfa_off, the return address at CFA - 8, the caller's rbp at CFA + rbp_off (0: unchanged) */
struct jst_ucfi { unsigned int pc; int cfa_off; signed char cfa_reg; short rbp_off; };
struct jst_ufile {
	const char *path;            /* the file's canonical path */
	const char *alias;           /* the path as the script or -d named it */
	unsigned long size;          /* the file's size: a copy elsewhere (a test VM, a container) with the same
	                              * name and size is the same file */
	const char *buildid;         /* hex, "" when the file has none */
	const struct jst_useg *segs;
	int nsegs;
	const struct jst_usym *syms;
	int nsyms;
	const char *names;
	const struct jst_ucfi *cfi;  /* by pc */
	int ncfi;
};
#endif
