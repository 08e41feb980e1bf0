/* jst_probes.c - kernel callbacks, registration with unwind, session start/stop, module init. */
#include "jst_probes.h"
#include "jst_transport.h"
#include "jst_control.h"
#include <linux/random.h>
#if JST_NEED_UPROBES
#include <linux/namei.h>
#include <linux/fs.h>
#endif

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

/* ---- kprobes / kretprobes ---- */

#if JST_NEED_KPROBES
static int jst_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct jst_kprobe *jk = container_of(kp, struct jst_kprobe, kp);
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(jk->probe, JST_STATE_RUNNING, &flags);

	if (!c)
		return 0;
	c->regs = regs;
	c->probe_addr = (unsigned long)kp->addr;
	jk->probe->body(c);
	jst_probe_exit(c, flags);
	return 0;
}

static struct jst_kprobe *jst_kprobe_of(struct kretprobe_instance *ri)
{
#ifdef JST_HAVE_GET_KRETPROBE
	struct kretprobe *rp = get_kretprobe(ri);
#else
	struct kretprobe *rp = ri->rp;
#endif
	return rp ? container_of(rp, struct jst_kprobe, krp) : NULL;
}

static int jst_kretprobe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct jst_kprobe *jk = jst_kprobe_of(ri);
	unsigned long flags;
	struct jst_context *c;

	if (!jk || !jk->entry_body)
		return 0;
	c = jst_probe_enter(jk->probe, JST_STATE_RUNNING, &flags);
	if (!c)
		return 1;            /* no @entry data: do not arm the return probe */
	c->regs = regs;
	c->kretprobe_instance = ri;
	c->entry_data = ri->data;
	jk->entry_body(c);
	jst_probe_exit(c, flags);
	return 0;
}

static int jst_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct jst_kprobe *jk = jst_kprobe_of(ri);
	unsigned long flags;
	struct jst_context *c;

	if (!jk)
		return 0;
	c = jst_probe_enter(jk->probe, JST_STATE_RUNNING, &flags);
	if (!c)
		return 0;
	c->regs = regs;
	c->kretprobe_instance = ri;
	c->probe_addr = (unsigned long)jk->krp.kp.addr;
	c->entry_data = ri->data;
	jk->probe->body(c);
	jst_probe_exit(c, flags);
	return 0;
}

static void jst_kp_modules_unregister(void);

static void jst_kprobes_unregister(void)
{
	unsigned int i, n = 0, nr = 0;
	struct kprobe **kps;
	struct kretprobe **krps;

	jst_kp_modules_unregister();      /* no more module callbacks after this */
	kps = kcalloc(jst_module->nkprobes + 1, sizeof(*kps), GFP_KERNEL);
	krps = kcalloc(jst_module->nkprobes + 1, sizeof(*krps), GFP_KERNEL);
	for (i = 0; i < jst_module->nkprobes; i++) {
		struct jst_kprobe *jk = &jst_module->kprobes[i];
		if (!jk->registered)
			continue;
		if (jk->is_return) {
			if (krps)
				krps[nr++] = &jk->krp;
			else
				unregister_kretprobe(&jk->krp);
		} else {
			if (kps)
				kps[n++] = &jk->kp;
			else
				unregister_kprobe(&jk->kp);
		}
	}
	/* batches: one RCU grace period for all of them */
	if (n)
		unregister_kprobes(kps, (int)n);
	if (nr)
		unregister_kretprobes(krps, (int)nr);
	for (i = 0; i < jst_module->nkprobes; i++) {
		struct jst_kprobe *jk = &jst_module->kprobes[i];
		if (jk->registered && jk->is_return) {
			atomic_add(jk->krp.nmissed, &jst_session.skipped_count);
			atomic_add(jk->krp.nmissed, &jst_session.skipped_by[JST_SKIP_KRETPROBE]);
		}
		jk->registered = 0;
	}
	kfree(kps);
	kfree(krps);
}

static int jst_kprobe_register_one(struct jst_kprobe *jk)
{
	int rc;

	if (jk->is_return) {
		memset(&jk->krp, 0, sizeof(jk->krp));
		jk->krp.kp.symbol_name = jk->symbol;
		jk->krp.kp.offset = (unsigned int)jk->offset;
		jk->krp.handler = jst_kretprobe_ret;
		jk->krp.entry_handler = jk->entry_body ? jst_kretprobe_entry : NULL;
		jk->krp.data_size = (int)jk->entry_size;
		jk->krp.maxactive = jk->maxactive;
		rc = register_kretprobe(&jk->krp);
	} else {
		memset(&jk->kp, 0, sizeof(jk->kp));
		jk->kp.symbol_name = jk->symbol;
		jk->kp.offset = (unsigned int)jk->offset;
		jk->kp.pre_handler = jst_kprobe_pre;
		rc = register_kprobe(&jk->kp);
	}
	if (!rc)
		jk->registered = 1;
	return rc;
}

