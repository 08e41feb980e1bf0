#include <stdio.h>
__attribute__((noinline)) int jst_target_fn(int x) { __asm__ volatile("" ::: "memory"); return x + 1; }
int main(void) { int s = 0; for (int i = 0; i < 3; i++) s += jst_target_fn(i); printf("uprog sum %d\n", s); return 0; }
