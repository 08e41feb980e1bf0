/* jst_perf.c - perf.sw.NAME / perf.hw.NAME / perf.type(T).config(C) with .sample(N), .process("PATH")
 * and .counter("NAME") (kernel only; included by jst_probes.c when JST_NEED_PERF).
 *
 * Without .process: a kernel perf counter per online CPU whose overflow (every N events) runs the
 * probe with the interrupted registers. Hardware events overflow in NMI context on real PMUs; where
 * the CPU has no such event (a TCG VM has no PMU) registration fails with the perf error and the
 * session does not start.
 *
 * With .process("PATH"): one per-task counter in each process running PATH: made for the processes
 * that run it when the session starts, and for each later exec of it (sched_process_exec queues a
 * task_work: creating a counter sleeps, the tracepoint may not), in the exec'ing task. The counters
 * of a process are kept per thread group (jst_perf_tasks) until the session ends; a group that ends is
 * marked dead, so a reused tgid gets new ones.
 *
 * With .counter("NAME"): a counting event (no sample period, no handler); @perf("NAME") in a process
 * probe reads its current value (jst_perf_counter_read): the current task's counter for a .process
 * one, this CPU's otherwise, 0 when there is none. The read is the perf core's local read (pmu->read
 * of an event active on this CPU, irqs off), safe in any probe context. */
#if JST_NEED_PERF
#include <linux/perf_event.h>
#include <linux/cpu.h>
#include <linux/hashtable.h>
#include <linux/namei.h>
#include <linux/binfmts.h>
#include <linux/task_work.h>
#include <linux/tracepoint.h>
#include <linux/sched/signal.h>

/* the counters of one thread group: ev[i] is perf probe i's (NULL if probe i does not count it) */
struct jst_perf_task {
	struct hlist_node node;
	pid_t tgid;
	int dead;
	struct perf_event *ev[];
};

static DEFINE_HASHTABLE(jst_perf_tasks, 6);
static DEFINE_SPINLOCK(jst_perf_lock);     /* jst_perf_tasks and every events pointer readers follow */
static atomic_t jst_perf_pending = ATOMIC_INIT(0);
static struct tracepoint *jst_perf_tp_exec, *jst_perf_tp_exit;
static int jst_perf_tp_registered;

static void jst_perf_overflow(struct perf_event *event, struct perf_sample_data *data, struct pt_regs *regs)
{
	struct jst_perf_probe *pp = event->overflow_handler_context;

	jst_probe_run_regs(pp->probe, regs);
}

static void jst_perf_attr(const struct jst_perf_probe *pp, struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = pp->type;
	attr->size = sizeof(*attr);
	attr->config = pp->config;
	attr->sample_period = pp->counter ? 0 : pp->sample;
	attr->pinned = 1;
}

/* an event's count now: the perf core's local read, irqs off (any probe context) */
static u64 jst_perf_value(struct perf_event *e)
{
	unsigned long flags;
	u64 v;

	local_irq_save(flags);
	if (READ_ONCE(e->oncpu) == smp_processor_id() && READ_ONCE(e->state) == PERF_EVENT_STATE_ACTIVE)
		e->pmu->read(e);
	v = local64_read(&e->count) + atomic64_read(&e->child_count);
	local_irq_restore(flags);
	return v;
}

static struct jst_perf_task *jst_perf_task_find(pid_t tgid)
{
	struct jst_perf_task *t;

	hash_for_each_possible(jst_perf_tasks, t, node, tgid)
		if (t->tgid == tgid && !t->dead)
			return t;
	return NULL;
}

/* @perf("NAME"): perf probe idx's counter as the current task sees it */
static __maybe_unused int64_t jst_perf_counter_read(unsigned int idx)
{
	struct jst_perf_probe *pp;
	struct perf_event *e = NULL;
	unsigned long flags;
	int64_t v = 0;

	if (idx >= jst_module->nperfs)
		return 0;
	pp = &jst_module->perfs[idx];
	spin_lock_irqsave(&jst_perf_lock, flags);
	if (pp->process) {
		struct jst_perf_task *t = jst_perf_task_find(current->tgid);
		if (t)
			e = t->ev[idx];
	} else if (pp->events) {
		e = pp->events[smp_processor_id()];
	}
	if (e)
		v = (int64_t)jst_perf_value(e);
	spin_unlock_irqrestore(&jst_perf_lock, flags);
	return v;
}

