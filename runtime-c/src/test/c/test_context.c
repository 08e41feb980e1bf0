/* contexts: prologue/epilogue, errors, MAXACTION, reentrancy, locks, exit() */
#include "harness.h"

static int64_t counter;

static void body_loop(struct jst_context *c)
{
	c->last_stmt = "identifier 'x' at s.stp:1:27";
	for (;;) {
		if (jst_action(c, 1))
			return;
		counter++;
	}
}

static void body_div(struct jst_context *c)
{
	c->last_stmt = "operator '/' at s.stp:1:40";
	counter = jst_div(c, 10, 0);
}

static void body_nested(struct jst_context *c)
{
	unsigned long f;
	static const struct jst_probe inner = { "kernel.function(\"inner\")", body_div, 9 };
	/* a probe hit while this CPU is busy is skipped, not run */
	CHECK(jst_probe_enter(&inner, JST_STATE_RUNNING, &f) == NULL);
	jst_printf(c, "outer ran\n");
}

static void body_print_big(struct jst_context *c)
{
	int i;
	for (i = 0; i < 600; i++)
		jst_printf(c, "line %04d of a probe hit that prints more than its buffer\n", (int64_t)i);
}

static void body_exit(struct jst_context *c)
{
	jst_printf(c, "exiting\n");
	jst_exit(c);
}

static void body_recurse(struct jst_context *c)
{
	int depth = 0;
	c->last_stmt = "identifier 'fib' at s.stp:1:10";
	while (!jst_nest_enter(c))
		depth++;
	CHECK(depth == MAXNESTING);
}

int main(void)
{
	static const struct jst_probe p_loop = { "begin", body_loop, 0 }, p_div = { "begin", body_div, 1 },
		p_nested = { "begin", body_nested, 2 }, p_big = { "end", body_print_big, 3 },
		p_exit = { "timer.s(1)", body_exit, 4 }, p_rec = { "begin", body_recurse, 5 };
	struct jst_lock lk;
	int i;

	CHECK(jst_contexts_alloc(128) == 0);
	CHECK(jst_context_cpu(0)->locals != NULL);
	CHECK(((uintptr_t)jst_context_cpu(0)->locals & 15) == 0);

	/* probes do not run outside their session state */
	atomic_set(&jst_session.state, JST_STATE_LOADED);
	jst_probe_run(&p_div, JST_STATE_RUNNING);
	CHECK(atomic_read(&jst_session.error_count) == 0);

	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	jst_probe_run(&p_loop, JST_STATE_RUNNING);
	CHECK(counter == MAXACTION_INTERRUPTIBLE);   /* a hit's budget, as stap 4.8 (10 x MAXACTION) */
	CHECK(jst_state() == JST_STATE_ERROR);      /* MAXERRORS 0: the first error ends the run */
	CHECK(atomic_read(&jst_session.exit_requested) == 1);

	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	jst_probe_run(&p_div, JST_STATE_RUNNING);
	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	jst_probe_run(&p_rec, JST_STATE_RUNNING);
	CHECK(atomic_read(&jst_session.error_count) == 3);

	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	jst_probe_run(&p_nested, JST_STATE_RUNNING);
	CHECK(atomic_read(&jst_session.skipped_count) == 1);

	/* probes on other CPUs have their own context */
	jst_user_cpu = 3;
	jst_probe_run(&p_nested, JST_STATE_RUNNING);
	jst_user_cpu = 0;

	/* a lock that stays contended: the hit is skipped after MAXTRYLOCK tries */
	jst_lock_init(&lk);
	CHECK(jst_lock_write(&lk) == 0);
	jst_unlock_write(&lk);
	lk.l.contended = 1;
	CHECK(jst_lock_read(&lk) == -1);
	CHECK(atomic_read(&jst_session.skipped_count) == 3);   /* 2 reentrant hits + 1 lock timeout */

	/* too many skips end the run with an error */
	for (i = 0; i < MAXSKIPPED; i++)
		jst_lock_read(&lk);
	CHECK(jst_state() == JST_STATE_ERROR);

	/* output larger than the print buffer arrives complete, in order */
	atomic_set(&jst_session.state, JST_STATE_STOPPING);
	jst_probe_run(&p_big, JST_STATE_STOPPING);

	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	atomic_set(&jst_session.exit_requested, 0);
	jst_probe_run(&p_exit, JST_STATE_RUNNING);
	CHECK(jst_state() == JST_STATE_STOPPING && atomic_read(&jst_session.exit_requested) == 1);

	jst_warn(NULL, "careful");
	CHECK(jst_div(NULL, -9223372036854775807LL - 1, -1) == -9223372036854775807LL - 1);
	CHECK(jst_mod(NULL, 7, -1) == 0 && jst_mod(NULL, -7, 3) == -1);
	jst_contexts_free();
	return harness_done();
}
