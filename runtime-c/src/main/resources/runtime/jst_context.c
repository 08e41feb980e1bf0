/* jst_context.c - session, per-CPU contexts, probe prologue/epilogue, errors, locks. */
#include "jst_context.h"
#include "jst_printf.h"
#ifdef __KERNEL__
#include "jst_transport.h"
#endif

#ifdef __KERNEL__
/* this CPU's context in one per-CPU load (the prologue's lookup) */
static DEFINE_PER_CPU(struct jst_context *, jst_ctx_pcpu);
#define jst_this_context() this_cpu_read(jst_ctx_pcpu)
#define jst_set_this_context(cpu, c) (per_cpu(jst_ctx_pcpu, (cpu)) = (c))
#else
#define jst_this_context() jst_context_cpu(jst_cpu())
#define jst_set_this_context(cpu, c) ((void)(cpu), (void)(c))
#endif

/* where finished output goes: the transport in the kernel, the test sink in user space */
static void jst_emit(int stream, const char *data, size_t len)
{
	if (!len)
		return;
#ifdef __KERNEL__
	jst_transport_write(stream, data, len);
#else
	jst_user_output(stream, data, len);
#endif
}

/* Output of a hit. begin/end/error probes (process context, interrupts on, nothing else
 * registered) may wait for the loader to make room instead of losing output; the wait is
 * bounded per hit (JST_FLUSH_WAIT_US) so a single CPU, where the loader cannot run, only
 * loses time once. */
static void jst_emit_ctx(struct jst_context *c, int stream, const char *data, size_t len)
{
#ifdef __KERNEL__
	while (c->flush_wait_us > 0) {
		if (jst_transport_try_write(stream, data, len) != -ENOSPC)
			return;
		jst_udelay(20);
		c->flush_wait_us -= 20;
	}
#endif
	jst_emit(stream, data, len);
}

JST_FN int jst_contexts_alloc(size_t locals_size)
{
	int i, n = jst_ncpus();

	jst_session.nctx = n;
	jst_session.locals_size = locals_size;
	jst_session.ctx = jst_kzalloc(sizeof(struct jst_context *) * (size_t)n);
	if (!jst_session.ctx)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct jst_context *c;
		if (!jst_cpu_possible(i))
			continue;
		/* locals live right after the context; keep them 16-byte aligned */
		c = jst_vzalloc(((sizeof(*c) + 15) & ~(size_t)15) + locals_size);
		if (!c) {
			jst_contexts_free();
			return -ENOMEM;
		}
		c->cpu = i;
		c->locals = (char *)c + ((sizeof(*c) + 15) & ~(size_t)15);
		jst_session.ctx[i] = c;
		jst_set_this_context(i, c);
	}
	return 0;
}

JST_FN void jst_contexts_free(void)
{
	int i;

	if (!jst_session.ctx)
		return;
	for (i = 0; i < jst_session.nctx; i++)
		if (jst_session.ctx[i]) {
			jst_set_this_context(i, NULL);
			jst_vfree(jst_session.ctx[i]);
		}
	jst_kfree(jst_session.ctx);
	jst_session.ctx = NULL;
}

JST_FN struct jst_context *jst_context_cpu(int cpu)
{
	if (!jst_session.ctx || cpu < 0 || cpu >= jst_session.nctx)
		return NULL;
	return jst_session.ctx[cpu];
}

JST_FN void jst_request_exit(void)
{
	atomic_set(&jst_session.exit_requested, 1);
}

static void jst_count_skip(int reason)
{
	atomic_inc(&jst_session.skipped_by[reason]);
	if (atomic_inc_return(&jst_session.skipped_count) > MAXSKIPPED) {
		/* "too many skips" is an error of the session, reported once */
		if (atomic_cmpxchg(&jst_session.state, JST_STATE_RUNNING, JST_STATE_ERROR) == JST_STATE_RUNNING) {
			static const char msg[] = "ERROR: Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.\n";
			atomic_inc(&jst_session.error_count);
			jst_session_message(JST_STREAM_STDERR_ID, "%s", msg);
			jst_request_exit();
		}
	}
}

