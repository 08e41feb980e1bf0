/* jst_probes.c - what the probe families share (registration errors, register-carrying runs, begin/end/error),
 * then one file per family (each registers its own descriptors, or is a pair of stubs when the module has none)
 * and the session that starts and stops them all. */
#include "jst_probes.h"
#include "jst_transport.h"
#include "jst_control.h"
#include <linux/random.h>

/* used by whichever probe kinds a module has (none for begin/end only): JST_FN, may go unused */
JST_FN void jst_reg_error(const struct jst_probe *p, int rc)
{
	jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s registration error (rc %d)\n",
			    p->pp, rc);
}

/* timer.profile and perf.*: run the body with the interrupted registers (NULL where there are none) */
JST_FN void jst_probe_run_regs(const struct jst_probe *p, struct pt_regs *regs)
{
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(p, JST_STATE_RUNNING, &flags);

	if (!c)
		return;
	c->regs = regs;
	c->user_mode = regs ? user_mode(regs) : 0;
	p->body(c);
	c->user_mode = 0;            /* zero between hits (jst_probe_enter) */
	jst_probe_exit(c, flags);
}

/* ---- begin / end / error ---- */

static void jst_run_be(int type, int expected_state)
{
	unsigned int i;

	for (i = 0; i < jst_module->nbe; i++)
		if (jst_module->be[i].type == type)
			jst_probe_run(jst_module->be[i].probe, expected_state);
}

/* ---- one file per probe family ---- */

#include "jst_timer.c"
#include "jst_profile.c"
#include "jst_kprobes.c"
#include "jst_tracepoints.c"
#include "jst_uprobes.c"
#include "jst_proclife.c"
#include "jst_procfs.c"
#include "jst_perf.c"
#include "jst_hwbkpt.c"

#include "jst_session.c"
