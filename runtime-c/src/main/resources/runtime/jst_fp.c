/* jst_fp.c - IEEE-754 binary64 arithmetic on bit patterns (fp_add ... fp_sqrt, long_to_fp, fp_to_long).
 *
 * Integer-only (soft-float): a probe may run in any context, where the FPU is not ours to use
 * (kernel_fpu_begin is not allowed in NMI or hard-irq context interrupting the FPU's owner, and saving the
 * FPU state per hit would cost more than this). Round to nearest, ties to even; results are bit-identical
 * to Java's double arithmetic (the interp backend), and NaNs follow SystemTap 4.8: an operation that is
 * invalid gives the default NaN 0x7ff8000000000000, otherwise the first signalling NaN operand (quieted),
 * else the first NaN operand.
 *
 * Working form: a finite value is sig * 2^(e - 1084) with sig < 2^63; jst_fp_pack normalises sig to bit
 * 62, rounds the 10 bits below the 53 kept and handles overflow and subnormals. Bits shifted out on the way
 * are "jammed" into bit 0, so rounding still sees that the value was inexact.
 */
#include "jst_fp.h"

#define JST_FP_SIGN 0x8000000000000000ULL
#define JST_FP_QUIET 0x0008000000000000ULL
#define JST_FP_FRAC 0x000fffffffffffffULL
#define JST_FP_DEFAULT_NAN 0x7ff8000000000000ULL
#define JST_FP_INF 0x7ff0000000000000ULL
#define JST_FP_I64_MAX ((int64_t)0x7fffffffffffffffLL)
#define JST_FP_I64_MIN (-JST_FP_I64_MAX - 1)

static inline int jst_fp_exp(uint64_t a) { return (int)((a >> 52) & 0x7ff); }
static inline int jst_fp_isnan(uint64_t a) { return (a & ~JST_FP_SIGN) > JST_FP_INF; }
static inline int jst_fp_issnan(uint64_t a) { return jst_fp_isnan(a) && !(a & JST_FP_QUIET); }
static inline int jst_fp_isinf(uint64_t a) { return (a & ~JST_FP_SIGN) == JST_FP_INF; }
static inline int jst_fp_iszero(uint64_t a) { return (a & ~JST_FP_SIGN) == 0; }

/* a >> dist, any lost 1 bits ORed into bit 0 */
static inline uint64_t jst_fp_shr_jam(uint64_t a, int dist)
{
	if (dist <= 0)
		return a;
	if (dist < 64)
		return (a >> dist) | ((a << (64 - dist)) != 0);
	return a != 0;
}

static inline int jst_fp_clz(uint64_t a)
{
	return a ? __builtin_clzll(a) : 64;
}

static uint64_t jst_fp_nan2(uint64_t a, uint64_t b)
{
	if (jst_fp_issnan(a))
		return a | JST_FP_QUIET;
	if (jst_fp_issnan(b))
		return b | JST_FP_QUIET;
	return (jst_fp_isnan(a) ? a : b) | JST_FP_QUIET;
}

/* sig * 2^(e - 1084), rounded to a double of the given sign */
static uint64_t jst_fp_pack(uint64_t sign, int e, uint64_t sig)
{
	uint64_t round;
	int k;

	if (!sig)
		return sign;
	k = jst_fp_clz(sig) - 1;
	sig <<= k;
	e -= k;
	/* now sig's top bit is bit 62: e + 1 is the biased exponent of the result */
	if (e < 0) {
		sig = jst_fp_shr_jam(sig, -e);
		e = 0;
	} else if (e >= 0x7fd && (e > 0x7fd || sig + 0x200 >= 0x8000000000000000ULL)) {
		return sign | JST_FP_INF;
	}
	round = sig & 0x3ff;
	sig = (sig + 0x200) >> 10;
	if (round == 0x200)
		sig &= ~1ULL;            /* a tie: to even */
	if (!sig)
		e = 0;
	/* the significand's leading bit, when present, carries into the exponent field */
	return sign + ((uint64_t)e << 52) + sig;
}

/* a finite nonzero value's significand (53 bits, leading bit at 52) and exponent (value = m * 2^(e - 1075)) */
static void jst_fp_unpack(uint64_t a, uint64_t *m, int *e)
{
	int ex = jst_fp_exp(a);
	uint64_t f = a & JST_FP_FRAC;

	if (ex) {
		*m = f | (1ULL << 52);
		*e = ex;
	} else {
		int k = jst_fp_clz(f) - 11;
		*m = f << k;
		*e = 1 - k;
	}
}

