/* jst_context.h - session state, per-CPU probe contexts, probe prologue/epilogue,
 * script errors, global locks. */
#ifndef JST_CONTEXT_H
#define JST_CONTEXT_H
#include "jst_shim.h"
#include "jst_string.h"
#if defined(JST_NEED_REGEX) && JST_NEED_REGEX
#include "jst_regex.h"
#endif

#define JST_STREAM_STDOUT_ID 1
#define JST_STREAM_STDERR_ID 2

/* Session states (the order of a run: STARTING -> RUNNING -> STOPPING -> STOPPED;
 * ERROR replaces RUNNING/STOPPING once the error limit is hit). */
enum jst_state {
	JST_STATE_LOADED = 0,   /* module loaded, probes not armed */
	JST_STATE_STARTING,     /* begin probes run in this state */
	JST_STATE_RUNNING,      /* ordinary probes run only in this state */
	JST_STATE_ERROR,        /* too many errors: only `probe error` handlers run next */
	JST_STATE_STOPPING,     /* exit() or stop requested: end probes run in this state */
	JST_STATE_STOPPED,
};

/* why a probe hit was skipped (for -v / -t style reports) */
enum jst_skip_reason { JST_SKIP_REENTRANT = 0, JST_SKIP_LOCK, JST_SKIP_STACK, JST_SKIP_KRETPROBE, JST_SKIP_NREASONS };

struct jst_session {
	atomic_t state;
	atomic_t error_count;
	atomic_t suppressed_count;   /* --suppress-handler-errors: errors that ended a handler quietly */
	atomic_t skipped_count;      /* reentrancy, lock timeouts, low stack, kretprobe misses */
	atomic_t skipped_by[JST_SKIP_NREASONS];
	atomic_t exit_requested;     /* exit(), error limit or MAXSKIPPED: the loader should stop us */
	atomic_t start_failed;       /* registration failed */
	long target_pid;             /* target(): -c command or -x pid, 0 if none */
	long stp_pid;                /* stp_pid(): the loader, the process that sent "start" */
	long tz_gmtoff;              /* tz_gmtoff(): the loader's time zone, seconds west of UTC */
	char tz_name[32];            /* tz_name(): its abbreviation ("UTC" when the loader sent none) */
	int nctx;
	struct jst_context **ctx;    /* [jst_ncpus()] */
	size_t locals_size;
};

/* One derived probe. The translator emits one (static const) per probe handler. */
struct jst_probe {
	const char *pp;              /* probe point, e.g. kernel.function("ksys_read") */
	void (*body)(struct jst_context *c);
	int index;
};

struct jst_context {
	atomic_t busy;                       /* reentrancy guard */
	const struct jst_probe *probe;
	const char *last_stmt;               /* "identifier 'x' at s.stp:1:27": set by generated code */
	const char *last_error;              /* NULL, or the error message of this hit */
	long actionremaining;
	int nesting;                         /* script function call depth */
	int cpu;
	void *regs;                          /* struct pt_regs * of the probed context, or NULL */
	int user_mode;                       /* regs are user-space registers (uprobes) */
	void *kretprobe_instance;            /* struct kretprobe_instance * for .return probes */
	unsigned long probe_addr;            /* kprobes: the probed address (x86 regs->ip is one past the int3);
	                                      * .return: the function's; else 0 (jst_syms.c) */
	void *entry_data;                    /* kretprobe data area for @entry() values */
	unsigned long tp_args[JST_MAX_TP_ARGS]; /* tracepoint arguments, raw */
	void *locals;                        /* session.locals_size bytes: the generated union of frames */
	int guard;                           /* how the prologue protected this hit (enum jst_guard; not stored by
	                                      * JST_GUARD_KERNEL hits, whose handlers know it) */
	long flush_wait_us;                  /* begin/end/error hits: budget to wait for room in the transport; zero
	                                      * between hits (their epilogue clears it), so other hits never wait */
#ifndef STP_NO_OVERLOAD
	/* overload detection (stap's STP_OVERLOAD_THRESHOLD cycles of probe time per STP_OVERLOAD_INTERVAL): each
	 * hit takes its length from the budget of the current window; only a hit that finds it spent goes further
	 * (jst_overload_spent: a new window, or the error) */
	uint32_t overload_start;             /* low 32 bits of the cycle counter at the hit's start */
	int64_t overload_budget;
	uint64_t overload_window_start;
#endif
	struct jst_tokenizer tok;            /* tokenize() state */
#if defined(JST_NEED_PROCFS) && JST_NEED_PROCFS
	char *procfs_buf;                    /* procfs probes: $value, procfs_size bytes (NUL included) */
	size_t procfs_size;
#endif
#if defined(JST_NEED_REGEX) && JST_NEED_REGEX
	struct jst_re_ctx re;                /* =~ scratch and the last match, for matched() */
#endif
	size_t plen;                         /* bytes in pbuf */
	char error_buf[MAXSTRINGLEN];
	char pbuf[JST_PRINT_BUFSIZE];        /* output of this hit, flushed at the epilogue */
};

/* the one session of this module */
static struct jst_session jst_session;

JST_FN int jst_contexts_alloc(size_t locals_size);
JST_FN void jst_contexts_free(void);
JST_FN struct jst_context *jst_context_cpu(int cpu);

/* How a hit is kept on its CPU and apart from the hits that could interrupt it (a constant at each call site).
 * Every kind refuses a nested hit on the same CPU with the busy flag (counted as skipped). */