/* "module:function": the module part (length in *n), or NULL for a vmlinux symbol */
static const char *jst_kp_module(const struct jst_kprobe *jk, size_t *n)
{
	const char *colon = strchr(jk->symbol, ':');

	if (!colon)
		return NULL;
	*n = (size_t)(colon - jk->symbol);
	return jk->symbol;
}

#ifdef CONFIG_MODULES
/* module("m").function(...) probes: registered while module m is loaded, as stap does. The module notifier
 * and the start-up loop both hold jst_kp_mutex, so a module loading during start-up is armed exactly once. */
static DEFINE_MUTEX(jst_kp_mutex);
static int jst_kp_notifier_on;

static int jst_kp_module_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct module *mod = data;
	unsigned int i;
	int s = atomic_read(&jst_session.state);

	mutex_lock(&jst_kp_mutex);
	for (i = 0; i < jst_module->nkprobes; i++) {
		struct jst_kprobe *jk = &jst_module->kprobes[i];
		size_t n;
		const char *m = jst_kp_module(jk, &n);
		int rc;

		if (!m || strlen(mod->name) != n || strncmp(m, mod->name, n) != 0)
			continue;
		if (val == MODULE_STATE_COMING && !jk->registered &&
		    (s == JST_STATE_STARTING || s == JST_STATE_RUNNING)) {
			rc = jst_kprobe_register_one(jk);
			if (rc && !jk->optional)
				jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s not registered in module %s "
						    "(rc %d)\n", jk->probe->pp, mod->name, rc);
		} else if (val == MODULE_STATE_GOING && jk->registered) {
			/* the module's code goes away: the probe comes back if it loads again */
			if (jk->is_return) {
				unregister_kretprobe(&jk->krp);
				atomic_add(jk->krp.nmissed, &jst_session.skipped_count);
				atomic_add(jk->krp.nmissed, &jst_session.skipped_by[JST_SKIP_KRETPROBE]);
			} else {
				unregister_kprobe(&jk->kp);
			}
			jk->registered = 0;
		}
	}
	mutex_unlock(&jst_kp_mutex);
	return NOTIFY_OK;
}

static struct notifier_block jst_kp_nb = { .notifier_call = jst_kp_module_notify };

static int jst_kp_modules_register(void)
{
	int rc = register_module_notifier(&jst_kp_nb);

	if (!rc)
		jst_kp_notifier_on = 1;
	return rc;
}

static void jst_kp_modules_unregister(void)
{
	if (jst_kp_notifier_on)
		unregister_module_notifier(&jst_kp_nb);
	jst_kp_notifier_on = 0;
}
#define jst_kp_lock() mutex_lock(&jst_kp_mutex)
#define jst_kp_unlock() mutex_unlock(&jst_kp_mutex)
#else
static int jst_kp_modules_register(void) { return -ENOSYS; }
static void jst_kp_modules_unregister(void) { }
#define jst_kp_lock() do { } while (0)
#define jst_kp_unlock() do { } while (0)
#endif

static int jst_kprobes_register(void)
{
	unsigned int i;
	int rc = 0, modular = 0;

	for (i = 0; i < jst_module->nkprobes; i++) {
		size_t n;
		if (jst_kp_module(&jst_module->kprobes[i], &n))
			modular = 1;
	}
	if (modular && jst_kp_modules_register() == 0)
		modular = 2;
	jst_kp_lock();
	for (i = 0; i < jst_module->nkprobes; i++) {
		struct jst_kprobe *jk = &jst_module->kprobes[i];
		size_t n;
		const char *m = jst_kp_module(jk, &n);

		rc = jst_kprobe_register_one(jk);
		if (!rc)
			continue;
		if (rc == -ENOENT && m && modular == 2) {
			/* its module is not loaded (the symbol is unknown): armed by the notifier when it loads */
			if (!jk->optional)
				jst_session_message(JST_STREAM_STDERR, "WARNING: probe %s waits for module %.*s "
						    "to be loaded\n", jk->probe->pp, (int)n, m);
			rc = 0;
			continue;
		}
		if (jk->optional) {
			rc = 0;
			continue;
		}
		jst_reg_error(jk->probe, rc);
		break;
	}
	jst_kp_unlock();
	return rc;
}
#else
static int jst_kprobes_register(void) { return 0; }
static void jst_kprobes_unregister(void) { }
#endif