JST_FN uint64_t jst_fp_add(uint64_t a, uint64_t b)
{
	uint64_t ma, mb, sa = a & JST_FP_SIGN, sb = b & JST_FP_SIGN;
	int ea, eb;

	if (jst_fp_isnan(a) || jst_fp_isnan(b))
		return jst_fp_nan2(a, b);
	if (jst_fp_isinf(a))
		return jst_fp_isinf(b) && sa != sb ? JST_FP_DEFAULT_NAN : a;
	if (jst_fp_isinf(b))
		return b;
	if (jst_fp_iszero(a))
		return jst_fp_iszero(b) ? (sa == sb ? a : 0) : b;
	if (jst_fp_iszero(b))
		return a;
	jst_fp_unpack(a, &ma, &ea);
	jst_fp_unpack(b, &mb, &eb);
	if (ea < eb || (ea == eb && ma < mb)) {  /* |a| >= |b| from here */
		uint64_t t = ma; int te = ea; uint64_t ts = sa;
		ma = mb; ea = eb; sa = sb;
		mb = t; eb = te; sb = ts;
	}
	/* 9 spare bits below the significands, the smaller one aligned (and jammed) to the larger's exponent */
	ma <<= 9;
	mb = jst_fp_shr_jam(mb << 9, ea - eb);
	if (sa == sb)
		return jst_fp_pack(sa, ea, ma + mb);
	/* exact cancellation is +0 when rounding to nearest */
	return ma == mb ? 0 : jst_fp_pack(sa, ea, ma - mb);
}

JST_FN uint64_t jst_fp_sub(uint64_t a, uint64_t b)
{
	if (jst_fp_isnan(a) || jst_fp_isnan(b))
		return jst_fp_nan2(a, b);
	return jst_fp_add(a, b ^ JST_FP_SIGN);
}

JST_FN uint64_t jst_fp_mul(uint64_t a, uint64_t b)
{
	uint64_t ma, mb, sign = (a ^ b) & JST_FP_SIGN;
	unsigned __int128 p;
	int ea, eb;

	if (jst_fp_isnan(a) || jst_fp_isnan(b))
		return jst_fp_nan2(a, b);
	if (jst_fp_isinf(a) || jst_fp_isinf(b))
		return jst_fp_iszero(a) || jst_fp_iszero(b) ? JST_FP_DEFAULT_NAN : sign | JST_FP_INF;
	if (jst_fp_iszero(a) || jst_fp_iszero(b))
		return sign;
	jst_fp_unpack(a, &ma, &ea);
	jst_fp_unpack(b, &mb, &eb);
	p = (unsigned __int128)ma * mb;   /* < 2^106: keep 63 bits, jam the 43 below */
	return jst_fp_pack(sign, ea + eb - 1023,
			   (uint64_t)(p >> 43) | (((uint64_t)p & ((1ULL << 43) - 1)) != 0));
}

JST_FN uint64_t jst_fp_div(uint64_t a, uint64_t b)
{
	uint64_t ma, mb, q, r, sign = (a ^ b) & JST_FP_SIGN;
	int ea, eb, i;

	if (jst_fp_isnan(a) || jst_fp_isnan(b))
		return jst_fp_nan2(a, b);
	if (jst_fp_isinf(a))
		return jst_fp_isinf(b) ? JST_FP_DEFAULT_NAN : sign | JST_FP_INF;
	if (jst_fp_isinf(b))
		return sign;
	if (jst_fp_iszero(b))
		return jst_fp_iszero(a) ? JST_FP_DEFAULT_NAN : sign | JST_FP_INF;
	if (jst_fp_iszero(a))
		return sign;
	jst_fp_unpack(a, &ma, &ea);
	jst_fp_unpack(b, &mb, &eb);
	/* q = floor(ma * 2^62 / mb), one bit at a time (no 128-bit division in the kernel) */
	q = ma / mb;
	r = ma % mb;
	for (i = 0; i < 62; i++) {
		r <<= 1;
		q <<= 1;
		if (r >= mb) {
			r -= mb;
			q |= 1;
		}
	}
	return jst_fp_pack(sign, ea - eb + 1022, q | (r != 0));
}

