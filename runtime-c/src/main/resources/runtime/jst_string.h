/* jst_string.h - fixed-size strings (char[MAXSTRINGLEN], NUL included, silently truncated). */
#ifndef JST_STRING_H
#define JST_STRING_H
#include "jst_shim.h"

struct jst_context;

/* copy/concatenate with truncation at MAXSTRINGLEN-1; dst may alias a or b */
JST_FN void jst_strcpy(char *dst, const char *src);
JST_FN void jst_concat(char *dst, const char *a, const char *b);
JST_FN int64_t jst_strlen(const char *s);
JST_FN int jst_strcmp(const char *a, const char *b);          /* <0, 0, >0 */
/* substr(str, start, length): start 0-based; out of range gives "" */
JST_FN void jst_substr(char *dst, const char *s, int64_t start, int64_t len);
/* stringat(str, index): the byte, or error "string index N out of range" and 0 */
JST_FN int64_t jst_stringat(struct jst_context *c, const char *s, int64_t i);
JST_FN int jst_isinstr(const char *haystack, const char *needle);
/* strpos-style: index of needle in s at or after start, or -1 */
JST_FN int64_t jst_strpos(const char *s, const char *needle, int64_t start);
/* strtol(str, base): base 0 or 2..36, leading spaces and sign; stops at the first bad digit */
JST_FN int64_t jst_strtol(const char *s, int64_t base);
JST_FN void jst_str_replace(char *dst, const char *s, const char *from, const char *to);
/* tokenize(input, delim): non-empty input restarts with a copy; "" continues. State lives in
 * the caller (the context's tok buffer), so the runtime stays reentrant. Returns the token in dst. */
struct jst_tokenizer { char buf[MAXSTRINGLEN]; int pos; int active; };
JST_FN void jst_tokenize(char *dst, struct jst_tokenizer *t, const char *input, const char *delim);
JST_FN void jst_str_toupper(char *dst, const char *s);
JST_FN void jst_str_tolower(char *dst, const char *s);
/* the escaped form of one byte (text_str's escapes) into e (at most 4 chars + NUL); returns its length */
JST_FN int jst_escape_char(unsigned char ch, char *e);
/* text_str / text_strn: C escapes (\n \t \" \\ ..., others \ooo); quoted adds "..." and
 * a trailing ... when the escaped text had to be truncated. maxlen <= 0: whole input. */
JST_FN void jst_text_strn(char *dst, const char *s, int64_t maxlen, int quoted);
#define jst_text_str(dst, s) jst_text_strn((dst), (s), 0, 0)
/* number <-> string */
JST_FN void jst_sprint_long(char *dst, int64_t v);

#endif