/* ---- tracepoints ---- */

#if JST_NEED_TRACEPOINTS
static void jst_tp_fire(void *data, const unsigned long *args, int n)
{
	struct jst_tracepoint *jt = data;
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(jt->probe, JST_STATE_RUNNING, &flags);
	int i;

	if (!c)
		return;
	for (i = 0; i < n && i < JST_MAX_TP_ARGS; i++)
		c->tp_args[i] = args[i];
	jt->probe->body(c);
	jst_probe_exit(c, flags);
}

#define JST_P1  , unsigned long a0
#define JST_P2  JST_P1, unsigned long a1
#define JST_P3  JST_P2, unsigned long a2
#define JST_P4  JST_P3, unsigned long a3
#define JST_P5  JST_P4, unsigned long a4
#define JST_P6  JST_P5, unsigned long a5
#define JST_P7  JST_P6, unsigned long a6
#define JST_P8  JST_P7, unsigned long a7
#define JST_P9  JST_P8, unsigned long a8
#define JST_P10 JST_P9, unsigned long a9
#define JST_P11 JST_P10, unsigned long a10
#define JST_P12 JST_P11, unsigned long a11
#define JST_V1  , a0
#define JST_V2  JST_V1, a1
#define JST_V3  JST_V2, a2
#define JST_V4  JST_V3, a3
#define JST_V5  JST_V4, a4
#define JST_V6  JST_V5, a5
#define JST_V7  JST_V6, a6
#define JST_V8  JST_V7, a7
#define JST_V9  JST_V8, a8
#define JST_V10 JST_V9, a9
#define JST_V11 JST_V10, a10
#define JST_V12 JST_V11, a11
/* tracepoint callbacks by argument count: every argument travels in a 64-bit slot */
#define JST_TP_CB(n, P, V) \
	static void jst_tp_cb##n(void *data P) { unsigned long a[] = { 0 V }; jst_tp_fire(data, a + 1, n); }
JST_TP_CB(0, , )
JST_TP_CB(1, JST_P1, JST_V1)
JST_TP_CB(2, JST_P2, JST_V2)
JST_TP_CB(3, JST_P3, JST_V3)
JST_TP_CB(4, JST_P4, JST_V4)
JST_TP_CB(5, JST_P5, JST_V5)
JST_TP_CB(6, JST_P6, JST_V6)
JST_TP_CB(7, JST_P7, JST_V7)
JST_TP_CB(8, JST_P8, JST_V8)
JST_TP_CB(9, JST_P9, JST_V9)
JST_TP_CB(10, JST_P10, JST_V10)
JST_TP_CB(11, JST_P11, JST_V11)
JST_TP_CB(12, JST_P12, JST_V12)

static void *const jst_tp_cbs[] = {
	jst_tp_cb0, jst_tp_cb1, jst_tp_cb2, jst_tp_cb3, jst_tp_cb4, jst_tp_cb5, jst_tp_cb6,
	jst_tp_cb7, jst_tp_cb8, jst_tp_cb9, jst_tp_cb10, jst_tp_cb11, jst_tp_cb12,
};

struct jst_tp_lookup { const char *name; struct tracepoint *tp; };

static void jst_tp_find(struct tracepoint *tp, void *priv)
{
	struct jst_tp_lookup *l = priv;
	if (!l->tp && strcmp(tp->name, l->name) == 0)
		l->tp = tp;
}

/* "module:name" -> "name"; NULL module part for a vmlinux tracepoint */
static const char *jst_tp_base(const struct jst_tracepoint *jt)
{
	const char *colon = strchr(jt->name, ':');
	return colon ? colon + 1 : jt->name;
}

static int jst_tp_in_module(const struct jst_tracepoint *jt, const char *modname)
{
	const char *colon = strchr(jt->name, ':');
	size_t n;

	if (!colon)
		return 0;
	n = (size_t)(colon - jt->name);
	return strlen(modname) == n && strncmp(jt->name, modname, n) == 0;
}

#ifdef CONFIG_MODULES
/* Module tracepoints: guarded by jst_tp_mutex, taken inside the kernel's tracepoint module list
 * lock (the notifier runs under it), so never call the notifier (un)registration holding it. */
