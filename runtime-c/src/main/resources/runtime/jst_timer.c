/* jst_timer.c - timer.s/ms/us/ns/hz/jiffies(N)[.randomize(M)]: one hrtimer each (kernel only; included by
 * jst_probes.c, the body only with JST_NEED_TIMERS). */
/* ---- timer.* ---- */

/* timer.* and timer.profile only: JST_FN, may go unused */
JST_FN void jst_hrtimer_setup_compat(struct hrtimer *t, enum hrtimer_restart (*fn)(struct hrtimer *))
{
#ifdef JST_HAVE_HRTIMER_SETUP
	hrtimer_setup(t, fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
#else
	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->function = fn;
#endif
}

#if JST_NEED_TIMERS
static u64 jst_timer_next(const struct jst_timer_probe *tp)
{
	u64 ns = tp->period_ns;
	if (tp->randomize_ns)
		ns += get_random_u32() % (u32)(tp->randomize_ns + 1);
	return ns;
}

static enum hrtimer_restart jst_timer_fn(struct hrtimer *t)
{
	struct jst_timer_probe *tp = container_of(t, struct jst_timer_probe, timer);

	jst_probe_run(tp->probe, JST_STATE_RUNNING);
	if (atomic_read(&jst_session.state) != JST_STATE_RUNNING)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(jst_timer_next(tp)));
	return HRTIMER_RESTART;
}

static int jst_timers_register(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->ntimers; i++) {
		struct jst_timer_probe *tp = &jst_module->timers[i];
		jst_hrtimer_setup_compat(&tp->timer, jst_timer_fn);
		hrtimer_start(&tp->timer, ns_to_ktime(jst_timer_next(tp)), HRTIMER_MODE_REL);
		tp->armed = 1;
	}
	return 0;
}

static void jst_timers_unregister(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->ntimers; i++) {
		struct jst_timer_probe *tp = &jst_module->timers[i];
		if (tp->armed)
			hrtimer_cancel(&tp->timer);
		tp->armed = 0;
	}
}
#else
static int jst_timers_register(void) { return 0; }
static void jst_timers_unregister(void) { }
#endif
