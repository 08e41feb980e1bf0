/* jst_example.c - what pass 3 generates for:
 *
 *   global n
 *   probe kernel.function("ksys_read") { n++ }
 *   probe timer.s(1) { printf("%d\n", n) }
 *   probe end { printf("total %d\n", n) }
 *
 * Written by hand to prove the runtime builds in the kernel and to show the translator
 * the shape of a module. */
#define JST_NEED_KPROBES 1
#define JST_NEED_TIMERS 1
#define JST_NEED_MAPS 0
#define JST_NEED_STATS 0
#include "jst_runtime.h"

/* ---- globals: value + lock ---- */
static int64_t g_n;
static struct jst_lock g_n_lock;

/* ---- locals: one frame per probe body / function, overlaid ---- */
union jst_locals {
	struct { int64_t tmp; } p0;
};

/* ---- probe bodies ---- */

/* kernel.function("ksys_read") */
static void jst_body_0(struct jst_context *c)
{
	if (jst_lock_write(&g_n_lock))
		return;
	c->last_stmt = "identifier 'n' at example.stp:2:38";
	if (jst_action(c, 1))
		goto out;
	g_n++;
out:
	jst_unlock_write(&g_n_lock);
}

/* timer.s(1) */
static void jst_body_1(struct jst_context *c)
{
	if (jst_lock_read(&g_n_lock))
		return;
	c->last_stmt = "identifier 'printf' at example.stp:3:20";
	if (jst_action(c, 1))
		goto out;
	jst_printf(c, "%d\n", (int64_t)g_n);
out:
	jst_unlock_read(&g_n_lock);
}

/* end */
static void jst_body_2(struct jst_context *c)
{
	if (jst_lock_read(&g_n_lock))
		return;
	c->last_stmt = "identifier 'printf' at example.stp:4:15";
	if (jst_action(c, 1))
		goto out;
	jst_printf(c, "total %d\n", (int64_t)g_n);
out:
	jst_unlock_read(&g_n_lock);
}

static const struct jst_probe jst_probe_0 = { "kernel.function(\"ksys_read@fs/read_write.c:613\")", jst_body_0, 0 };
static const struct jst_probe jst_probe_1 = { "timer.s(1)", jst_body_1, 1 };
static const struct jst_probe jst_probe_2 = { "end", jst_body_2, 2 };

static struct jst_kprobe jst_kprobes[] = {
	{ .probe = &jst_probe_0, .symbol = "ksys_read" },
};
static struct jst_timer_probe jst_timers[] = {
	{ .probe = &jst_probe_1, .period_ns = 1000000000ull },
};
static struct jst_be_probe jst_be[] = {
	{ .probe = &jst_probe_2, .type = JST_END },
};

static int jst_globals_alloc(void)
{
	jst_lock_init(&g_n_lock);
	g_n = 0;
	return 0;
}

static void jst_globals_free(void) { }

static struct jst_module jst_this_module = {
	.locals_size = sizeof(union jst_locals),
	.globals_alloc = jst_globals_alloc,
	.globals_free = jst_globals_free,
	.be = jst_be, .nbe = ARRAY_SIZE(jst_be),
	.timers = jst_timers, .ntimers = ARRAY_SIZE(jst_timers),
	.kprobes = jst_kprobes, .nkprobes = ARRAY_SIZE(jst_kprobes),
};

#include "jst_runtime.c"

JST_MODULE(jst_this_module);