enum jst_guard {
	JST_GUARD_IRQ = 0,      /* ordinary probes: interrupts off for the hit */
	JST_GUARD_PREEMPT = 1,  /* begin/end/error: preemption off (they may run long; nothing else is registered) */
	JST_GUARD_KERNEL = 2,   /* kprobe and kretprobe handlers: the kernel runs them with preemption off on every
	                         * path (int3 trap, ftrace, optimised kprobe, return trampoline); interrupts stay on, as
	                         * in stap (INTERRUPTIBLE): an interrupt's probe meets the busy flag, a kprobe the kernel
	                         * finds one running already is its nmissed (counted as skipped at unregistration).
	                         * A kprobe body that takes a global's lock runs as JST_GUARD_IRQ instead: an interrupt
	                         * inside it would lengthen every other CPU's wait for the lock */
};

/* Probe prologue: NULL means "do not run the body" (wrong session state, reentrant hit
 * (counted as skipped), low stack). On success interrupts are off until jst_probe_exit
 * (JST_STATE_RUNNING; preemption only for the other states). */
static __always_inline struct jst_context *jst_probe_enter(const struct jst_probe *p, int expected_state,
                                                           unsigned long *flags);
/* the prologue of a kprobe/kretprobe handler (state RUNNING; guard JST_GUARD_KERNEL, or JST_GUARD_IRQ for a body
 * that takes locks); regs and the probed address are the context's */
static __always_inline struct jst_context *jst_probe_enter_kernel(const struct jst_probe *p, void *regs,
                                                                  unsigned long probe_addr, int guard,
                                                                  unsigned long *flags);
/* Probe epilogue: reports the error of this hit, flushes output, checks limits. */
static __always_inline void jst_probe_exit(struct jst_context *c, unsigned long flags);
/* the same for a hit entered with a guard known at compile time */
static __always_inline void jst_probe_exit_as(struct jst_context *c, unsigned long flags, int guard);
#define jst_probe_exit_running(c, flags) jst_probe_exit_as((c), (flags), JST_GUARD_IRQ)
/* enter + body + exit for probes without extra setup */
JST_FN void jst_probe_run(const struct jst_probe *p, int expected_state);

/* Raise a script error (first one per hit wins); generated code then jumps to its exit label. */
JST_FN void jst_error(struct jst_context *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* true if this hit has an error (generated code checks it after calls that may fail) */
static inline int jst_failed(const struct jst_context *c) { return c->last_error != NULL; }
/* MAXACTION accounting: returns nonzero (with the error raised) when exceeded */
static inline int jst_action(struct jst_context *c, long n)
{
	c->actionremaining -= n;
	if (unlikely(c->actionremaining < 0)) {
		jst_error(c, "MAXACTION exceeded");
		return 1;
	}
	return 0;
}
/* script function call depth: nonzero (error raised) when MAXNESTING is exceeded */
static inline int jst_nest_enter(struct jst_context *c)
{
	if (unlikely(++c->nesting > MAXNESTING)) {
		c->nesting--;
		jst_error(c, "MAXNESTING exceeded");
		return 1;
	}
	return 0;
}
static inline void jst_nest_exit(struct jst_context *c) { c->nesting--; }

/* arithmetic that can fail */
JST_FN int64_t jst_div(struct jst_context *c, int64_t a, int64_t b);
JST_FN int64_t jst_mod(struct jst_context *c, int64_t a, int64_t b);
/* stringat(s, i) */
JST_FN int64_t jst_stringat(struct jst_context *c, const char *s, int64_t i);

/* exit(): stop after this hit; end probes run next */
JST_FN void jst_exit(struct jst_context *c);
/* warn("..."): "WARNING: ..." on stderr */
JST_FN void jst_warn(struct jst_context *c, const char *msg);
/* target() */
static inline int64_t jst_target(void) { return jst_session.target_pid; }

/* n++ / n += v on a scalar global that concurrent probes only add to (the translator's CounterGlobals): one
 * atomic 64-bit add instead of the global's lock. */
static inline void jst_counter_add(int64_t *g, int64_t v)
{
#ifdef __KERNEL__
	atomic64_add(v, (atomic64_t *)g);
#else
	__atomic_fetch_add(g, v, __ATOMIC_RELAXED);
#endif
}

/* Global locks (one per script global that needs one). Take in a fixed order in the
 * prologue of a probe body; nonzero = timed out after MAXTRYLOCK*TRYLOCKDELAY, the hit is
 * skipped (counted) and the body must not run. */
struct jst_lock { jst_rwlock_t l; };
static inline void jst_lock_init(struct jst_lock *l) { jst_rwlock_init(&l->l); }
JST_FN int jst_lock_read(struct jst_lock *l);
JST_FN int jst_lock_write(struct jst_lock *l);
static inline void jst_unlock_read(struct jst_lock *l) { jst_read_unlock(&l->l); }
static inline void jst_unlock_write(struct jst_lock *l) { jst_write_unlock(&l->l); }

/* Output of the current hit (used by jst_printf): bytes go to c->pbuf, flushed to the
 * transport at the epilogue or when full. stream 1 = stdout, 2 = stderr. */
JST_FN void jst_out(struct jst_context *c, const char *data, size_t len);
JST_FN void jst_out_flush(struct jst_context *c);
/* session-level message (not from a probe hit): straight to the transport */
JST_FN void jst_session_message(int stream, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* state helpers */
static inline int jst_state(void) { return atomic_read(&jst_session.state); }
JST_FN void jst_request_exit(void);

#endif