JST_FN uint64_t jst_fp_sqrt(uint64_t a)
{
	unsigned __int128 n, res = 0, bit;
	uint64_t m;
	int e, t;

	if (jst_fp_isnan(a))
		return a | JST_FP_QUIET;
	if (jst_fp_iszero(a))
		return a;
	if (a & JST_FP_SIGN)
		return JST_FP_DEFAULT_NAN;
	if (jst_fp_isinf(a))
		return a;
	jst_fp_unpack(a, &m, &e);
	t = e - 1075;                      /* a = m * 2^t; make t even */
	if (t & 1) {
		m <<= 1;
		t -= 1;
	}
	/* the integer square root of m * 2^70 (< 2^124): 61-62 bits, the remainder says if it was exact */
	n = (unsigned __int128)m << 70;
	bit = (unsigned __int128)1 << 126;
	while (bit > n)
		bit >>= 2;
	while (bit) {
		if (n >= res + bit) {
			n -= res + bit;
			res = (res >> 1) + bit;
		} else {
			res >>= 1;
		}
		bit >>= 2;
	}
	return jst_fp_pack(0, (t - 70) / 2 + 1084, (uint64_t)res | (n != 0));
}

/* IEEE remainder: a - n*b with n the integer nearest a/b (ties to even); always exact */
JST_FN uint64_t jst_fp_rem(uint64_t a, uint64_t b)
{
	uint64_t ma, mb, y, r, sign = a & JST_FP_SIGN;
	int ea, eb, e, i, qodd = 0;

	if (jst_fp_isnan(a) || jst_fp_isnan(b))
		return jst_fp_nan2(a, b);
	if (jst_fp_isinf(a) || jst_fp_iszero(b))
		return JST_FP_DEFAULT_NAN;
	if (jst_fp_isinf(b) || jst_fp_iszero(a))
		return a;
	jst_fp_unpack(a, &ma, &ea);
	jst_fp_unpack(b, &mb, &eb);
	if (ea < eb - 1)
		return a;                  /* |a| < |b| / 2 */
	if (ea < eb) {                     /* |b| / 2 <= |a| < |b|: work at a's exponent */
		y = mb << 1;
		r = ma;
		e = ea;
	} else {                           /* long division down to b's exponent, keeping the quotient's parity */
		y = mb;
		r = ma;
		if (r >= y) {
			r -= y;
			qodd = 1;
		}
		for (i = 0; i < ea - eb; i++) {
			r <<= 1;
			qodd = 0;
			if (r >= y) {
				r -= y;
				qodd = 1;
			}
		}
		e = eb;
	}
	if (2 * r > y || (2 * r == y && qodd)) {
		r = y - r;
		sign ^= JST_FP_SIGN;
	}
	if (!r)
		return a & JST_FP_SIGN;
	return jst_fp_pack(sign, e + 9, r);
}

JST_FN uint64_t jst_fp_from_long(int64_t x)
{
	uint64_t sign = x < 0 ? JST_FP_SIGN : 0;
	uint64_t m = x < 0 ? -(uint64_t)x : (uint64_t)x;

	if (m >> 63)                       /* JST_FP_I64_MIN */
		return jst_fp_pack(sign, 1085, m >> 1);
	return jst_fp_pack(sign, 1084, m);
}

/* to an integer: rounding 0 nearest-even, 1 toward zero, 2 down, 3 up, 4 nearest-away, any other toward zero;
 * NaN is 0, out of range saturates */
JST_FN int64_t jst_fp_to_long(uint64_t a, int64_t mode)
{
	int neg = (a & JST_FP_SIGN) != 0, e = jst_fp_exp(a), sh;
	uint64_t m, ip, frac, half, up = 0;

	if (jst_fp_isnan(a))
		return 0;
	if (e >= 1023 + 63)
		return neg ? JST_FP_I64_MIN : JST_FP_I64_MAX;
	if (jst_fp_iszero(a))
		return 0;
	m = (a & JST_FP_FRAC) | (e ? 1ULL << 52 : 0);
	if (!e)
		e = 1;
	sh = 1075 - e;                     /* value = m / 2^sh */
	if (sh <= 0) {
		ip = m << -sh;                 /* exact, < 2^63 */
		frac = 0;
		half = 1;
	} else if (sh < 64) {
		ip = m >> sh;
		frac = m & ((1ULL << sh) - 1);
		half = 1ULL << (sh - 1);
	} else {                           /* below 2^-11: the fraction only (its size is all that matters) */
		ip = 0;
		frac = 1;
		half = 2;
	}
	if (frac) {
		switch (mode) {
		case 0: up = frac > half || (frac == half && (ip & 1)); break;
		case 2: up = neg; break;
		case 3: up = !neg; break;
		case 4: up = frac >= half; break;
		default: up = 0; break;
		}
	}
	ip += up;
	if (neg)
		return ip > (1ULL << 63) ? JST_FP_I64_MIN : (int64_t)(0 - ip);
	return ip > (uint64_t)JST_FP_I64_MAX ? JST_FP_I64_MAX : (int64_t)ip;
}
