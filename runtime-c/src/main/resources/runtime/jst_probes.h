/* jst_probes.h - probe descriptors, the module descriptor, registration with full unwind
 * (kernel only). The generated module fills static arrays of these descriptors; the runtime
 * owns every kernel callback and calls the probe's body with a prepared context. */
#ifndef JST_PROBES_H
#define JST_PROBES_H
#include "jst_context.h"

#ifndef JST_NEED_KPROBES
#define JST_NEED_KPROBES 0
#endif
#ifndef JST_NEED_TIMERS
#define JST_NEED_TIMERS 0
#endif
#ifndef JST_NEED_PROFILE
#define JST_NEED_PROFILE 0
#endif
#ifndef JST_NEED_TRACEPOINTS
#define JST_NEED_TRACEPOINTS 0
#endif
#ifndef JST_NEED_UPROBES
#define JST_NEED_UPROBES 0
#endif
#ifndef JST_NEED_PROCLIFE
#define JST_NEED_PROCLIFE 0
#endif
#ifndef JST_NEED_PROCFS
#define JST_NEED_PROCFS 0
#endif
#ifndef JST_NEED_PERF
#define JST_NEED_PERF 0
#endif
#ifndef JST_NEED_HWBKPT
#define JST_NEED_HWBKPT 0
#endif

#include <linux/hrtimer.h>
#if JST_NEED_KPROBES
#include <linux/kprobes.h>
#endif
#if JST_NEED_TRACEPOINTS
#include <linux/tracepoint.h>
#endif
#if JST_NEED_UPROBES
#include <linux/uprobes.h>
#endif

/* begin / end / error probes, run in array order (sort by their sequence number) */
enum jst_be_type { JST_BEGIN = 0, JST_END = 1, JST_ERROR_PROBE = 2 };
struct jst_be_probe {
	const struct jst_probe *probe;
	int type;
};

/* timer.ns/us/ms/s/jiffies/hz(N)[.randomize(M)]: one hrtimer each */
struct jst_timer_probe {
	const struct jst_probe *probe;
	uint64_t period_ns;
	uint64_t randomize_ns;       /* uniform extra 0..randomize_ns per period */
	struct hrtimer timer;        /* runtime-owned */
	int armed;
};

/* timer.profile: per-CPU hrtimers at the tick rate; regs = the interrupted registers */
struct jst_profile_probe {
	const struct jst_probe *probe;
	struct hrtimer *timers;      /* runtime-owned, [jst_ncpus()] */
	int armed;
};

#if JST_NEED_KPROBES
/* kernel.function("f")[.return], kprobe.function("f")[.return], module("m").function("f") */
struct jst_kprobe {
	const struct jst_probe *probe;
	const char *symbol;          /* "f" or "module:f" */
	unsigned long offset;
	int is_return;
	int optional;                /* `?` probe point: a registration failure is not fatal */
	int maxactive;               /* .return: 0 = kernel default */
	size_t entry_size;           /* .return: bytes of @entry() data (kretprobe data_size) */
	void (*entry_body)(struct jst_context *c);  /* .return: fills c->entry_data at entry */
	/* the probe's own handler (JST_KPROBE_HANDLER / JST_KRETPROBE_HANDLER: the body called directly, usually
	 * inlined), or NULL for the generic one, which calls probe->body through the pointer */
	int (*pre)(struct kprobe *kp, struct pt_regs *regs);
	int (*ret)(struct kretprobe_instance *ri, struct pt_regs *regs);
	struct kprobe kp;            /* runtime-owned */
	struct kretprobe krp;        /* runtime-owned */
	int registered;
};
static __always_inline int jst_kprobe_hit(struct kprobe *kp, struct pt_regs *regs, const struct jst_probe *p,
                                           void (*body)(struct jst_context *c), int guard);
static __always_inline int jst_kretprobe_hit(struct kretprobe_instance *ri, struct pt_regs *regs,
                                              const struct jst_probe *p, void (*body)(struct jst_context *c),
                                              int guard);
/* the translator emits one per kprobe / kretprobe probe, naming it in the row's .pre / .ret; desc is the probe's
 * descriptor (a constant there, as is the body). A body without locks runs with interrupts on (JST_GUARD_KERNEL,
 * as stap's); one that takes a global's lock (_LOCKED) with interrupts off, so that no interrupt lengthens the
 * time other CPUs wait for that lock. */
