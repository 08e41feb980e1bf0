/* jst_string.c - fixed-size string helpers. */
#include "jst_string.h"

JST_FN void jst_strcpy(char *dst, const char *src)
{
	size_t n;
	if (dst == src)
		return;
	n = strlen(src);
	if (n > MAXSTRINGLEN - 1)
		n = MAXSTRINGLEN - 1;
	memmove(dst, src, n);
	dst[n] = '\0';
}

JST_FN void jst_concat(char *dst, const char *a, const char *b)
{
	char tmp[MAXSTRINGLEN];
	size_t la, lb;

	if (b == dst) {           /* b would be overwritten while copying a */
		jst_strcpy(tmp, b);
		b = tmp;
	}
	jst_strcpy(dst, a);
	la = strlen(dst);
	lb = strlen(b);
	if (lb > MAXSTRINGLEN - 1 - la)
		lb = MAXSTRINGLEN - 1 - la;
	memcpy(dst + la, b, lb);
	dst[la + lb] = '\0';
}

JST_FN int64_t jst_strlen(const char *s) { return (int64_t)strlen(s); }

JST_FN int jst_strcmp(const char *a, const char *b)
{
	int r = strcmp(a, b);
	return r < 0 ? -1 : r > 0;
}

JST_FN void jst_substr(char *dst, const char *s, int64_t start, int64_t len)
{
	int64_t n = (int64_t)strlen(s);
	char tmp[MAXSTRINGLEN];

	if (start < 0 || start >= n || len <= 0) {
		dst[0] = '\0';
		return;
	}
	if (len > n - start)
		len = n - start;
	if (len > MAXSTRINGLEN - 1)
		len = MAXSTRINGLEN - 1;
	memcpy(tmp, s + start, (size_t)len);
	tmp[len] = '\0';
	memcpy(dst, tmp, (size_t)len + 1);
}

JST_FN int jst_isinstr(const char *haystack, const char *needle)
{
	return strstr(haystack, needle) != NULL;
}

JST_FN int64_t jst_strpos(const char *s, const char *needle, int64_t start)
{
	int64_t n = (int64_t)strlen(s);
	const char *p;

	if (start < 0)
		start = 0;
	if (start > n)
		return -1;
	p = strstr(s + start, needle);
	return p ? (int64_t)(p - s) : -1;
}

static int jst_digit_value(char ch)
{
	if (ch >= '0' && ch <= '9') return ch - '0';
	if (ch >= 'a' && ch <= 'z') return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'Z') return ch - 'A' + 10;
	return 99;
}

JST_FN int64_t jst_strtol(const char *s, int64_t base)
{
	uint64_t v = 0;
	int neg = 0, d;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
	    && jst_digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = (s[0] == '0') ? 8 : 10;
	}
	if (base < 2 || base > 36)
		return 0;
	while ((d = jst_digit_value(*s)) < base) {
		v = v * (uint64_t)base + (uint64_t)d;
		s++;
	}
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

