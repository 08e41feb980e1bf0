/* jst_printf.c - printf engine (SystemTap conversions; integer padding rules of the
 * kernel's vsprintf family: '0' pads even with a precision, '#' prefixes 0 too).
 * As stap 4.8 prints them (checked against it): the '0' flag only counts when it is the
 * only flag, a zero always prints its digit (a precision of 0 only matters for %s),
 * "%#o" always prefixes a 0 ("00" for zero), a negative '*' width is ignored and a
 * negative '*' precision is 0, "%p" is 0x + the hex digits (no default width). */
#include "jst_printf.h"
#include "jst_context.h"
#include "jst_memory.h"

#define JF_LEFT  1
#define JF_PLUS  2
#define JF_SPACE 4
#define JF_ZERO  8
#define JF_ALT   16

struct jst_fmtout { char *buf; size_t size, len; };

static void jst_pf_put(struct jst_fmtout *o, char ch)
{
	if (o->len < o->size)
		o->buf[o->len] = ch;
	o->len++;
}

static void jst_pf_putn(struct jst_fmtout *o, const char *s, size_t n)
{
	while (n--)
		jst_pf_put(o, *s++);
}

static void jst_pf_pad(struct jst_fmtout *o, char ch, long n)
{
	while (n-- > 0)
		jst_pf_put(o, ch);
}

/* integer conversion: base 8/10/16, signed or not */
static void jst_pf_number(struct jst_fmtout *o, uint64_t u, int is_signed, int base, int upper,
		      int flags, long width, long prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], sign = 0;
	const char *prefix = "";
	int n = 0;
	long plen, body;

	if (is_signed) {
		if ((int64_t)u < 0) {
			sign = '-';
			u = 0 - u;
		} else if (flags & JF_PLUS) {
			sign = '+';
		} else if (flags & JF_SPACE) {
			sign = ' ';
		}
	}
	if (flags & JF_ALT) {
		if (base == 16)
			prefix = upper ? "0X" : "0x";
		else if (base == 8)
			prefix = "0";
	}
	if (u == 0)
		tmp[n++] = '0';
	while (u) {
		tmp[n++] = digits[u % (unsigned)base];
		u /= (unsigned)base;
	}
	if (prec < n)
		prec = n;
	plen = (long)strlen(prefix) + (sign ? 1 : 0);
	body = plen + prec;
	if (!(flags & (JF_LEFT | JF_ZERO)))
		jst_pf_pad(o, ' ', width - body);
	if (sign)
		jst_pf_put(o, sign);
	jst_pf_putn(o, prefix, strlen(prefix));
	if (!(flags & JF_LEFT) && (flags & JF_ZERO))
		jst_pf_pad(o, '0', width - body);
	jst_pf_pad(o, '0', prec - n);
	while (n)
		jst_pf_put(o, tmp[--n]);
	if (flags & JF_LEFT)
		jst_pf_pad(o, ' ', width - body);
}

static void jst_pf_field(struct jst_fmtout *o, const char *s, size_t n, int flags, long width)
{
	if (!(flags & JF_LEFT))
		jst_pf_pad(o, ' ', width - (long)n);
	jst_pf_putn(o, s, n);
	if (flags & JF_LEFT)
		jst_pf_pad(o, ' ', width - (long)n);
}