static DEFINE_MUTEX(jst_tp_mutex);
static int jst_tp_notifier_on;

static struct tracepoint *jst_tp_in(struct module *mod, const char *name)
{
	unsigned int i;

	for (i = 0; i < mod->num_tracepoints; i++) {
		struct tracepoint *tp = tracepoint_ptr_deref(&mod->tracepoints_ptrs[i]);
		if (strcmp(tp->name, name) == 0)
			return tp;
	}
	return NULL;
}

static int jst_tp_module_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct tp_module *tm = data;
	struct module *mod = tm->mod;
	unsigned int i;
	int s = atomic_read(&jst_session.state);

	mutex_lock(&jst_tp_mutex);
	for (i = 0; i < jst_module->ntracepoints; i++) {
		struct jst_tracepoint *jt = &jst_module->tracepoints[i];
		int rc;

		if (!jst_tp_in_module(jt, mod->name))
			continue;
		if (val == MODULE_STATE_COMING && !jt->registered &&
		    (s == JST_STATE_STARTING || s == JST_STATE_RUNNING)) {
			struct tracepoint *tp = jst_tp_in(mod, jst_tp_base(jt));
			rc = tp ? tracepoint_probe_register(tp, jst_tp_cbs[jt->nargs], jt) : -ENOENT;
			if (rc) {
				if (!jt->optional)
					jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: tracepoint %s "
							    "not registered in module %s (rc %d)\n", jt->probe->pp,
							    jst_tp_base(jt), mod->name, rc);
				continue;
			}
			jt->tp = tp;
			jt->mod = mod;
			jt->registered = 1;
		} else if (val == MODULE_STATE_GOING && jt->registered && jt->mod == mod) {
			/* before the module's tracepoints go away; probes come back if it loads again */
			tracepoint_probe_unregister(jt->tp, jst_tp_cbs[jt->nargs], jt);
			jt->registered = 0;
			jt->mod = NULL;
			jt->tp = NULL;
		}
	}
	mutex_unlock(&jst_tp_mutex);
	return NOTIFY_OK;
}

static struct notifier_block jst_tp_nb = { .notifier_call = jst_tp_module_notify };

/* replays COMING for every loaded module with tracepoints, so loaded ones register right now */
static int jst_tp_modules_register(void)
{
	unsigned int i;
	int rc = register_tracepoint_module_notifier(&jst_tp_nb);

	if (rc)
		return rc;
	jst_tp_notifier_on = 1;
	mutex_lock(&jst_tp_mutex);
	for (i = 0; i < jst_module->ntracepoints; i++) {
		struct jst_tracepoint *jt = &jst_module->tracepoints[i];
		const char *colon = strchr(jt->name, ':');

		if (colon && !jt->registered && !jt->optional)
			jst_session_message(JST_STREAM_STDERR, "WARNING: probe %s waits for module %.*s "
					    "to be loaded (tracepoint %s)\n", jt->probe->pp,
					    (int)(colon - jt->name), jt->name, colon + 1);
	}
	mutex_unlock(&jst_tp_mutex);
	return 0;
}

static void jst_tp_modules_unregister(void)
{
	if (jst_tp_notifier_on)
		unregister_tracepoint_module_notifier(&jst_tp_nb);
	jst_tp_notifier_on = 0;
}
#else
static int jst_tp_modules_register(void) { return -ENOSYS; }
static void jst_tp_modules_unregister(void) { }
#endif

static void jst_tracepoints_unregister(void)
{
	unsigned int i;
	int any = 0;

	jst_tp_modules_unregister();      /* no more module callbacks after this */
	for (i = 0; i < jst_module->ntracepoints; i++) {
		struct jst_tracepoint *jt = &jst_module->tracepoints[i];
		if (!jt->registered)
			continue;
		tracepoint_probe_unregister(jt->tp, jst_tp_cbs[jt->nargs], jt);
		jt->registered = 0;
		jt->mod = NULL;
		any = 1;
	}
	if (any)
		tracepoint_synchronize_unregister();
}

