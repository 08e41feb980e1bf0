/* jst_session.c - session start/stop over every probe family, module init/exit (kernel only; included last by
 * jst_probes.c). */
/* ---- session ---- */

/*
 * Every probe family's registration, in the order the session arms them (and the reverse to disarm); a family
 * the module has none of is a pair of stubs. A new family adds its file to jst_probes.c and one line here.
 */
static const struct {
	int (*reg)(void);
	void (*unreg)(void);
} jst_families[] = {
	{ jst_kprobes_register, jst_kprobes_unregister },
	{ jst_tracepoints_register, jst_tracepoints_unregister },
	{ jst_uprobes_register, jst_uprobes_unregister },
	{ jst_proclifes_register, jst_proclifes_unregister },
	{ jst_procfs_register, jst_procfs_unregister },
	{ jst_perfs_register, jst_perfs_unregister },
	{ jst_hwbkpts_register, jst_hwbkpts_unregister },
	{ jst_timers_register, jst_timers_unregister },
	{ jst_profiles_register, jst_profiles_unregister },
};

static void jst_unregister_all(void)
{
	int i;

	/* reverse order of registration */
	for (i = ARRAY_SIZE(jst_families) - 1; i >= 0; i--)
		jst_families[i].unreg();
}

static int jst_register_all(void)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < ARRAY_SIZE(jst_families) && !rc; i++)
		rc = jst_families[i].reg();
	return rc;
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
	rc = jst_register_all();
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