JST_FN size_t jst_vformat(struct jst_context *c, char *buf, size_t size, const char *fmt, va_list ap)
{
	struct jst_fmtout o = { buf, size, 0 };

	while (*fmt) {
		int flags = 0;
		long width = -1, prec = -1;
		char conv;

		if (*fmt != '%') {
			jst_pf_put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-') flags |= JF_LEFT;
			else if (*fmt == '+') flags |= JF_PLUS;
			else if (*fmt == ' ') flags |= JF_SPACE;
			else if (*fmt == '0') flags |= JF_ZERO;
			else if (*fmt == '#') flags |= JF_ALT;
			else break;
		}
		if ((flags & JF_ZERO) && (flags & (JF_LEFT | JF_PLUS | JF_SPACE | JF_ALT)))
			flags &= ~JF_ZERO;     /* stap keeps '0' only as the sole flag */
		if (*fmt == '*') {
			width = (long)va_arg(ap, int64_t);
			if (width < 0)
				width = -1;    /* stap ignores a negative '*' width */
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			width = 0;
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = (long)va_arg(ap, int64_t);
				if (prec < 0)
					prec = 0;
				fmt++;
			} else {
				prec = 0;
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z' || *fmt == 'j' || *fmt == 't' || *fmt == 'L')
			fmt++;
		conv = *fmt;
		if (conv)
			fmt++;
		switch (conv) {
		case 'd':
		case 'i':
			jst_pf_number(&o, (uint64_t)va_arg(ap, int64_t), 1, 10, 0, flags, width, prec);
			break;
		case 'u':
			jst_pf_number(&o, (uint64_t)va_arg(ap, int64_t), 0, 10, 0, flags, width, prec);
			break;
		case 'x':
		case 'X':
			jst_pf_number(&o, (uint64_t)va_arg(ap, int64_t), 0, 16, conv == 'X', flags, width, prec);
			break;
		case 'o':
			jst_pf_number(&o, (uint64_t)va_arg(ap, int64_t), 0, 8, 0, flags, width, prec);
			break;
		case 'p':
			/* SystemTap: 0x-prefixed hex; a width counts the 0x, '0' pads after it */
			jst_pf_number(&o, (uint64_t)va_arg(ap, int64_t), 0, 16, 0, flags | JF_ALT, width, prec);
			break;
		case 'c': {
			char ch = (char)va_arg(ap, int64_t);
			jst_pf_field(&o, &ch, 1, flags, width);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;
			if (!s)
				s = "";
			n = strlen(s);
			if (prec >= 0 && (size_t)prec < n)
				n = (size_t)prec;
			jst_pf_field(&o, s, n, flags, width);
			break;
		}
		case 'b': {
			/* raw bytes of the value in host order; width picks the size */
			int64_t v = va_arg(ap, int64_t);
			unsigned char raw[8];
			size_t n = (width == 1 || width == 2 || width == 4) ? (size_t)width : 8;
			if (n == 1) { uint8_t t = (uint8_t)v; memcpy(raw, &t, 1); }
			else if (n == 2) { uint16_t t = (uint16_t)v; memcpy(raw, &t, 2); }
			else if (n == 4) { uint32_t t = (uint32_t)v; memcpy(raw, &t, 4); }
			else memcpy(raw, &v, 8);
			jst_pf_putn(&o, (const char *)raw, n);
			break;
		}
		case 'm':
		case 'M': {
			/* memory at an address: precision = byte count (default 1); read in small
			 * chunks to keep the stack frame small */
			unsigned long addr = (unsigned long)va_arg(ap, int64_t);
			long n = prec < 0 ? 1 : prec, i, out = conv == 'M' ? 2 * n : n;
			static const char hd[] = "0123456789abcdef";
			unsigned char mem[32];

			if (n > MAXSTRINGLEN)
				n = MAXSTRINGLEN;
			out = conv == 'M' ? 2 * n : n;
			if (!(flags & JF_LEFT))
				jst_pf_pad(&o, ' ', width - out);
			for (i = 0; i < n; i += (long)sizeof(mem)) {
				long k = n - i < (long)sizeof(mem) ? n - i : (long)sizeof(mem), j;
				if (jst_kread(c, mem, addr + (unsigned long)i, (size_t)k))
					break;
				for (j = 0; j < k; j++) {
					if (conv == 'm') {
						jst_pf_put(&o, (char)mem[j]);
					} else {
						jst_pf_put(&o, hd[mem[j] >> 4]);
						jst_pf_put(&o, hd[mem[j] & 15]);
					}
				}
			}
			if (flags & JF_LEFT)
				jst_pf_pad(&o, ' ', width - out);
			break;
		}
		case '%':
			jst_pf_put(&o, '%');
			break;
		case '\0':
			jst_pf_put(&o, '%');
			break;
		default:       /* unknown conversion: print it literally (the translator rejects these) */
			jst_pf_put(&o, '%');
			jst_pf_put(&o, conv);
			break;
		}
	}
	return o.len;
}

JST_FN size_t jst_format(struct jst_context *c, char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = jst_vformat(c, buf, size, fmt, ap);
	va_end(ap);
	return n;
}

JST_FN void jst_printf(struct jst_context *c, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof(c->pbuf) - c->plen, n;

	va_start(ap, fmt);
	n = jst_vformat(c, c->pbuf + c->plen, room, fmt, ap);
	va_end(ap);
	if (n <= room) {
		c->plen += n;
		return;
	}
	/* did not fit: flush what was there and format again into the empty buffer */
	jst_out_flush(c);
	va_start(ap, fmt);
	n = jst_vformat(c, c->pbuf, sizeof(c->pbuf), fmt, ap);
	va_end(ap);
	c->plen = n < sizeof(c->pbuf) ? n : sizeof(c->pbuf);
}

JST_FN void jst_sprintf(struct jst_context *c, char *dst, const char *fmt, ...)
{
	va_list ap;
	char tmp[MAXSTRINGLEN];
	size_t n;

	va_start(ap, fmt);
	n = jst_vformat(c, tmp, sizeof(tmp) - 1, fmt, ap);
	va_end(ap);
	if (n > sizeof(tmp) - 1)
		n = sizeof(tmp) - 1;
	tmp[n] = '\0';
	memcpy(dst, tmp, n + 1);    /* dst may be one of the arguments */
}

JST_FN void jst_print_str(struct jst_context *c, const char *s) { jst_out(c, s, strlen(s)); }

JST_FN void jst_print_long(struct jst_context *c, int64_t v)
{
	char tmp[24];
	jst_sprint_long(tmp, v);
	jst_out(c, tmp, strlen(tmp));
}

JST_FN void jst_print_char(struct jst_context *c, int ch)
{
	char b = (char)ch;
	jst_out(c, &b, 1);
}
