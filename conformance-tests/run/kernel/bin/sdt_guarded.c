/* The semaphore-guarded markers of sdt_target (see sdt_target.c): with _SDT_HAS_SEMAPHORES every marker of this
 * file has a semaphore, an unsigned short named PROVIDER_NAME_semaphore in the .probes section, which a tracer
 * increments while it is attached. Without one attached, the guarded code does not run at all. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

__extension__ unsigned short jsttest_guarded_semaphore __attribute__((unused)) __attribute__((section(".probes")));
__extension__ unsigned short jsttest_guarded2_semaphore __attribute__((unused)) __attribute__((section(".probes")));

static volatile long guarded_runs;

__attribute__((noinline)) void jst_guarded(long i)
{
	if (jsttest_guarded_semaphore) {
		guarded_runs += i;
		STAP_PROBE1(jsttest, guarded, i);
	}
	if (jsttest_guarded2_semaphore) STAP_PROBE2(jsttest, guarded2, i, -i);
}