/* makes the .process counters whose executable is `exe` in task `task` (sleeps); 0 or -errno */
static int jst_perf_attach(struct task_struct *task, const struct inode *exe)
{
	struct jst_perf_task *t;
	unsigned long flags;
	unsigned int i;
	int any = 0, rc = 0;

	t = kzalloc(struct_size(t, ev, jst_module->nperfs), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->tgid = task->tgid;
	for (i = 0; i < jst_module->nperfs; i++) {
		struct jst_perf_probe *pp = &jst_module->perfs[i];
		struct perf_event_attr attr;
		struct perf_event *e;

		if (!pp->process || pp->inode != exe)
			continue;
		jst_perf_attr(pp, &attr);
		e = perf_event_create_kernel_counter(&attr, -1, task, pp->counter ? NULL : jst_perf_overflow, pp);
		if (IS_ERR(e)) {
			rc = (int)PTR_ERR(e);
			if (!pp->optional && !pp->warned) {
				pp->warned = 1;
				jst_session_message(JST_STREAM_STDERR, "WARNING: probe %s: perf event type %u config %llu "
						    "not available for process %d (rc %d)\n", pp->probe->pp, pp->type,
						    pp->config, task->tgid, rc);
			}
			continue;
		}
		t->ev[i] = e;
		any = 1;
	}
	if (!any) {
		kfree(t);
		return rc;
	}
	spin_lock_irqsave(&jst_perf_lock, flags);
	if (jst_perf_task_find(t->tgid)) {  /* counted already (an exec of PATH again): keep those */
		spin_unlock_irqrestore(&jst_perf_lock, flags);
		for (i = 0; i < jst_module->nperfs; i++)
			if (t->ev[i])
				perf_event_release_kernel(t->ev[i]);
		kfree(t);
		return 0;
	}
	hash_add(jst_perf_tasks, &t->node, t->tgid);
	spin_unlock_irqrestore(&jst_perf_lock, flags);
	return 0;
}

struct jst_perf_work {
	struct callback_head cb;
	const struct inode *exe;
};

/* in the task that exec'd a counted program, before it returns to user space */
static void jst_perf_work_fn(struct callback_head *cb)
{
	struct jst_perf_work *w = container_of(cb, struct jst_perf_work, cb);

	if (!(current->flags & PF_EXITING) && atomic_read(&jst_session.state) == JST_STATE_RUNNING)
		jst_perf_attach(current, w->exe);
	kfree(w);
	smp_mb__before_atomic();
	atomic_dec(&jst_perf_pending);
}

static int jst_perf_counts(const struct inode *exe)
{
	unsigned int i;

	for (i = 0; i < jst_module->nperfs; i++)
		if (jst_module->perfs[i].process && jst_module->perfs[i].inode == exe)
			return 1;
	return 0;
}

static void jst_perf_on_exec(void *data, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	const struct inode *exe = bprm->file ? file_inode(bprm->file) : NULL;
	struct jst_perf_work *w;

	if (!exe || (p->flags & PF_KTHREAD) || atomic_read(&jst_session.state) != JST_STATE_RUNNING || !jst_perf_counts(exe))
		return;
	w = kmalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		return;
	w->exe = exe;
	init_task_work(&w->cb, jst_perf_work_fn);
	atomic_inc(&jst_perf_pending);
	if (task_work_add(p, &w->cb, TWA_RESUME)) {
		atomic_dec(&jst_perf_pending);
		kfree(w);
	}
}

/* the last thread of a group: its counters are not read again (released at the session's end) */
static void jst_perf_on_exit(void *data, struct task_struct *p)
{
	struct jst_perf_task *t;
	unsigned long flags;

	if (atomic_read(&p->signal->live) != 0)
		return;
	spin_lock_irqsave(&jst_perf_lock, flags);
	t = jst_perf_task_find(p->tgid);
	if (t)
		t->dead = 1;
	spin_unlock_irqrestore(&jst_perf_lock, flags);
}

static void jst_perf_find_tp(struct tracepoint *tp, void *priv)
{
	if (!jst_perf_tp_exec && strcmp(tp->name, "sched_process_exec") == 0)
		jst_perf_tp_exec = tp;
	if (!jst_perf_tp_exit && strcmp(tp->name, "sched_process_exit") == 0)
		jst_perf_tp_exit = tp;
}

/* the processes already running a counted program when the session starts */
#define JST_PERF_SCAN_MAX 256
static void jst_perf_scan_existing(void)
{
	struct task_struct **found, *p;
	const struct inode **exes;
	unsigned int n = 0, i;

	found = kcalloc(JST_PERF_SCAN_MAX, sizeof(*found), GFP_KERNEL);
	exes = kcalloc(JST_PERF_SCAN_MAX, sizeof(*exes), GFP_KERNEL);
	if (!found || !exes)
		goto out;
	rcu_read_lock();
	for_each_process(p) {
		const struct inode *exe = NULL;
		struct file *f;

		if (n == JST_PERF_SCAN_MAX)
			break;
		if (p->flags & (PF_KTHREAD | PF_EXITING))
			continue;
		task_lock(p);
		if (p->mm) {
			f = rcu_dereference(p->mm->exe_file);
			if (f)
				exe = file_inode(f);
		}
		task_unlock(p);
		if (exe && jst_perf_counts(exe)) {
			get_task_struct(p);
			found[n] = p;
			exes[n++] = exe;
		}
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++) {
		jst_perf_attach(found[i], exes[i]);
		put_task_struct(found[i]);
	}
out:
	kfree(found);
	kfree(exes);
}

static void jst_perfs_unregister(void)
{
	struct jst_perf_task *t;
	struct hlist_node *tmp;
	struct hlist_head gone = HLIST_HEAD_INIT;
	unsigned long flags;
	unsigned int i, bkt;
	int cpu, waited;

	if (jst_perf_tp_registered) {
		tracepoint_probe_unregister(jst_perf_tp_exec, jst_perf_on_exec, NULL);
		tracepoint_probe_unregister(jst_perf_tp_exit, jst_perf_on_exit, NULL);
		tracepoint_synchronize_unregister();
		jst_perf_tp_registered = 0;
	}
	for (waited = 0; atomic_read(&jst_perf_pending) > 0 && waited < 30000; waited += 10)
		msleep(10);
	spin_lock_irqsave(&jst_perf_lock, flags);
	hash_for_each_safe(jst_perf_tasks, bkt, tmp, t, node) {
		hash_del(&t->node);
		hlist_add_head(&t->node, &gone);
	}
	spin_unlock_irqrestore(&jst_perf_lock, flags);
	hlist_for_each_entry_safe(t, tmp, &gone, node) {
		for (i = 0; i < jst_module->nperfs; i++)
			if (t->ev[i])
				perf_event_release_kernel(t->ev[i]);
		kfree(t);
	}
	for (i = 0; i < jst_module->nperfs; i++) {
		struct jst_perf_probe *pp = &jst_module->perfs[i];
		struct perf_event **events = pp->events;

		if (pp->inode)
			iput(pp->inode);
		pp->inode = NULL;
		if (!events)
			continue;
		spin_lock_irqsave(&jst_perf_lock, flags);
		pp->events = NULL;
		spin_unlock_irqrestore(&jst_perf_lock, flags);
		for_each_possible_cpu(cpu)
			if (events[cpu])
				perf_event_release_kernel(events[cpu]);
		kfree(events);
	}
}

/* one event per online CPU for a probe without .process */
static int jst_perf_register_cpus(struct jst_perf_probe *pp)
{
	struct perf_event_attr attr;
	struct perf_event **events;
	int cpu, rc = 0;

	jst_perf_attr(pp, &attr);
	events = kcalloc(nr_cpu_ids, sizeof(*events), GFP_KERNEL);
	if (!events)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct perf_event *e = perf_event_create_kernel_counter(&attr, cpu, NULL,
									pp->counter ? NULL : jst_perf_overflow, pp);

		if (IS_ERR(e)) {
			rc = (int)PTR_ERR(e);
			if (!pp->optional)
				jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: perf event type %u config "
						    "%llu not available on cpu %d (rc %d)\n", pp->probe->pp,
						    pp->type, pp->config, cpu, rc);
			break;
		}
		events[cpu] = e;
	}
	cpus_read_unlock();
	if (rc) {
		for_each_possible_cpu(cpu)
			if (events[cpu])
				perf_event_release_kernel(events[cpu]);
		kfree(events);
		return pp->optional ? 0 : rc;
	}
	pp->events = events;
	return 0;
}