static int jst_tracepoints_register(void)
{
	unsigned int i;
	int rc, modular = 0;

	for (i = 0; i < jst_module->ntracepoints; i++) {
		struct jst_tracepoint *jt = &jst_module->tracepoints[i];
		struct jst_tp_lookup l = { jt->name, NULL };

		if (jt->nargs < 0 || jt->nargs > JST_MAX_TP_ARGS) {
			rc = -EINVAL;
		} else if (strchr(jt->name, ':')) {
			modular = 1;     /* below, through the module notifier */
			continue;
		} else {
			for_each_kernel_tracepoint(jst_tp_find, &l);
			jt->tp = l.tp;
			rc = l.tp ? tracepoint_probe_register(l.tp, jst_tp_cbs[jt->nargs], jt) : -ENOENT;
		}
		if (rc) {
			if (jt->optional)
				continue;
			jst_reg_error(jt->probe, rc);
			return rc;
		}
		jt->registered = 1;
	}
	if (modular) {
		rc = jst_tp_modules_register();
		if (rc) {
			for (i = 0; i < jst_module->ntracepoints; i++)
				if (strchr(jst_module->tracepoints[i].name, ':') && !jst_module->tracepoints[i].optional) {
					jst_reg_error(jst_module->tracepoints[i].probe, rc);
					return rc;
				}
		}
	}
	return 0;
}
#else
static int jst_tracepoints_register(void) { return 0; }
static void jst_tracepoints_unregister(void) { }
#endif

/* ---- uprobes ---- */

#if JST_NEED_UPROBES
static int jst_uprobe_fire(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct jst_uprobe *ju = container_of(uc, struct jst_uprobe, uc);
	unsigned long flags;
	struct jst_context *c;

	/* the uprobe is on an inode, so it fires in every process mapping the file: process(PID) keeps one */
	if (ju->pid && current->tgid != ju->pid)
		return 0;
	c = jst_probe_enter(ju->probe, JST_STATE_RUNNING, &flags);
	if (!c)
		return 0;
	c->regs = regs;
	c->user_mode = 1;
	ju->probe->body(c);
	jst_probe_exit(c, flags);
	return 0;
}

#ifdef JST_HAVE_UPROBE_HANDLER_DATA
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func,
				 struct pt_regs *regs, __u64 *data)
{
	return jst_uprobe_fire(uc, regs);
}
#else
static int jst_uprobe_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	return jst_uprobe_fire(uc, regs);
}
static int jst_uretprobe_handler(struct uprobe_consumer *uc, unsigned long func, struct pt_regs *regs)
{
	return jst_uprobe_fire(uc, regs);
}
#endif

static void jst_uprobes_unregister(void)
{
	unsigned int i;

	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		if (ju->registered) {
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
			uprobe_unregister_nosync(ju->handle, &ju->uc);
#else
			uprobe_unregister(ju->inode, ju->offset, &ju->uc);
#endif
		}
		ju->registered = 0;
	}
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
	uprobe_unregister_sync();
#endif
	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		if (ju->inode)
			iput(ju->inode);
		ju->inode = NULL;
	}
}

static int jst_uprobes_register(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < jst_module->nuprobes; i++) {
		struct jst_uprobe *ju = &jst_module->uprobes[i];
		struct path p;

		rc = kern_path(ju->path, LOOKUP_FOLLOW, &p);
		if (!rc) {
			ju->inode = igrab(d_inode(p.dentry));
			path_put(&p);
			memset(&ju->uc, 0, sizeof(ju->uc));
			if (ju->is_return)
				ju->uc.ret_handler = jst_uretprobe_handler;
			else
				ju->uc.handler = jst_uprobe_handler;
#ifdef JST_HAVE_UPROBE_REGISTER_PTR
			ju->handle = uprobe_register(ju->inode, ju->offset, ju->ref_ctr_offset, &ju->uc);
			rc = IS_ERR(ju->handle) ? (int)PTR_ERR(ju->handle) : 0;
#else
			/* with a semaphore, the kernel increments it in each process mapping the file, now and later */
			rc = ju->ref_ctr_offset ? uprobe_register_refctr(ju->inode, ju->offset, ju->ref_ctr_offset, &ju->uc)
						: uprobe_register(ju->inode, ju->offset, &ju->uc);
#endif
		}
		if (rc) {
			if (ju->inode)
				iput(ju->inode);
			ju->inode = NULL;
			if (ju->optional)
				continue;
			jst_reg_error(ju->probe, rc);
			return rc;
		}
		ju->registered = 1;
	}
	return 0;
}
#else
static int jst_uprobes_register(void) { return 0; }
static void jst_uprobes_unregister(void) { }
#endif

/* ---- process / thread begin and end ---- */

#if JST_NEED_PROCLIFE
#include "jst_proclife.c"
#else
static int jst_proclifes_register(void) { return 0; }
static void jst_proclifes_unregister(void) { }
#endif

/* ---- procfs files ---- */