#define JST_KPROBE_HANDLER(name, desc, body) \
	static JST_HANDLER int name(struct kprobe *kp, struct pt_regs *regs) \
	{ return jst_kprobe_hit(kp, regs, &(desc), body, JST_GUARD_KERNEL); }
#define JST_KPROBE_HANDLER_LOCKED(name, desc, body) \
	static JST_HANDLER int name(struct kprobe *kp, struct pt_regs *regs) \
	{ return jst_kprobe_hit(kp, regs, &(desc), body, JST_GUARD_IRQ); }
#define JST_KRETPROBE_HANDLER(name, desc, body) \
	static JST_HANDLER int name(struct kretprobe_instance *ri, struct pt_regs *regs) \
	{ return jst_kretprobe_hit(ri, regs, &(desc), body, JST_GUARD_KERNEL); }
#define JST_KRETPROBE_HANDLER_LOCKED(name, desc, body) \
	static JST_HANDLER int name(struct kretprobe_instance *ri, struct pt_regs *regs) \
	{ return jst_kretprobe_hit(ri, regs, &(desc), body, JST_GUARD_IRQ); }
#else
struct jst_kprobe;
#endif

#if JST_NEED_TRACEPOINTS
/* kernel.trace("name"): arguments arrive as raw unsigned longs in c->tp_args[] (x86-64
 * passes every tracepoint argument in a 64-bit slot; narrow them by their C type).
 * name "module:name" is a tracepoint of a loadable module: it is registered while that module
 * is loaded (now or later during the session; a tracepoint module notifier follows it). */
struct jst_tracepoint {
	const struct jst_probe *probe;
	const char *name;
	int nargs;                   /* 0..JST_MAX_TP_ARGS */
	int optional;
	struct tracepoint *tp;       /* runtime-owned */
	int registered;
	struct module *mod;          /* runtime-owned: module of the registered tracepoint, or NULL */
};
#else
struct jst_tracepoint;
#endif

#if JST_NEED_UPROBES
/* process("path").function/statement/mark: inode of path + file offset */
struct jst_uprobe {
	const struct jst_probe *probe;
	const char *path;
	loff_t offset;
	int is_return;
	int optional;
	loff_t ref_ctr_offset;       /* a marker's semaphore (file offset in path), 0 if none: the kernel counts it */
	pid_t pid;                   /* fire only in this process (process(PID)), or 0 */
	size_t entry_size;           /* .return: bytes of @entry() data per call in progress */
	void (*entry_body)(struct jst_context *c);  /* .return: fills c->entry_data at the function's entry */
	struct uprobe_consumer uc;   /* runtime-owned */
	void *uentries;              /* runtime-owned: JST_UENTRY_SLOTS saved entries (jst_uprobes.c) */
	spinlock_t ulock;
	unsigned long useq;
	struct inode *inode;
	void *handle;                /* struct uprobe * on kernels whose uprobe_register returns it */
	int registered;
};
#else
struct jst_uprobe;
#endif

#if JST_NEED_PROCLIFE
/* process[("path")|(pid)][.thread].begin/.end (jst_proclife.c): at most JST_PROCLIFE_MAX per module */
#define JST_PROCLIFE_MAX 64
struct jst_proclife {
	const struct jst_probe *probe;
	const char *path;            /* NULL: any executable */
	long pid;                    /* 0: any process */
	int thread;                  /* threads other than the group leader */
	int end;                     /* .end (else .begin) */
	struct inode *inode;         /* runtime-owned: the executable path names */
};
#else
struct jst_proclife;
#endif

#if JST_NEED_PROCFS
/* procfs("name").read/.write[.maxsize(N)] (jst_procfs.c): /proc/systemtap/MODULE/name */
struct jst_procfs_probe {
	const struct jst_probe *probe;
	const char *name;
	int write;
	long maxsize;                /* 0: default */
	long umask;                  /* .umask(N), -1: none (owner-only permissions) */
	struct proc_dir_entry *pde;  /* runtime-owned, on the first probe of each name */
};

/* $value as the body sees it, and its writers (the generated code reads it, = and .= write it) */
static inline const char *jst_procfs_value(struct jst_context *c)
{
	return c->procfs_buf ? c->procfs_buf : "";
}