#ifdef __KERNEL__
/* Less than MINSTACKSPACE bytes left on the task stack. One unsigned compare: an sp below the stack's base wraps
 * to a huge distance, one above it is at least THREAD_SIZE away, so only the task stack is checked (IRQ and
 * exception stacks have their own sizes and alignment). */
static __always_inline int jst_stack_low(void)
{
	return (unsigned long)current_stack_pointer - (unsigned long)task_stack_page(current) < MINSTACKSPACE;
}
#else
static inline int jst_stack_low(void) { return 0; }
#endif

/* The probe prologue and epilogue are inlined into each probe type's handler (one translation unit): no call,
 * no flags word in memory (so no stack canary), and the expected state and the guard are constants there. */
static __always_inline struct jst_context *jst_probe_enter_guard(const struct jst_probe *p, int expected_state,
                                                                 int guard, unsigned long *flags, void *regs,
                                                                 unsigned long probe_addr)
{
	struct jst_context *c;

	if (guard == JST_GUARD_IRQ) {
		jst_irq_save(*flags);
	} else if (guard == JST_GUARD_KERNEL) {
		/* already off; counting it too keeps a hit on its CPU even on a kernel that would not */
		*flags = 0;
		jst_preempt_disable_notrace();
	} else {
		*flags = 0;
		jst_preempt_disable();
	}
	if (unlikely(atomic_read(&jst_session.state) != expected_state))
		goto out;
	c = jst_this_context();
	/* kprobes are registered only once every CPU has its context, and unregistered before they go: telling the
	 * compiler so lets it drop the caller's NULL test (the kernel's -fno-delete-null-pointer-checks keeps it
	 * from concluding that from the dereferences) */
	if (guard == JST_GUARD_KERNEL && !c)
		__builtin_unreachable();
	if (unlikely(!c))
		goto out;
	/* Reentrancy guard. Only this CPU writes its busy flag, and it does so with preemption off, so a hit that
	 * interrupts this one (an interrupt's or an NMI's probe) runs to completion and restores the flag before
	 * we continue: a plain read and write suffice, no locked instruction. (jst_session.c reads it from other
	 * CPUs to wait for hits in flight.) */
	if (unlikely(atomic_read(&c->busy))) {
		/* a probe hit while this CPU was already running one (e.g. an interrupt) */
		jst_count_skip(JST_SKIP_REENTRANT);
		goto out;
	}
	atomic_set(&c->busy, 1);
	barrier();
	if (unlikely(jst_stack_low())) {
		barrier();
		atomic_set(&c->busy, 0);
		jst_count_skip(JST_SKIP_STACK);
		goto out;
	}
#ifndef STP_NO_OVERLOAD
	c->overload_start = (uint32_t)jst_cycles();
#endif
	/* reset what a hit reads before it writes; last_error and plen are already clear (the epilogue
	 * leaves them so), as are the fields below that only some handlers set. (After the clock: its asm would
	 * keep the compiler from dropping the stores the body's first statement repeats.) */
	c->probe = p;
	c->last_stmt = NULL;
	c->actionremaining = MAXACTION_INTERRUPTIBLE;
	c->nesting = 0;
	c->regs = regs;
	c->probe_addr = probe_addr;
	/* user_mode, kretprobe_instance, entry_data and flush_wait_us are zero between hits: the few handlers that
	 * set them clear them after the body (uprobes, perf/profile, kretprobes, begin/end/error) */
	if (guard != JST_GUARD_KERNEL)
		c->guard = guard;
	/* waiting only helps when the loader can run on another CPU */
	if (guard == JST_GUARD_PREEMPT && jst_ncpus_online() >= 2)
		c->flush_wait_us = JST_FLUSH_WAIT_US;
	return c;
out:
	if (guard == JST_GUARD_IRQ)
		jst_irq_restore(*flags);
	else if (guard == JST_GUARD_KERNEL)
		jst_preempt_enable_notrace();
	else
		jst_preempt_enable();
	return NULL;
}

static __always_inline struct jst_context *jst_probe_enter(const struct jst_probe *p, int expected_state,
                                                           unsigned long *flags)
{
	/* ordinary probes run with interrupts off; begin/end/error probes only without
	 * preemption (they may run long and nothing else is registered meanwhile) */
	return jst_probe_enter_guard(p, expected_state,
				     expected_state == JST_STATE_RUNNING ? JST_GUARD_IRQ : JST_GUARD_PREEMPT, flags, NULL, 0);
}

