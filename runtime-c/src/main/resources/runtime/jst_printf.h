/* jst_printf.h - the printf engine with SystemTap's conversions.
 *
 * Conversions: %d %i (int64) %u %x %X %o (uint64) %s (const char *) %c (int64) %p (int64
 * address, 0x + hex digits, no default width) %b (raw binary of the int64; width
 * 1/2/4/8 bytes, default 8) %m (raw bytes read safely from the int64 kernel address,
 * precision = byte count, default 1) %M (same bytes as lowercase hex, 2 digits each) %%.
 * Flags - + space 0 #, width, precision, `*` width and `.*` precision (each an int64 arg).
 * Length modifiers l ll h hh z j t L are accepted and ignored.
 * Every numeric argument is passed as int64_t (cast it!), every string as const char *. */
#ifndef JST_PRINTF_H
#define JST_PRINTF_H
#include "jst_shim.h"

struct jst_context;

/* Core formatter: writes at most size bytes (no NUL added), returns the full length.
 * c may be NULL (then %m/%M faults are not reported). */
JST_FN size_t jst_vformat(struct jst_context *c, char *buf, size_t size, const char *fmt, va_list ap);
JST_FN size_t jst_format(struct jst_context *c, char *buf, size_t size, const char *fmt, ...);

/* printf(fmt, ...) into the hit's output */
JST_FN void jst_printf(struct jst_context *c, const char *fmt, ...);
/* sprintf(fmt, ...) into a MAXSTRINGLEN string */
JST_FN void jst_sprintf(struct jst_context *c, char *dst, const char *fmt, ...);
/* print/println of single values */
JST_FN void jst_print_str(struct jst_context *c, const char *s);
JST_FN void jst_print_long(struct jst_context *c, int64_t v);
JST_FN void jst_print_char(struct jst_context *c, int ch);

#endif
