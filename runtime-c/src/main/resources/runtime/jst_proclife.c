/* jst_proclife.c - process[("path")|(pid)][.thread].begin/.end (kernel only; included by
 * jst_probes.c when JST_NEED_PROCLIFE).
 *
 * Over the sched_process_fork / sched_process_exec / sched_process_exit tracepoints:
 * - fork: the new process (or thread) gets a task_work, so its begin probes run in its own
 *   context (pid(), execname() are the child's) before it first returns to user space;
 * - exec: runs in the exec'ing process right after the new image is in place; path probes of
 *   the old image that the new one does not match end, the new image's begin;
 * - exit: thread end for every exiting thread but the group leader, process end when the
 *   last thread of the group goes.
 * A process that existed before the session starts is first seen at its exec (begin) or exit
 * (end). A path is matched by the executable's inode (symlinks followed at registration), so the
 * check is a pointer compare, safe in tracepoint context. The executable is gone at exit, so
 * which path probes a process matches is remembered per thread group (jst_pl_procs).
 * The group is dead when signal->live reaches 0, but threads that exit together may all see 0 by
 * the time they reach the tracepoint (pthread_join returns once a thread's tid is cleared, before
 * its exit tracepoint): the first of them claims the end (the entry is marked dead, or a dead one
 * is made), so process.end fires once. A dead entry stays until its tgid is reused or the session
 * ends. */
#if JST_NEED_PROCLIFE
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include <linux/binfmts.h>
#include <linux/hashtable.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include <linux/tracepoint.h>

/* one thread group seen during the session: bit i = proclife probe i's path is its executable */
struct jst_pl_proc {
	struct hlist_node node;
	pid_t tgid;
	int dead;                    /* process.end has fired for it */
	u64 paths;
};

static DEFINE_HASHTABLE(jst_pl_procs, 8);
static DEFINE_SPINLOCK(jst_pl_lock);
static atomic_t jst_pl_pending = ATOMIC_INIT(0);   /* queued task_works: they call this module */

enum { JST_PL_FORK, JST_PL_EXEC, JST_PL_EXIT, JST_PL_NTP };
static const char *const jst_pl_tp_names[JST_PL_NTP] = {
	"sched_process_fork", "sched_process_exec", "sched_process_exit",
};
static struct tracepoint *jst_pl_tps[JST_PL_NTP];
static int jst_pl_registered[JST_PL_NTP];

#ifdef PF_IO_WORKER
#define JST_PL_NOT_USER (PF_KTHREAD | PF_IO_WORKER)
#else
#define JST_PL_NOT_USER PF_KTHREAD
#endif

/* which path probes an executable (inode) matches */
static u64 jst_pl_paths(const struct inode *exe)
{
	u64 m = 0;
	unsigned int i;

	if (!exe)
		return 0;
	for (i = 0; i < jst_module->nproclifes; i++)
		if (jst_module->proclifes[i].inode == exe)
			m |= 1ULL << i;
	return m;
}

static void jst_pl_fire(const struct jst_proclife *pl)
{
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(pl->probe, JST_STATE_RUNNING, &flags);

	if (!c)
		return;
	pl->probe->body(c);
	jst_probe_exit(c, flags);
}

/* runs the (thread, end) probes whose filters accept a process; only accepts path probes in `paths` */
static void jst_pl_run(int thread, int end, pid_t tgid, u64 paths)
{
	unsigned int i;

	for (i = 0; i < jst_module->nproclifes; i++) {
		const struct jst_proclife *pl = &jst_module->proclifes[i];

		if (pl->thread != thread || pl->end != end)
			continue;
		if (pl->pid && pl->pid != tgid)
			continue;
		if (pl->path && !(paths & (1ULL << i)))
			continue;
		jst_pl_fire(pl);
	}
}

static struct jst_pl_proc *jst_pl_find(pid_t tgid)
{
	struct jst_pl_proc *e;

	hash_for_each_possible(jst_pl_procs, e, node, tgid)
		if (e->tgid == tgid)
			return e;
	return NULL;
}