JST_FN void jst_str_replace(char *dst, const char *s, const char *from, const char *to)
{
	char out[MAXSTRINGLEN];
	size_t o = 0, lf = strlen(from), lt = strlen(to);

	if (lf == 0) {
		jst_strcpy(dst, s);
		return;
	}
	while (*s && o < MAXSTRINGLEN - 1) {
		if (strncmp(s, from, lf) == 0) {
			size_t k = lt;
			if (k > MAXSTRINGLEN - 1 - o)
				k = MAXSTRINGLEN - 1 - o;
			memcpy(out + o, to, k);
			o += k;
			s += lf;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
	memcpy(dst, out, o + 1);
}

JST_FN void jst_tokenize(char *dst, struct jst_tokenizer *t, const char *input, const char *delim)
{
	int start;

	if (input[0] != '\0') {
		jst_strcpy(t->buf, input);
		t->pos = 0;
		t->active = 1;
	}
	if (!t->active) {
		dst[0] = '\0';
		return;
	}
	/* skip leading delimiters, then take the token up to the next one */
	while (t->buf[t->pos] && strchr(delim, t->buf[t->pos]))
		t->pos++;
	start = t->pos;
	while (t->buf[t->pos] && !strchr(delim, t->buf[t->pos]))
		t->pos++;
	if (t->pos == start) {
		t->active = 0;
		dst[0] = '\0';
		return;
	}
	{
		int len = t->pos - start;
		memmove(dst, t->buf + start, (size_t)len);
		dst[len] = '\0';
	}
	if (t->buf[t->pos])
		t->pos++;
}

JST_FN void jst_str_toupper(char *dst, const char *s)
{
	size_t i;
	jst_strcpy(dst, s);
	for (i = 0; dst[i]; i++)
		if (dst[i] >= 'a' && dst[i] <= 'z')
			dst[i] = (char)(dst[i] - 'a' + 'A');
}

JST_FN void jst_str_tolower(char *dst, const char *s)
{
	size_t i;
	jst_strcpy(dst, s);
	for (i = 0; dst[i]; i++)
		if (dst[i] >= 'A' && dst[i] <= 'Z')
			dst[i] = (char)(dst[i] - 'A' + 'a');
}

/* escaped form of one byte into e (at most 4 chars + NUL); returns its length. A single quote stays as it is
 * (stap 4.8: text_str("a'b") is a'b) */
static int jst_escape_char(unsigned char ch, char *e)
{
	const char *simple = NULL;
	switch (ch) {
	case '\n': simple = "\\n"; break;
	case '\t': simple = "\\t"; break;
	case '\r': simple = "\\r"; break;
	case '\v': simple = "\\v"; break;
	case '\f': simple = "\\f"; break;
	case '\a': simple = "\\a"; break;
	case '\b': simple = "\\b"; break;
	case '"':  simple = "\\\""; break;
	case '\\': simple = "\\\\"; break;
	}
	if (simple) {
		strcpy(e, simple);
		return 2;
	}
	if (ch < 32 || ch >= 127) {
		e[0] = '\\';
		e[1] = (char)('0' + ((ch >> 6) & 7));
		e[2] = (char)('0' + ((ch >> 3) & 7));
		e[3] = (char)('0' + (ch & 7));
		e[4] = '\0';
		return 4;
	}
	e[0] = (char)ch;
	e[1] = '\0';
	return 1;
}

JST_FN void jst_text_strn(char *dst, const char *s, int64_t maxlen, int quoted)
{
	char out[MAXSTRINGLEN];
	size_t o = 0;
	/* body budget: quoted output keeps room for both quotes and a "..." marker */
	size_t room = quoted ? MAXSTRINGLEN - 1 - 5 : MAXSTRINGLEN - 1;
	int64_t i, n = (int64_t)strlen(s);
	int truncated = 0;

	if (maxlen > 0 && maxlen < n) {
		n = maxlen;
		truncated = 1;
	}
	if (quoted) {
		out[o++] = '"';
		room++;             /* the opening quote is not part of the body */
	}
	for (i = 0; i < n; i++) {
		char e[5];
		int k = jst_escape_char((unsigned char)s[i], e);
		if (o + (size_t)k > room) {
			truncated = 1;
			break;
		}
		memcpy(out + o, e, (size_t)k);
		o += (size_t)k;
	}
	if (quoted) {
		if (truncated) {
			memcpy(out + o, "...", 3);
			o += 3;
		}
		out[o++] = '"';
	}
	out[o] = '\0';
	memcpy(dst, out, o + 1);
}

JST_FN void jst_sprint_long(char *dst, int64_t v)
{
	char tmp[24];
	int i = 0, o = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		tmp[i++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		dst[o++] = '-';
	while (i)
		dst[o++] = tmp[--i];
	dst[o] = '\0';
}
