/* jst_perf.c - perf.sw.NAME / perf.hw.NAME / perf.type(T).config(C) with .sample(N) (kernel only;
 * included by jst_probes.c when JST_NEED_PERF): a kernel perf counter per online CPU whose
 * overflow (every N events) runs the probe with the interrupted registers. Hardware events
 * overflow in NMI context on real PMUs; where the CPU has no such event (a TCG VM has no PMU)
 * registration fails with the perf error and the session does not start. */
#if JST_NEED_PERF
#include <linux/perf_event.h>
#include <linux/cpu.h>

static void jst_perf_overflow(struct perf_event *event, struct perf_sample_data *data, struct pt_regs *regs)
{
	struct jst_perf_probe *pp = event->overflow_handler_context;

	jst_probe_run_regs(pp->probe, regs);
}

static void jst_perfs_unregister(void)
{
	unsigned int i;
	int cpu;

	for (i = 0; i < jst_module->nperfs; i++) {
		struct jst_perf_probe *pp = &jst_module->perfs[i];
		if (!pp->events)
			continue;
		for_each_possible_cpu(cpu)
			if (pp->events[cpu])
				perf_event_release_kernel(pp->events[cpu]);
		kfree(pp->events);
		pp->events = NULL;
	}
}

static int jst_perfs_register(void)
{
	unsigned int i;
	int cpu, rc = 0;

	for (i = 0; i < jst_module->nperfs && !rc; i++) {
		struct jst_perf_probe *pp = &jst_module->perfs[i];
		struct perf_event_attr attr;

		memset(&attr, 0, sizeof(attr));
		attr.type = pp->type;
		attr.size = sizeof(attr);
		attr.config = pp->config;
		attr.sample_period = pp->sample;
		attr.pinned = 1;
		pp->events = kcalloc(nr_cpu_ids, sizeof(*pp->events), GFP_KERNEL);
		if (!pp->events)
			return -ENOMEM;
		cpus_read_lock();
		for_each_online_cpu(cpu) {
			struct perf_event *e = perf_event_create_kernel_counter(&attr, cpu, NULL, jst_perf_overflow, pp);

			if (IS_ERR(e)) {
				rc = (int)PTR_ERR(e);
				if (!pp->optional)
					jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: perf event type %u config "
							    "%llu not available on cpu %d (rc %d)\n", pp->probe->pp,
							    pp->type, pp->config, cpu, rc);
				break;
			}
			pp->events[cpu] = e;
		}
		cpus_read_unlock();
		if (rc && pp->optional) {
			int c2;
			for_each_possible_cpu(c2)
				if (pp->events[c2])
					perf_event_release_kernel(pp->events[c2]);
			kfree(pp->events);
			pp->events = NULL;
			rc = 0;
		}
	}
	return rc;
}
#else
static int jst_perfs_register(void) { return 0; }
static void jst_perfs_unregister(void) { }
#endif
