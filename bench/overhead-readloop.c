/* Workload for bench/overhead.sh and bench/icount.sh: N one-byte read()s of /dev/zero, timed with CLOCK_MONOTONIC
 * in the guest. Prints "reads=N ns_per_read=X". Built static (the test VM has no libc).
 *   readloop [N [mark]]   mark: also "@@@LOOP start" / "@@@LOOP end" lines (flushed) around the loop itself, for a
 *                         host that watches the guest's console and samples QEMU's vCPU thread at them */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char c;
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) { perror("open"); return 1; }
	int mark = argc > 2 && !strcmp(argv[2], "mark");
	struct timespec a, b;
	if (mark) { printf("@@@LOOP start\n"); fflush(stdout); }
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		if (read(fd, &c, 1) != 1) { perror("read"); return 1; }
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (mark) { printf("@@@LOOP end\n"); fflush(stdout); }
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("reads=%ld ns_per_read=%.1f\n", n, ns / n);
	return 0;
}