/* records what a process's image matches; 1 and the previous mask in *old if it was known */
static int jst_pl_set(pid_t tgid, u64 paths, u64 *old)
{
	struct jst_pl_proc *e, *n = kmalloc(sizeof(*n), GFP_ATOMIC);
	unsigned long flags;

	spin_lock_irqsave(&jst_pl_lock, flags);
	e = jst_pl_find(tgid);
	if (e && e->dead) {
		/* the tgid of a process that ended: a new process now */
		e->dead = 0;
		e->paths = paths;
		e = NULL;
	} else if (e) {
		*old = e->paths;
		e->paths = paths;
	} else if (n) {
		n->tgid = tgid;
		n->dead = 0;
		n->paths = paths;
		hash_add(jst_pl_procs, &n->node, tgid);
		n = NULL;
	}
	spin_unlock_irqrestore(&jst_pl_lock, flags);
	kfree(n);         /* unused: known already, or NULL */
	if (!e)
		*old = 0;
	return e != NULL;
}

/* process.end for a thread group: 1 (and its mask in *paths) for the first caller only */
static int jst_pl_claim_end(pid_t tgid, u64 *paths)
{
	struct jst_pl_proc *e, *n = kmalloc(sizeof(*n), GFP_ATOMIC);
	unsigned long flags;
	int first = 1;

	*paths = 0;
	spin_lock_irqsave(&jst_pl_lock, flags);
	e = jst_pl_find(tgid);
	if (e) {
		first = !e->dead;
		e->dead = 1;
		*paths = e->paths;
	} else if (n) {
		n->tgid = tgid;
		n->dead = 1;
		n->paths = 0;
		hash_add(jst_pl_procs, &n->node, tgid);
		n = NULL;
	}
	spin_unlock_irqrestore(&jst_pl_lock, flags);
	kfree(n);
	return first;
}

/* the remembered mask of a thread group (0 if unknown) */
static u64 jst_pl_get(pid_t tgid)
{
	struct jst_pl_proc *e;
	unsigned long flags;
	u64 paths = 0;

	spin_lock_irqsave(&jst_pl_lock, flags);
	e = jst_pl_find(tgid);
	if (e)
		paths = e->paths;
	spin_unlock_irqrestore(&jst_pl_lock, flags);
	return paths;
}

static const struct inode *jst_pl_current_exe(void)
{
	const struct inode *exe = NULL;
	struct file *f;

	/* only compared as a pointer: no reference needed beyond the RCU section */
	rcu_read_lock();
	if (current->mm) {
		f = rcu_dereference(current->mm->exe_file);
		if (f)
			exe = file_inode(f);
	}
	rcu_read_unlock();
	return exe;
}

/* in the new task, before it first returns to user space (or from its exit if it dies first) */
static void jst_pl_work(struct callback_head *w)
{
	struct task_struct *t = current;

	kfree(w);
	if (!(t->flags & PF_EXITING) && atomic_read(&jst_session.state) == JST_STATE_RUNNING) {
		u64 paths = jst_pl_paths(jst_pl_current_exe()), old;

		if (t->pid != t->tgid) {
			jst_pl_run(1, 0, t->tgid, paths);
		} else {
			jst_pl_set(t->tgid, paths, &old);
			jst_pl_run(0, 0, t->tgid, paths);
		}
	}
	smp_mb__before_atomic();
	atomic_dec(&jst_pl_pending);
}

static void jst_pl_on_fork(void *data, struct task_struct *parent, struct task_struct *child)
{
	struct callback_head *w;

	if ((child->flags & JST_PL_NOT_USER) || atomic_read(&jst_session.state) != JST_STATE_RUNNING)
		return;
	w = kmalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		return;
	init_task_work(w, jst_pl_work);
	atomic_inc(&jst_pl_pending);
	if (task_work_add(child, w, TWA_RESUME)) {
		atomic_dec(&jst_pl_pending);
		kfree(w);
	}
}

static void jst_pl_on_exec(void *data, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	u64 paths, old;
	unsigned int i;

	if ((p->flags & JST_PL_NOT_USER) || atomic_read(&jst_session.state) != JST_STATE_RUNNING)
		return;
	paths = jst_pl_paths(bprm->file ? file_inode(bprm->file) : NULL);
	if (!jst_pl_set(p->tgid, paths, &old)) {
		jst_pl_run(0, 0, p->tgid, paths);     /* first sight of a process older than the session */
		return;
	}
	for (i = 0; i < jst_module->nproclifes; i++) {
		const struct jst_proclife *pl = &jst_module->proclifes[i];
		u64 bit = 1ULL << i;

		if (pl->thread || !pl->path || (pl->pid && pl->pid != p->tgid))
			continue;
		if (pl->end && (old & bit) && !(paths & bit))
			jst_pl_fire(pl);
	}
	for (i = 0; i < jst_module->nproclifes; i++) {
		const struct jst_proclife *pl = &jst_module->proclifes[i];
		u64 bit = 1ULL << i;

		if (pl->thread || !pl->path || (pl->pid && pl->pid != p->tgid))
			continue;
		if (!pl->end && !(old & bit) && (paths & bit))
			jst_pl_fire(pl);
	}
}