#if JST_NEED_PROCFS
#include "jst_procfs.c"
#else
static int jst_procfs_register(void) { return 0; }
static void jst_procfs_unregister(void) { }
#endif

/* ---- perf events ---- */

#if JST_NEED_PERF
#include "jst_perf.c"
#else
static int jst_perfs_register(void) { return 0; }
static void jst_perfs_unregister(void) { }
#endif

/* ---- session ---- */

static void jst_unregister_all(void)
{
	/* reverse order of registration */
	jst_profiles_unregister();
	jst_timers_unregister();
	jst_perfs_unregister();
	jst_procfs_unregister();
	jst_proclifes_unregister();
	jst_uprobes_unregister();
	jst_tracepoints_unregister();
	jst_kprobes_unregister();
}

/* wait until no CPU is inside a probe body (handlers already unregistered) */
static void jst_wait_idle(void)
{
	int cpu, tries;

	synchronize_rcu();
	for (tries = 0; tries < 1000; tries++) {
		int busy = 0;
		for_each_possible_cpu(cpu) {
			struct jst_context *c = jst_context_cpu(cpu);
			if (c && atomic_read(&c->busy))
				busy = 1;
		}
		if (!busy)
			return;
		msleep(1);
	}
}

JST_FN int jst_session_start(long target_pid)
{
	int rc;

	jst_session.target_pid = target_pid;
	atomic_set(&jst_session.state, JST_STATE_STARTING);
	jst_run_be(JST_BEGIN, JST_STATE_STARTING);
	if (atomic_read(&jst_session.state) != JST_STATE_STARTING)
		return 0;            /* exit() or an error in a begin probe: the loader stops us */
	rc = jst_kprobes_register();
	if (!rc)
		rc = jst_tracepoints_register();
	if (!rc)
		rc = jst_uprobes_register();
	if (!rc)
		rc = jst_proclifes_register();
	if (!rc)
		rc = jst_procfs_register();
	if (!rc)
		rc = jst_perfs_register();
	if (!rc)
		rc = jst_timers_register();
	if (!rc)
		rc = jst_profiles_register();
	if (rc) {
		jst_unregister_all();
		atomic_inc(&jst_session.error_count);
		atomic_set(&jst_session.start_failed, 1);
		atomic_set(&jst_session.state, JST_STATE_STOPPED);
		jst_wait_idle();
		jst_request_exit();
		return rc;
	}
	atomic_cmpxchg(&jst_session.state, JST_STATE_STARTING, JST_STATE_RUNNING);
	return 0;
}

JST_FN void jst_session_stop(int run_end_probes)
{
	int s = atomic_read(&jst_session.state);

	if (s == JST_STATE_STOPPED)
		return;
	if (s == JST_STATE_LOADED) {
		atomic_set(&jst_session.state, JST_STATE_STOPPED);
		return;
	}
	if (s == JST_STATE_STARTING || s == JST_STATE_RUNNING)
		atomic_set(&jst_session.state, JST_STATE_STOPPING);
	jst_unregister_all();
	jst_wait_idle();
	if (run_end_probes) {
		if (atomic_read(&jst_session.state) == JST_STATE_ERROR)
			jst_run_be(JST_ERROR_PROBE, JST_STATE_ERROR);
		else
			jst_run_be(JST_END, JST_STATE_STOPPING);
	}
	atomic_set(&jst_session.state, JST_STATE_STOPPED);
}

JST_FN int jst_module_init(struct jst_module *m)
{
	int rc;

	jst_module = m;
	atomic_set(&jst_session.state, JST_STATE_LOADED);
	rc = jst_contexts_alloc(m->locals_size);
	if (rc)
		return rc;
	rc = m->globals_alloc ? m->globals_alloc() : 0;
	if (rc)
		goto fail_ctx;
	rc = jst_transport_init();
	if (rc)
		goto fail_globals;
	rc = jst_control_init(KBUILD_MODNAME);
	if (rc)
		goto fail_transport;
	return 0;
fail_transport:
	jst_transport_exit();
fail_globals:
	if (m->globals_free)
		m->globals_free();
fail_ctx:
	jst_contexts_free();
	return rc;
}

JST_FN void jst_module_exit(void)
{
	mutex_lock(&jst_ctl_mutex);
	jst_session_stop(0);     /* the loader went away without "stop": no end probes */
	mutex_unlock(&jst_ctl_mutex);
	jst_control_exit();
	jst_transport_exit();
	if (jst_module->globals_free)
		jst_module->globals_free();
	jst_contexts_free();
}
