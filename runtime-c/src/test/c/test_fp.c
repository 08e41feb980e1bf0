/* soft-float (jst_fp.c) against the host's IEEE-754 hardware: random bit patterns and values built to hit
 * ties, cancellation, overflow and subnormals; NaN results against SystemTap's rules */
#include "harness.h"
#include <math.h>

static uint64_t rs = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double dbl(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* an operand: any pattern, or one with a small exponent spread so operands interact */
static uint64_t operand(void)
{
	uint64_t r = rnd();
	switch (r & 7) {
	case 0: return rnd();
	case 1: return (r & 0x800fffffffffffffULL) | ((uint64_t)(1023 + (int)((r >> 52) & 63) - 32) << 52);
	case 2: return r & 0x800fffffffffffffULL;                    /* subnormal or zero */
	case 3: return (r & 0x80000000000fffffULL) | 0x3ff0000000000000ULL; /* few significant bits: exact cases */
	case 4: return bits((double)(int64_t)(rnd() % 2000001) - 1000000.0);
	case 5: return (r & 0x800fffffffffffffULL) | (0x7feULL << 52); /* near overflow */
	case 6: return (r & 0x800fffffffffffffULL) | (1ULL << 52);     /* smallest normals */
	default: return (r & 0x800fffffffffffffULL) | ((uint64_t)(1023 + (int)((r >> 52) & 3)) << 52);
	}
}

static uint64_t nan2(uint64_t a, uint64_t b)
{
	int an = isnan(dbl(a)), bn = isnan(dbl(b));
	if (an && !(a & 0x0008000000000000ULL)) return a | 0x0008000000000000ULL;
	if (bn && !(b & 0x0008000000000000ULL)) return b | 0x0008000000000000ULL;
	return (an ? a : b) | 0x0008000000000000ULL;
}

static uint64_t want(uint64_t a, uint64_t b, double r)
{
	if (isnan(dbl(a)) || isnan(dbl(b))) return nan2(a, b);
	return isnan(r) ? 0x7ff8000000000000ULL : bits(r);
}

static int bad;
static void check(const char *op, uint64_t a, uint64_t b, uint64_t got, uint64_t exp)
{
	if (got != exp && bad++ < 20)
		printf("FAIL %s(%016llx, %016llx) = %016llx want %016llx\n", op, (unsigned long long)a,
		       (unsigned long long)b, (unsigned long long)got, (unsigned long long)exp);
}

int main(void)
{
	int i, n = 400000;
	volatile double x, y;

	for (i = 0; i < n; i++) {
		uint64_t a = operand(), b = operand();
		x = dbl(a); y = dbl(b);
		check("add", a, b, jst_fp_add(a, b), want(a, b, x + y));
		check("sub", a, b, jst_fp_sub(a, b), want(a, b, x - y));
		check("mul", a, b, jst_fp_mul(a, b), want(a, b, x * y));
		check("div", a, b, jst_fp_div(a, b), want(a, b, x / y));
		check("rem", a, b, jst_fp_rem(a, b), want(a, b, remainder(x, y)));
		check("sqrt", a, 0, jst_fp_sqrt(a), isnan(x) ? a | 0x0008000000000000ULL : want(a, 0, sqrt(x)));
		check("from_long", a, 0, jst_fp_from_long((int64_t)a), bits((double)(int64_t)a));
		if (!isnan(x) && fabs(x) < 9.2e18) {
			check("to_long0", a, 0, (uint64_t)jst_fp_to_long(a, 0), (uint64_t)(int64_t)nearbyint(x));
			check("to_long1", a, 0, (uint64_t)jst_fp_to_long(a, 1), (uint64_t)(int64_t)trunc(x));
			check("to_long2", a, 0, (uint64_t)jst_fp_to_long(a, 2), (uint64_t)(int64_t)floor(x));
			check("to_long3", a, 0, (uint64_t)jst_fp_to_long(a, 3), (uint64_t)(int64_t)ceil(x));
			check("to_long4", a, 0, (uint64_t)jst_fp_to_long(a, 4), (uint64_t)(int64_t)round(x));
		}
	}
	CHECK(bad == 0);
	/* SystemTap 4.8's answers (VM oracle) */
	CHECK(jst_fp_div(0, 0) == 0x7ff8000000000000ULL);
	CHECK(jst_fp_add(0x7ff8000000000005ULL, 0x7ff0000000000003ULL) == 0x7ff8000000000003ULL);
	CHECK(jst_fp_mul(0x7ff4000000000000ULL, 0x7ff8000000000007ULL) == 0x7ffc000000000000ULL);
	CHECK(jst_fp_add(0x3ff0000000000000ULL, 0xfff0000000000002ULL) == 0xfff8000000000002ULL);
	CHECK(jst_fp_rem(bits(7.0), bits(2.0)) == 0xbff0000000000000ULL);
	CHECK(jst_fp_sqrt(0x8000000000000000ULL) == 0x8000000000000000ULL);
	CHECK(jst_fp_to_long(0x7ff8000000000000ULL, 0) == 0);
	CHECK(jst_fp_to_long(0x7ff0000000000000ULL, 0) == JST_FP_I64_MAX);
	CHECK(jst_fp_to_long(0xfff0000000000000ULL, 0) == JST_FP_I64_MIN);
	CHECK(jst_fp_to_long(bits(-3.5), 5) == -3 && jst_fp_to_long(bits(2.5), 6) == 2);
	CHECK(jst_fp_from_long(9007199254740993LL) == 0x4340000000000000ULL);
	printf("fp: %d random operand pairs\n", n);
	return harness_done();
}
