/* jst_hwbkpt.c - kernel.data(ADDRESS)[.length(N)].write|.rw and kernel.data("SYMBOL").write|.rw
 * (kernel only; included by jst_probes.c when JST_NEED_HWBKPT).
 *
 * A wide hardware breakpoint (one debug register on every CPU, register_wide_hw_breakpoint) on the
 * address: x86 reports a data access as a trap after the accessing instruction, in the debug
 * exception handler (NMI-like context), and the probe runs there with that instruction's registers.
 * A symbol's address is the running kernel's (KASLR): kallsyms_lookup_name is not exported on 6.x,
 * so it is found once through a kprobe on it (the kprobe's resolved address), then called. The
 * length is rounded up to what the debug registers take (1, 2, 4 or 8 bytes); the kernel refuses an
 * address not aligned to it, and a CPU without a free debug register refuses the probe (an error: the
 * session does not start). A symbol the kernel does not have is skipped with a warning, as stap 4.8. */
#if JST_NEED_HWBKPT
#include <linux/hw_breakpoint.h>
#include <linux/kprobes.h>

static void jst_hwbkpt_hit(struct perf_event *bp, struct perf_sample_data *data, struct pt_regs *regs)
{
	struct jst_hwbkpt_probe *hp = bp->overflow_handler_context;

	jst_probe_run_regs(hp->probe, regs);
}

typedef unsigned long (*jst_kallsyms_lookup_fn)(const char *name);

/* kallsyms_lookup_name itself, through a kprobe's address resolution; NULL if kprobes cannot find it */
static jst_kallsyms_lookup_fn jst_hwbkpt_lookup_fn(void)
{
	static jst_kallsyms_lookup_fn fn;
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };

	if (fn)
		return fn;
	if (register_kprobe(&kp) == 0) {
		fn = (jst_kallsyms_lookup_fn)kp.addr;
		unregister_kprobe(&kp);
	}
	return fn;
}

static int jst_hwbkpt_len(unsigned long n)
{
	if (n <= 1)
		return HW_BREAKPOINT_LEN_1;
	if (n == 2)
		return HW_BREAKPOINT_LEN_2;
	if (n <= 4)
		return HW_BREAKPOINT_LEN_4;
	return HW_BREAKPOINT_LEN_8;
}

static void jst_hwbkpts_unregister(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->nhwbkpts; i++) {
		struct jst_hwbkpt_probe *hp = &jst_module->hwbkpts[i];

		if (hp->bp)
			unregister_wide_hw_breakpoint(hp->bp);
		hp->bp = NULL;
	}
}

static int jst_hwbkpts_register(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->nhwbkpts; i++) {
		struct jst_hwbkpt_probe *hp = &jst_module->hwbkpts[i];
		struct perf_event_attr attr;
		struct perf_event * __percpu *bp;
		unsigned long addr = hp->address;

		if (hp->symbol) {
			jst_kallsyms_lookup_fn lookup = jst_hwbkpt_lookup_fn();

			if (!lookup) {
				jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: cannot look kernel symbols up (no "
						    "kprobe on kallsyms_lookup_name)\n", hp->probe->pp);
				return -ENOENT;
			}
			addr = lookup(hp->symbol);
			if (!addr) {  /* as stap 4.8: the probe is skipped, the session runs */
				if (!hp->optional)
					jst_session_message(JST_STREAM_STDERR, "WARNING: Probe %s registration skipped: invalid "
							    "symbol %s\n", hp->probe->pp, hp->symbol);
				continue;
			}
		}
		hw_breakpoint_init(&attr);
		attr.bp_addr = addr;
		attr.bp_len = jst_hwbkpt_len(hp->length);
		attr.bp_type = hp->rw ? HW_BREAKPOINT_R | HW_BREAKPOINT_W : HW_BREAKPOINT_W;
		bp = register_wide_hw_breakpoint(&attr, jst_hwbkpt_hit, hp);
		if (IS_ERR((void __force *)bp)) {
			int rc = (int)PTR_ERR((void __force *)bp);

			if (hp->optional)
				continue;
			jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: hardware watchpoint at 0x%lx (%d bytes) "
					    "not registered (rc %d%s)\n", hp->probe->pp, addr, (int)attr.bp_len, rc,
					    rc == -EINVAL ? ": the address must be aligned to the length"
					    : rc == -ENOSPC ? ": no free debug register" : "");
			return rc;
		}
		hp->bp = bp;
	}
	return 0;
}
#else
static int jst_hwbkpts_register(void) { return 0; }
static void jst_hwbkpts_unregister(void) { }
#endif
