/* jst_task.c - task, time and register accessors. */
#include "jst_task.h"
#include <linux/sched/clock.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>

JST_FN int64_t jst_pid(void) { return current->tgid; }
JST_FN int64_t jst_tid(void) { return current->pid; }

JST_FN int64_t jst_ppid(void)
{
	int64_t p;

	rcu_read_lock();
	p = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return p;
}

JST_FN int64_t jst_uid(void) { return from_kuid_munged(current_user_ns(), current_uid()); }
JST_FN int64_t jst_euid(void) { return from_kuid_munged(current_user_ns(), current_euid()); }
JST_FN int64_t jst_gid(void) { return from_kgid_munged(current_user_ns(), current_gid()); }

JST_FN void jst_execname(char *dst)
{
	size_t n = strnlen(current->comm, TASK_COMM_LEN);

	memcpy(dst, current->comm, n);
	dst[n] = '\0';
}

JST_FN int64_t jst_cpu_id(void) { return raw_smp_processor_id(); }
JST_FN int64_t jst_time_ns(void) { return ktime_get_real_ns(); }
JST_FN int64_t jst_local_clock_ns(void) { return (int64_t)local_clock(); }
JST_FN int64_t jst_jiffies(void) { return (int64_t)get_jiffies_64(); }

JST_FN int64_t jst_arg(struct jst_context *c, int n)
{
	struct pt_regs *r = c->regs;

	if (!r) {
		jst_error(c, "cannot access function args in this context");
		return 0;
	}
	switch (n) {          /* x86-64 SysV: di si dx cx r8 r9 */
	case 1: return (int64_t)r->di;
	case 2: return (int64_t)r->si;
	case 3: return (int64_t)r->dx;
	case 4: return (int64_t)r->cx;
	case 5: return (int64_t)r->r8;
	case 6: return (int64_t)r->r9;
	}
	/* further arguments are on the stack, above the return address */
	return jst_kread_int(c, r->sp + 8 * (unsigned long)(n - 6), 8, 1);
}

JST_FN int64_t jst_retval(struct jst_context *c)
{
	if (!c->regs) {
		jst_error(c, "cannot access return value in this context");
		return 0;
	}
	return (int64_t)regs_return_value((struct pt_regs *)c->regs);
}

JST_FN int jst_is_user(struct jst_context *c)
{
	return c->user_mode || (c->regs && user_mode((struct pt_regs *)c->regs));
}

JST_FN int64_t jst_uaddr(struct jst_context *c)
{
	if (c->regs && jst_is_user(c))
		return (int64_t)instruction_pointer((struct pt_regs *)c->regs);
	return 0;
}

JST_FN int64_t jst_addr(struct jst_context *c)
{
	return c->regs ? (int64_t)instruction_pointer((struct pt_regs *)c->regs) : 0;
}