static __always_inline struct jst_context *jst_probe_enter_kernel(const struct jst_probe *p, void *regs,
                                                                  unsigned long probe_addr, int guard,
                                                                  unsigned long *flags)
{
	return jst_probe_enter_guard(p, JST_STATE_RUNNING, guard, flags, regs, probe_addr);
}

static noinline void jst_report_error(struct jst_context *c)
{
	int n;

#ifdef JST_SUPPRESS_HANDLER_ERRORS
	/* stap --suppress-handler-errors: the handler ends, the run goes on; only the closing count says so */
	atomic_inc(&jst_session.suppressed_count);
	return;
#endif

	if (c->last_stmt)
		jst_session_message(JST_STREAM_STDERR_ID, "ERROR: %s near %s\n", c->last_error, c->last_stmt);
	else
		jst_session_message(JST_STREAM_STDERR_ID, "ERROR: %s\n", c->last_error);
	n = atomic_inc_return(&jst_session.error_count);
	if (n > MAXERRORS) {
		int s = atomic_read(&jst_session.state);
		/* from here on only `probe error` handlers run (not end probes) */
		if (s == JST_STATE_RUNNING || s == JST_STATE_STARTING || s == JST_STATE_STOPPING)
			atomic_set(&jst_session.state, JST_STATE_ERROR);
		jst_request_exit();
	}
}

#ifndef STP_NO_OVERLOAD
/* A hit found its window's budget spent. stap's rule: more than STP_OVERLOAD_THRESHOLD cycles in probes within
 * STP_OVERLOAD_INTERVAL cycles of a window's start is an overload. A window that lasted longer than the interval
 * before its budget ran out was no overload: the next starts now with the whole budget (stap starts it at the
 * first hit after the interval; starting it later only moves the start, a probe that keeps the CPU busier than
 * the threshold still spends the new window's budget within the interval and is caught in it). */
static noinline void jst_overload_spent(struct jst_context *c)
{
	uint64_t now = jst_cycles();

	if (now - c->overload_window_start > (uint64_t)STP_OVERLOAD_INTERVAL) {
		c->overload_window_start = now;
		c->overload_budget = STP_OVERLOAD_THRESHOLD;
	} else if (!c->last_error) {
		jst_error(c, "probe overhead exceeded threshold");
	}
}

/* The hit's cycles come off the window's budget: two instructions and a branch on the common path. The length
 * is taken in 32 bits: MAXACTION bounds a hit to far less than 2^32 cycles (about a second and a half). */
static __always_inline void jst_overload_check(struct jst_context *c)
{
	c->overload_budget -= (uint32_t)((uint32_t)jst_cycles() - c->overload_start);
	if (unlikely(c->overload_budget < 0))
		jst_overload_spent(c);
}
#endif

/* guard: c->guard, a constant where the caller knows it (jst_probe_exit_running, the kprobe handlers) */
static __always_inline void jst_probe_exit_as(struct jst_context *c, unsigned long flags, int guard)
{
#ifndef STP_NO_OVERLOAD
	/* (an ordinary probe's hit started in RUNNING: no need to load the state again) */
	if (guard != JST_GUARD_PREEMPT || atomic_read(&jst_session.state) == JST_STATE_RUNNING)
		jst_overload_check(c);
#endif
	if (c->plen)
		jst_out_flush(c);
	if (unlikely(c->last_error)) {
		jst_report_error(c);
		c->last_error = NULL;
	}
	if (guard == JST_GUARD_PREEMPT)
		c->flush_wait_us = 0;
	barrier();
	atomic_set(&c->busy, 0);
	if (guard == JST_GUARD_IRQ)
		jst_irq_restore(flags);
	else if (guard == JST_GUARD_KERNEL)
		jst_preempt_enable_notrace();
	else
		jst_preempt_enable();
}

static __always_inline void jst_probe_exit(struct jst_context *c, unsigned long flags)
{
	jst_probe_exit_as(c, flags, c->guard);
}

JST_FN noinline void jst_probe_run(const struct jst_probe *p, int expected_state)
{
	unsigned long flags;
	struct jst_context *c = jst_probe_enter(p, expected_state, &flags);

	if (!c)
		return;
	p->body(c);
	jst_probe_exit(c, flags);
}