static inline void jst_procfs_set(struct jst_context *c, const char *s)
{
	if (c->procfs_buf)
		strscpy(c->procfs_buf, s, c->procfs_size);
}

static inline void jst_procfs_append(struct jst_context *c, const char *s)
{
	if (c->procfs_buf)
		strlcat(c->procfs_buf, s, c->procfs_size);
}
#else
struct jst_procfs_probe;
#endif

#if JST_NEED_PERF
/* perf.sw/hw.NAME / perf.type(T).config(C) .sample(N) (jst_perf.c): one counter per online CPU */
struct jst_perf_probe {
	const struct jst_probe *probe;
	unsigned int type;           /* perf_event_attr.type */
	unsigned long long config;
	unsigned long long sample;   /* sample_period */
	int optional;
	const char *process;         /* .process("PATH"): counted per process running it; NULL: per CPU */
	const char *counter;         /* .counter("NAME"): counting only, read with @perf; NULL: sampling */
	struct perf_event **events;  /* runtime-owned, [nr_cpu_ids] (no .process) */
	struct inode *inode;         /* runtime-owned: PATH's inode (.process) */
	int warned;
};
static int64_t jst_perf_counter_read(unsigned int idx);
#else
struct jst_perf_probe;
#endif

#if JST_NEED_HWBKPT
/* kernel.data(ADDRESS|"SYMBOL")[.length(N)].write|.rw (jst_hwbkpt.c): a debug register on every CPU */
struct jst_hwbkpt_probe {
	const struct jst_probe *probe;
	const char *symbol;          /* looked up at registration; NULL: address */
	unsigned long address;
	unsigned long length;        /* as written; rounded up to 1, 2, 4 or 8 */
	int rw;                      /* reads too (else writes only) */
	int optional;
	struct perf_event * __percpu *bp;  /* runtime-owned */
};
#else
struct jst_hwbkpt_probe;
#endif

/* Everything the generated module declares. */
struct jst_module {
	size_t locals_size;                  /* sizeof the generated union of probe/function frames */
	int (*globals_alloc)(void);          /* allocate maps/stats, init globals; 0 or -errno */
	void (*globals_free)(void);
	struct jst_be_probe *be;             unsigned int nbe;
	struct jst_timer_probe *timers;      unsigned int ntimers;
	struct jst_profile_probe *profiles;  unsigned int nprofiles;
	struct jst_kprobe *kprobes;          unsigned int nkprobes;
	struct jst_tracepoint *tracepoints;  unsigned int ntracepoints;
	struct jst_uprobe *uprobes;          unsigned int nuprobes;
	struct jst_proclife *proclifes;      unsigned int nproclifes;
	struct jst_procfs_probe *procfses;   unsigned int nprocfses;
	struct jst_perf_probe *perfs;        unsigned int nperfs;
	struct jst_hwbkpt_probe *hwbkpts;    unsigned int nhwbkpts;
};

static struct jst_module *jst_module;

/* probefunc(): the probe point's function; where it has none (timer.profile) the kernel function the
 * probe's registers interrupted (via %ps: kallsyms, modules included), "" in user space or without
 * registers. buf holds MAXSTRINGLEN bytes. */
static inline const char *jst_probefunc(struct jst_context *c, const char *fn, char *buf)
{
	if (fn[0] || !c->regs || c->user_mode)
		return fn;
	snprintf(buf, MAXSTRINGLEN, "%ps", (void *)instruction_pointer((struct pt_regs *)c->regs));
	return buf;
}

/* start: state STARTING, begin probes, register everything, state RUNNING.
 * 0 or -errno (everything unwound). */
JST_FN int jst_session_start(long target_pid);
/* stop: unregister, wait for running handlers, end/error probes, state STOPPED */
JST_FN void jst_session_stop(int run_end_probes);

JST_FN int jst_module_init(struct jst_module *m);
JST_FN void jst_module_exit(void);

/* The generated module ends with JST_MODULE(its_descriptor). */
#define JST_MODULE(desc)                                                     \
	static int __init jst_init_module(void) { return jst_module_init(&(desc)); } \
	static void __exit jst_exit_module(void) { jst_module_exit(); }      \
	module_init(jst_init_module);                                        \
	module_exit(jst_exit_module);                                        \
	MODULE_LICENSE("GPL")

#endif