static int jst_perfs_register(void)
{
	unsigned int i;
	int rc = 0, any_process = 0;

	for (i = 0; i < jst_module->nperfs && !rc; i++) {
		struct jst_perf_probe *pp = &jst_module->perfs[i];
		struct path p;

		if (!pp->process) {
			rc = jst_perf_register_cpus(pp);
			continue;
		}
		rc = kern_path(pp->process, LOOKUP_FOLLOW, &p);
		if (rc) {
			jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: cannot find %s (rc %d)\n",
					    pp->probe->pp, pp->process, rc);
			return rc;
		}
		pp->inode = igrab(d_inode(p.dentry));
		path_put(&p);
		any_process = 1;
	}
	if (rc || !any_process)
		return rc;
	for_each_kernel_tracepoint(jst_perf_find_tp, NULL);
	if (!jst_perf_tp_exec || !jst_perf_tp_exit) {
		jst_session_message(JST_STREAM_STDERR, "ERROR: perf .process: no sched_process_exec/exit tracepoint\n");
		return -ENOENT;
	}
	rc = tracepoint_probe_register(jst_perf_tp_exec, jst_perf_on_exec, NULL);
	if (rc)
		return rc;
	rc = tracepoint_probe_register(jst_perf_tp_exit, jst_perf_on_exit, NULL);
	if (rc) {
		tracepoint_probe_unregister(jst_perf_tp_exec, jst_perf_on_exec, NULL);
		tracepoint_synchronize_unregister();
		return rc;
	}
	jst_perf_tp_registered = 1;
	jst_perf_scan_existing();
	return 0;
}
#else
static int jst_perfs_register(void) { return 0; }
static void jst_perfs_unregister(void) { }
#endif
