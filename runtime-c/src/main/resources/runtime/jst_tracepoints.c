/* jst_tracepoints.c - kernel.trace("NAME"), module tracepoints from a module notifier (kernel only; included by
 * jst_probes.c, the body only with JST_NEED_TRACEPOINTS). */
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
