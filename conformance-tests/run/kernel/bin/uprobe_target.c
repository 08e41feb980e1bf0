/* Test binary for process("...").function probes in the VM corpus (RunCorpusVmTest builds it with gcc -static
 * -O1 -fno-omit-frame-pointer: the ubacktrace scripts walk its frame pointers). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>

__attribute__((noinline)) long jst_target_fn(long x)
{
	__asm__ volatile("" ::: "memory");
	return x * 2;
}

__attribute__((noinline)) long jst_other_fn(long x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

/* "sun": a user-space struct handed to a function (@cast(p, "sockaddr_un", "<sys/un.h>") scripts) */
__attribute__((noinline)) long jst_sun_fn(const struct sockaddr_un *sun)
{
	__asm__ volatile("" ::: "memory");
	return sun->sun_family;
}

static int sun(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "/run/jstap.sock");
	return jst_sun_fn(&a) == AF_UNIX ? 0 : 1;
}

static void *jst_thread(void *arg)
{
	return arg;
}

/* "threads": two threads started and joined (process(...).thread.begin/.end scripts), nothing else */
static int threads(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, jst_thread, NULL)) return 2;
	for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
	return 0;
}

/* "spin": about 50 ms of user-mode work touching 64 fresh pages, then jst_other_fn once (perf .process scripts:
 * the task clock and page faults have something to count) */
static int spin(void)
{
	static volatile char pages[64 * 4096];
	struct timespec t0, t;
	long sum = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 64; i++) pages[i * 4096] = (char)i;
	do {
		for (long i = 0; i < 100000; i++) sum += i ^ (sum >> 3);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 50000000L);
	return jst_other_fn(sum & 1) > 0 ? 0 : 1;
}

/* "args": eight arguments, the last two on the stack (int_arg/long_arg/pointer_arg ... scripts), the eighth a
 * buffer with a NUL, a quote and bytes to escape (user_buffer_quoted scripts) */
__attribute__((noinline)) long jst_args_fn(long a1, unsigned int a2, long a3, int a4, unsigned int a5, long a6,
					   long a7, const char *a8)
{
	__asm__ volatile("" ::: "memory");
	return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8[0];
}

static int args(void)
{
	static const char buf[] = "ab\0\"c\n\377xyz";
	return jst_args_fn(-1, 4000000000u, 3, -4, 5, 1L << 40, -7, buf) != 0 ? 0 : 1;
}

/* "byvalue": structs passed by value: the small one in rdi, so $g (the 7th argument) is on the stack, and the big
 * one (24 bytes) always in memory, after it */
struct jst_small { int lo, hi; };
struct jst_big { long a, b, c; };

__attribute__((noinline)) long jst_byvalue_fn(struct jst_small s, long a, long b, long c, long d, long e, long g,
					      struct jst_big big)
{
	__asm__ volatile("" ::: "memory");
	return s.lo + s.hi + a + b + c + d + e + g + big.a + big.b + big.c;
}

static int byvalue(void)
{
	struct jst_small s = { 11, 12 };
	struct jst_big big = { 101, 102, 103 };
	return jst_byvalue_fn(s, 1, 2, 3, 4, 5, 7, big) == 351 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0) return spin();
	if (argc > 1 && strcmp(argv[1], "threads") == 0) return threads();
	if (argc > 1 && strcmp(argv[1], "sun") == 0) return sun();
	if (argc > 1 && strcmp(argv[1], "args") == 0) return args();
	if (argc > 1 && strcmp(argv[1], "byvalue") == 0) return byvalue();
	long sum = 0;
	for (long i = 1; i <= 5; i++) sum += jst_target_fn(i);
	sum += jst_other_fn(sum);
	return sum == 61 ? 0 : 1;
}
