/* jst_profile.c - timer.profile (kernel only; included by jst_probes.c, the body only with JST_NEED_PROFILE). */
/* ---- timer.profile: one pinned hrtimer per CPU at the tick rate ---- */

#if JST_NEED_PROFILE
#include <asm/irq_regs.h>

/* One tick: the body sees the registers the timer interrupt interrupted (get_irq_regs(); NULL when the
 * hrtimer runs outside a hard interrupt, e.g. from a softirq on a kernel with threaded timers), so
 * register(), user_mode() and addr() work like on any other probe with registers. */
static void jst_profile_hit(struct jst_profile_probe *pp)
{
	jst_probe_run_regs(pp->probe, get_irq_regs());
}

static enum hrtimer_restart jst_profile_fn(struct hrtimer *t)
{
	unsigned int i;

	for (i = 0; i < jst_module->nprofiles; i++) {
		struct jst_profile_probe *pp = &jst_module->profiles[i];
		if (pp->timers && t == &pp->timers[raw_smp_processor_id()]) {
			jst_profile_hit(pp);
			break;
		}
	}
	if (atomic_read(&jst_session.state) != JST_STATE_RUNNING)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(TICK_NSEC));
	return HRTIMER_RESTART;
}

static void jst_profile_start_cpu(void *arg)
{
	struct jst_profile_probe *pp = arg;
	struct hrtimer *t = &pp->timers[smp_processor_id()];

	hrtimer_start(t, ns_to_ktime(TICK_NSEC), HRTIMER_MODE_REL_PINNED);
}

static int jst_profiles_register(void)
{
	unsigned int i;
	int cpu;

	for (i = 0; i < jst_module->nprofiles; i++) {
		struct jst_profile_probe *pp = &jst_module->profiles[i];
		pp->timers = kcalloc(nr_cpu_ids, sizeof(*pp->timers), GFP_KERNEL);
		if (!pp->timers)
			return -ENOMEM;
		for_each_possible_cpu(cpu)
			jst_hrtimer_setup_compat(&pp->timers[cpu], jst_profile_fn);
		pp->armed = 1;
		on_each_cpu(jst_profile_start_cpu, pp, 1);
	}
	return 0;
}

static void jst_profiles_unregister(void)
{
	unsigned int i;
	int cpu;

	for (i = 0; i < jst_module->nprofiles; i++) {
		struct jst_profile_probe *pp = &jst_module->profiles[i];
		if (!pp->timers)
			continue;
		if (pp->armed)
			for_each_possible_cpu(cpu)
				hrtimer_cancel(&pp->timers[cpu]);
		pp->armed = 0;
		kfree(pp->timers);
		pp->timers = NULL;
	}
}
#else
static int jst_profiles_register(void) { return 0; }
static void jst_profiles_unregister(void) { }
#endif