static void jst_pl_on_exit(void *data, struct task_struct *p)
{
	u64 paths;

	if ((p->flags & JST_PL_NOT_USER) || atomic_read(&jst_session.state) != JST_STATE_RUNNING)
		return;
	if (p->pid != p->tgid)
		jst_pl_run(1, 1, p->tgid, jst_pl_get(p->tgid));
	/* do_exit counts this thread out of signal->live before the tracepoint */
	if (atomic_read(&p->signal->live) == 0 && jst_pl_claim_end(p->tgid, &paths))
		jst_pl_run(0, 1, p->tgid, paths);
}

static void *const jst_pl_cbs[JST_PL_NTP] = { jst_pl_on_fork, jst_pl_on_exec, jst_pl_on_exit };

static void jst_pl_find_tp(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < JST_PL_NTP; i++)
		if (!jst_pl_tps[i] && strcmp(tp->name, jst_pl_tp_names[i]) == 0)
			jst_pl_tps[i] = tp;
}

static void jst_proclifes_unregister(void)
{
	struct jst_pl_proc *e;
	struct hlist_node *tmp;
	unsigned int i;
	int any = 0, waited;
	unsigned int bkt;

	for (i = 0; i < JST_PL_NTP; i++) {
		if (jst_pl_registered[i]) {
			tracepoint_probe_unregister(jst_pl_tps[i], jst_pl_cbs[i], NULL);
			any = 1;
		}
		jst_pl_registered[i] = 0;
	}
	if (any)
		tracepoint_synchronize_unregister();
	/* no new task_work now; the queued ones run as their tasks return to user space or exit */
	for (waited = 0; atomic_read(&jst_pl_pending) > 0 && waited < 30000; waited += 10)
		msleep(10);
	if (atomic_read(&jst_pl_pending) > 0)
		jst_session_message(JST_STREAM_STDERR, "WARNING: %d process begin notifications still queued\n",
				    atomic_read(&jst_pl_pending));
	synchronize_rcu();
	hash_for_each_safe(jst_pl_procs, bkt, tmp, e, node) {
		hash_del(&e->node);
		kfree(e);
	}
	for (i = 0; i < jst_module->nproclifes; i++) {
		struct jst_proclife *pl = &jst_module->proclifes[i];
		if (pl->inode)
			iput(pl->inode);
		pl->inode = NULL;
	}
}

static int jst_proclifes_register(void)
{
	unsigned int i;
	int rc;

	if (jst_module->nproclifes > JST_PROCLIFE_MAX)
		return -E2BIG;
	for (i = 0; i < jst_module->nproclifes; i++) {
		struct jst_proclife *pl = &jst_module->proclifes[i];
		struct path p;

		if (!pl->path)
			continue;
		rc = kern_path(pl->path, LOOKUP_FOLLOW, &p);
		if (rc) {
			jst_session_message(JST_STREAM_STDERR, "ERROR: probe %s: cannot find %s (rc %d)\n",
					    pl->probe->pp, pl->path, rc);
			return rc;
		}
		pl->inode = igrab(d_inode(p.dentry));
		path_put(&p);
	}
	for_each_kernel_tracepoint(jst_pl_find_tp, NULL);
	for (i = 0; i < JST_PL_NTP; i++) {
		rc = jst_pl_tps[i] ? tracepoint_probe_register(jst_pl_tps[i], jst_pl_cbs[i], NULL) : -ENOENT;
		if (rc) {
			jst_session_message(JST_STREAM_STDERR, "ERROR: tracepoint %s not registered (rc %d)\n",
					    jst_pl_tp_names[i], rc);
			return rc;
		}
		jst_pl_registered[i] = 1;
	}
	return 0;
}
#else
static int jst_proclifes_register(void) { return 0; }
static void jst_proclifes_unregister(void) { }
#endif
