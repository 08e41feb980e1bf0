/* jst_kprobes.c - kernel.function / module().function / kprobe.* as kprobes and kretprobes, module ones armed
 * from a module notifier (kernel only; included by jst_probes.c, the body only with JST_NEED_KPROBES). */
/* ---- kprobes / kretprobes ---- */

#if JST_NEED_KPROBES
/* kprobe and kretprobe handlers run with preemption off and interrupts as the probed code had them
 * (JST_GUARD_KERNEL, jst_context.h), or off (JST_GUARD_IRQ) for a body that takes locks and for the generic
 * handlers, which do not know their bodies */
static __always_inline int jst_kprobe_hit(struct kprobe *kp, struct pt_regs *regs, const struct jst_probe *p,
                                           void (*body)(struct jst_context *c), int guard)
{
	unsigned long flags;
	struct jst_context *c;

	if (!regs)                   /* never: the kernel always passes them (this lets bodies drop their tests) */
		__builtin_unreachable();
	c = jst_probe_enter_kernel(p, regs, (unsigned long)kp->addr, guard, &flags);
	if (!c)
		return 0;
	body(c);
	jst_probe_exit_as(c, flags, guard);
	return 0;
}

static JST_HANDLER int jst_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	const struct jst_probe *p = container_of(kp, struct jst_kprobe, kp)->probe;

	/* (the translator's rows all have their own .pre, whose descriptors name no body) */
	return p->body ? jst_kprobe_hit(kp, regs, p, p->body, JST_GUARD_IRQ) : 0;
}

/* the kretprobe of an instance: NULL once it is being unregistered */
static __always_inline struct kretprobe *jst_kretprobe_of(struct kretprobe_instance *ri)
{
#ifdef JST_HAVE_GET_KRETPROBE
	return get_kretprobe(ri);
#else
	return ri->rp;
#endif
}

static struct jst_kprobe *jst_kprobe_of(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = jst_kretprobe_of(ri);

	return rp ? container_of(rp, struct jst_kprobe, krp) : NULL;
}

static JST_HANDLER int jst_kretprobe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct jst_kprobe *jk = jst_kprobe_of(ri);
	unsigned long flags;
	struct jst_context *c;

	if (!jk || !jk->entry_body)
		return 0;
	/* (@entry bodies may take locks) */
	c = jst_probe_enter_kernel(jk->probe, regs, 0, JST_GUARD_IRQ, &flags);
	if (!c)
		return 1;            /* no @entry data: do not arm the return probe */
	c->kretprobe_instance = ri;
	c->entry_data = ri->data;
	jk->entry_body(c);
	c->kretprobe_instance = NULL;   /* zero between hits (jst_probe_enter) */
	c->entry_data = NULL;
	jst_probe_exit_as(c, flags, JST_GUARD_IRQ);
	return 0;
}

static __always_inline int jst_kretprobe_hit(struct kretprobe_instance *ri, struct pt_regs *regs,
                                              const struct jst_probe *p, void (*body)(struct jst_context *c),
                                              int guard)
{
	struct kretprobe *rp = jst_kretprobe_of(ri);
	unsigned long flags;
	struct jst_context *c;

	if (!regs)                   /* never (as in jst_kprobe_hit) */
		__builtin_unreachable();
	if (!rp)
		return 0;
	c = jst_probe_enter_kernel(p, regs, (unsigned long)rp->kp.addr, guard, &flags);
	if (!c)
		return 0;
	c->kretprobe_instance = ri;
	c->entry_data = ri->data;
	body(c);
	c->kretprobe_instance = NULL;   /* zero between hits (jst_probe_enter) */
	c->entry_data = NULL;
	jst_probe_exit_as(c, flags, guard);
	return 0;
}

static JST_HANDLER int jst_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct jst_kprobe *jk = jst_kprobe_of(ri);

	return jk && jk->probe->body ? jst_kretprobe_hit(ri, regs, jk->probe, jk->probe->body, JST_GUARD_IRQ) : 0;
}

static void jst_kp_modules_unregister(void);

/* an unregistered probe's misses are skipped hits: a return probe's lack of instances (maxactive), and hits the
 * kernel did not run because a kprobe was already running on that CPU (a probe on a function an interrupt
 * calls, reached while a hit was in progress), as stap counts them */
static void jst_kprobe_count_missed(struct jst_kprobe *jk)
{
	unsigned long missed = jk->is_return ? jk->krp.kp.nmissed : jk->kp.nmissed;

	if (jk->is_return) {
		atomic_add((int)jk->krp.nmissed, &jst_session.skipped_count);
		atomic_add((int)jk->krp.nmissed, &jst_session.skipped_by[JST_SKIP_KRETPROBE]);
	}
	atomic_add((int)missed, &jst_session.skipped_count);
	atomic_add((int)missed, &jst_session.skipped_by[JST_SKIP_REENTRANT]);
}

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
		if (jk->registered)
			jst_kprobe_count_missed(jk);
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
		jk->krp.handler = jk->ret ? jk->ret : jst_kretprobe_ret;
		jk->krp.entry_handler = jk->entry_body ? jst_kretprobe_entry : NULL;
		jk->krp.data_size = (int)jk->entry_size;
		jk->krp.maxactive = jk->maxactive;
		rc = register_kretprobe(&jk->krp);
	} else {
		memset(&jk->kp, 0, sizeof(jk->kp));
		jk->kp.symbol_name = jk->symbol;
		jk->kp.offset = (unsigned int)jk->offset;
		jk->kp.pre_handler = jk->pre ? jk->pre : jst_kprobe_pre;
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
			if (jk->is_return)
				unregister_kretprobe(&jk->krp);
			else
				unregister_kprobe(&jk->kp);
			jst_kprobe_count_missed(jk);
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
		if (rc != -ENOENT) {
			/* the kernel refuses this address (a static call or jump label site, a blacklisted or
			 * notrace function: -EINVAL; not an instruction boundary: -EILSEQ): stap 4.8 warns
			 * and goes on with the other points, so one refused inline copy in a wildcard does
			 * not fail the run. A symbol that is missing (-ENOENT) stays an error: pass 2 found it. */
			jst_session_message(JST_STREAM_STDERR, "WARNING: probe %s (address 0x%lx) registration "
					    "error [man warning::pass5] (rc %d)\n", jk->probe->pp,
					    (unsigned long)(jk->is_return ? jk->krp.kp.addr : jk->kp.addr), rc);
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
