/* Test binary for process("...").function probes in the VM corpus (RunCorpusVmTest builds it with gcc -static). */
#include <stdio.h>

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

int main(void)
{
	long sum = 0;
	for (long i = 1; i <= 5; i++) sum += jst_target_fn(i);
	sum += jst_other_fn(sum);
	return sum == 61 ? 0 : 1;
}
