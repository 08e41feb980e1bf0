/* Test binary for process(...).mark(...) probes in the VM corpus: static markers from <sys/sdt.h>
 * (Debian's systemtap-sdt-dev). RunCorpusVmTest builds it with gcc -static -O2 from this file and
 * sdt_guarded.c into /tmp/jstap-corpus-bin/sdt_target and puts it into the VM.
 *
 * Provider "jsttest": markers without a semaphore ("plain", "args", "mem", "consts", "str") here, and two guarded
 * by a semaphore ("guarded", "guarded2") in sdt_guarded.c (sdt.h gives every marker of a file a semaphore or
 * none), which fire only while a probe is attached. Every marker fires a fixed number
 * of times so the scripts can print exact counts. Provider "other" has one marker, for .provider() filtering.
 * The argument forms the assembler emits here: registers of 1, 2, 4 and 8 bytes, signed and unsigned
 * (-4@%eax, 8@%rdx, -1@%cl...), memory operands (8@-16(%rbp), 4@8(%rsp), sym(%rip)) and constants ($5). */
#include <sys/sdt.h>
#include <stdlib.h>
#include <string.h>

void jst_guarded(long i);

long jst_global = 4242;
static volatile long sink;

__attribute__((noinline)) static void fire(long i, const char *s)
{
	volatile signed char sc = (signed char)-i;
	volatile short sh = (short)(-1000 * i);
	volatile int in = (int)(-100000 * i);
	volatile unsigned long ul = 0xfedcba9876543210UL + i;
	long local = i * 10;

	DTRACE_PROBE(jsttest, plain);
	DTRACE_PROBE4(jsttest, args, (signed char)sc, (short)sh, (int)in, (unsigned long)ul);
	/* memory operands: "m" forces the argument to be read from memory (the stack, a global) */
	__asm__ volatile("" : "+m"(local));
	STAP_PROBE3(jsttest, mem, *(volatile long *)&local, jst_global, i);
	STAP_PROBE3(jsttest, consts, 5, -7, 0x1234);
	STAP_PROBE2(jsttest, str, s, (int)strlen(s));
	jst_guarded(i);
	STAP_PROBE1(other, plain, i);
}

int main(int argc, char **argv)
{
	const char *words[] = {"alpha", "beta", "gamma"};
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3;
	for (int i = 1; i <= n; i++) fire(i, words[(i - 1) % 3]);
	return 0;
}