JST_FN void jst_error(struct jst_context *c, const char *fmt, ...)
{
	va_list ap;

	if (!c || c->last_error)
		return;
	va_start(ap, fmt);
	vsnprintf(c->error_buf, sizeof(c->error_buf), fmt, ap);
	va_end(ap);
	c->last_error = c->error_buf;
}

JST_FN int64_t jst_div(struct jst_context *c, int64_t a, int64_t b)
{
	if (unlikely(b == 0)) {
		jst_error(c, "division by 0");
		return 0;
	}
	if (unlikely(b == -1))      /* INT64_MIN / -1 traps on x86 */
		return (int64_t)(0 - (uint64_t)a);
	return a / b;
}

JST_FN int64_t jst_mod(struct jst_context *c, int64_t a, int64_t b)
{
	if (unlikely(b == 0)) {
		jst_error(c, "division by 0");
		return 0;
	}
	if (unlikely(b == -1))
		return 0;
	return a % b;
}

JST_FN int64_t jst_stringat(struct jst_context *c, const char *s, int64_t i)
{
	if (i < 0 || i >= (int64_t)strlen(s)) {
		jst_error(c, "Position out of bounds"); /* stap's wording, any bad index */
		return 0;
	}
	return (unsigned char)s[i];
}

JST_FN void jst_exit(struct jst_context *c)
{
	int s = atomic_read(&jst_session.state);

	(void)c;
	if (s == JST_STATE_RUNNING || s == JST_STATE_STARTING)
		atomic_set(&jst_session.state, JST_STATE_STOPPING);
	jst_request_exit();
}

JST_FN void jst_warn(struct jst_context *c, const char *msg)
{
	size_t n = strlen(msg);

	(void)c;
	jst_session_message(JST_STREAM_STDERR_ID, "WARNING: %s%s", msg,
			    (n && msg[n - 1] == '\n') ? "" : "\n");
}

static int jst_trylock_loop(jst_rwlock_t *l, int write)
{
	int i;

	for (i = 0; i < MAXTRYLOCK; i++) {
		if (write ? jst_write_trylock(l) : jst_read_trylock(l))
			return 0;
		jst_udelay(TRYLOCKDELAY);
	}
	jst_count_skip(JST_SKIP_LOCK);
	return -1;
}

JST_FN int jst_lock_read(struct jst_lock *l) { return jst_trylock_loop(&l->l, 0); }
JST_FN int jst_lock_write(struct jst_lock *l) { return jst_trylock_loop(&l->l, 1); }

JST_FN void jst_out_flush(struct jst_context *c)
{
	if (c->plen) {
		jst_emit_ctx(c, JST_STREAM_STDOUT_ID, c->pbuf, c->plen);
		c->plen = 0;
	}
}

/* A full buffer goes out up to its last newline; the partial line after it starts the next record. Records
 * then hold whole lines (unless one line is longer than the buffer), so a record the transport must drop loses
 * whole lines, which the loader's warning can count exactly (issue 11 item 8). */
static void jst_out_flush_lines(struct jst_context *c)
{
	size_t keep = 0;

	while (keep < c->plen && c->pbuf[c->plen - 1 - keep] != '\n')
		keep++;
	if (keep == c->plen || keep == 0) {
		jst_out_flush(c);
		return;
	}
	jst_emit_ctx(c, JST_STREAM_STDOUT_ID, c->pbuf, c->plen - keep);
	memmove(c->pbuf, c->pbuf + c->plen - keep, keep);
	c->plen = keep;
}

JST_FN void jst_out(struct jst_context *c, const char *data, size_t len)
{
	while (len) {
		size_t room = sizeof(c->pbuf) - c->plen, k;
		if (!room) {
			jst_out_flush_lines(c);
			room = sizeof(c->pbuf) - c->plen;
		}
		k = len < room ? len : room;
		memcpy(c->pbuf + c->plen, data, k);
		c->plen += k;
		data += k;
		len -= k;
	}
}

JST_FN void jst_session_message(int stream, const char *fmt, ...)
{
	char buf[MAXSTRINGLEN + 128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	jst_emit(stream, buf, (size_t)n);
}
