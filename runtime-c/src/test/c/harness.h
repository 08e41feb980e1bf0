/* harness.h - user-space test harness for the runtime (compiled with the user shim). */
#ifndef HARNESS_H
#define HARNESS_H
#include "jst_runtime.h"
#include "jst_runtime.c"

int jst_user_cpu;
static int failures;

/* stdout records as they are; stderr records prefixed so the golden file shows both */
void jst_user_output(int stream, const char *data, size_t len)
{
	if (stream == 2)
		fputs("[stderr] ", stdout);
	fwrite(data, 1, len, stdout);
}

#define CHECK(cond) do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define CHECK_STR(got, want) do { if (strcmp((got), (want)) != 0) { printf("FAIL %s:%d: got [%s] want [%s]\n", __FILE__, __LINE__, (got), (want)); failures++; } } while (0)

static int harness_done(void)
{
	printf("%s\n", failures ? "SOME CHECKS FAILED" : "ALL CHECKS PASSED");
	return failures ? 1 : 0;
}
#endif
