/* jst_memory.h - reads of kernel and user memory that never oops: a bad address is a
 * script error ("kernel read fault at 0x...") and the read yields 0 / "". */
#ifndef JST_MEMORY_H
#define JST_MEMORY_H
#include "jst_shim.h"

struct jst_context;

/* copy n bytes; 0 or -EFAULT (error raised on c) */
JST_FN int jst_kread(struct jst_context *c, void *dst, unsigned long addr, size_t n);
JST_FN int jst_uread(struct jst_context *c, void *dst, unsigned long addr, size_t n);
/* scalar reads for $var->field: sign/zero extension by size */
JST_FN int64_t jst_kread_int(struct jst_context *c, unsigned long addr, int size, int is_signed);
JST_FN int64_t jst_uread_int(struct jst_context *c, unsigned long addr, int size, int is_signed);
/* copy n bytes without raising an error: 0 or -EFAULT (dst zeroed) */
JST_FN int jst_read_quiet(void *dst, unsigned long addr, size_t n, int user);
/* store n bytes into kernel (user = 0) or current-process memory: 0 or -EFAULT; never oopses */
JST_FN int jst_write_quiet(unsigned long addr, const void *src, size_t n, int user);
/* the tapset readers: a fault raises "WHAT copy fault at 0x.. [man error::fault]" (what non-NULL, e.g.
 * "kernel int") or stap's generic "read fault [man error::fault] at 0x.."; c NULL: no error, 0 */
JST_FN int64_t jst_read_mem(struct jst_context *c, unsigned long addr, int size, int is_signed, int user,
			    const char *what);
/* kernel_string(addr) / user_string(addr): into a MAXSTRINGLEN buffer (truncated);
 * 0 or -EFAULT (error raised) */
JST_FN int jst_kread_string(struct jst_context *c, char *dst, unsigned long addr);
JST_FN int jst_uread_string(struct jst_context *c, char *dst, unsigned long addr);
/* the same without raising an error (kernel_string(addr, "default") style); 0 or -EFAULT */
JST_FN int jst_kread_string_quiet(char *dst, unsigned long addr, size_t size);
JST_FN int jst_uread_string_quiet(char *dst, unsigned long addr, size_t size);

/* $var$ / $$vars$ pretty printing: append printf-formatted text (jst_printf's conversions) to
 * dst, a MAXSTRINGLEN string, cut when full. The generated code appends each member's label and
 * value in turn, or its label and "?" when that member's read faulted. No argument may point
 * into dst. */
JST_FN void jst_pretty_append(struct jst_context *c, char *dst, const char *fmt, ...);

#define JST_KREAD(c, type, addr) ((type)jst_kread_int((c), (unsigned long)(addr), sizeof(type), ((type)-1) < (type)0))

#endif
