/* jst_all.c - compiles every part of the runtime (maps, stats, per-CPU stat arrays, kprobes,
 * kretprobes with @entry data, tracepoints, uprobes, timers, timer.profile, begin/end/error)
 * and drives the error paths from a `mode` parameter, for runs in the test VM:
 *   mode=0 normal  1 division by 0 in begin  2 flood output from begin (lost records)
 *   mode=3 exit() in begin  4 kprobe on `badsym` (registration failure)  5 read fault
 *   mode=6 MAXACTION  7 exit() from a timer after 1 s  8 one line per ksys_read of `dd`
 *   upath=/file uoffset=N: a uprobe at that file offset ("uprobe hit" per hit)
 * Roughly the script:
 *   global counts[100], st, bytes, ticks
 *   probe begin { ... }
 *   probe kernel.function("ksys_read") { counts[execname()]++; bytes[execname()] <<< $count }
 *   probe kernel.function("ksys_read").return { st <<< $return; e = @entry($count) }
 *   probe kernel.trace("sched_process_exec") { printf("exec %s\n", execname()) }
 *   probe timer.profile { ticks++ }
 *   probe end { foreach (c in counts- limit 3) ...; print(@hist_log(st)) ... }
 *   probe error { println("error probe ran") } */
#define JST_NEED_KPROBES 1
#define JST_NEED_TIMERS 1
#define JST_NEED_PROFILE 1
#define JST_NEED_TRACEPOINTS 1
#define JST_NEED_UPROBES 1
#include "jst_runtime.h"
#include <linux/ptrace.h>

static int mode;
module_param(mode, int, 0444);
static char *badsym = "jst_no_such_function";
module_param(badsym, charp, 0444);
static char *upath = "/jst/no/such/file";
module_param(upath, charp, 0444);
static long uoffset;
module_param(uoffset, long, 0444);

static struct jst_map g_counts;      static struct jst_lock g_counts_lock;
static struct jst_pmap g_bytes;      static struct jst_lock g_bytes_lock;
static struct jst_pstat g_st;        static struct jst_lock g_st_lock;
static int64_t g_ticks;              static struct jst_lock g_ticks_lock;

static const struct jst_map_spec g_counts_spec = {
	.name = "counts", .nkeys = 1, .keytype = { JST_T_STRING }, .valtype = JST_T_LONG, .maxentries = 100 };
static const struct jst_map_spec g_bytes_spec = {
	.name = "bytes", .nkeys = 1, .keytype = { JST_T_STRING }, .valtype = JST_T_STAT,
	.stat = { .nhist = 0 } };
static const struct jst_stat_spec g_st_spec = { .nhist = 1, .hist = { { .type = JST_HIST_LOG } } };

union jst_locals {
	struct { char s[MAXSTRINGLEN]; int64_t i; } begin;
	struct { struct jst_iter it; } end;
	struct { char comm[MAXSTRINGLEN]; } read;
};

static void jst_body_begin(struct jst_context *c)
{
	union jst_locals *l = c->locals;

	if (jst_lock_write(&g_counts_lock))
		return;
	c->last_stmt = "identifier 'printf' at all.stp:3:3";
	if (jst_action(c, 1))
		goto out;
	jst_printf(c, "begin mode=%d target=%d pp=%s pid>0 %d\n", (int64_t)mode, jst_target(), jst_pp(c),
		   (int64_t)(jst_pid() > 0 && jst_tid() > 0 && jst_ppid() >= 0 && jst_uid() == 0 &&
			     jst_time_ns() > 0 && jst_cpu_id() >= 0 && jst_jiffies() != 0));
	jst_sprintf(c, l->begin.s, "%s-%x", "sprintf", (int64_t)255);
	jst_concat(l->begin.s, l->begin.s, "+concat");
	jst_printf(c, "%s %p %5.2s|\n", l->begin.s, (int64_t)0x1234, "abc");
	switch (mode) {
	case 1:
		c->last_stmt = "operator '/' at all.stp:4:12";
		l->begin.i = jst_div(c, 1, 0);
		break;
	case 2:
		for (l->begin.i = 0; l->begin.i < 40000; l->begin.i++)
			jst_printf(c, "flood %06d ..................................................\n", l->begin.i);
		jst_exit(c);
		break;
	case 3:
		jst_exit(c);
		break;
	case 5:
		c->last_stmt = "identifier '$file' at all.stp:5:9";
		l->begin.i = JST_KREAD(c, long, 0UL);
		break;
	case 6:
		c->last_stmt = "identifier 'x' at all.stp:6:1";
		for (;;)
			if (jst_action(c, 1))
				break;
		break;
	}
out:
	jst_unlock_write(&g_counts_lock);
}

static void jst_body_read(struct jst_context *c)
{
	union jst_locals *l = c->locals;
	union jst_kv k[1] = { { .s = l->read.comm } };

	jst_execname(l->read.comm);
	if (jst_lock_write(&g_counts_lock))
		return;
	if (jst_lock_read(&g_bytes_lock))
		goto out1;
	c->last_stmt = "identifier 'counts' at all.stp:8:44";
	if (jst_action(c, 2))
		goto out;
	if (jst_map_add_long(c, &g_counts, k, 1, NULL))
		goto out;
	jst_pmap_add(c, &g_bytes, k, jst_arg(c, 3));    /* $count */
	if (mode == 8 && strcmp(l->read.comm, "dd") == 0)
		jst_printf(c, "read %d fd=%d count=%d cpu=%d\n", jst_map_get_long(&g_counts, k), jst_arg(c, 1),
			   jst_arg(c, 3), jst_cpu_id());
out:
	jst_unlock_read(&g_bytes_lock);
out1:
	jst_unlock_write(&g_counts_lock);
}

static void jst_entry_read_ret(struct jst_context *c)
{
	*(int64_t *)c->entry_data = jst_arg(c, 3);   /* @entry($count) */
}

static void jst_body_read_ret(struct jst_context *c)
{
	int64_t entry_count = *(int64_t *)c->entry_data;

	if (jst_lock_read(&g_st_lock))
		return;
	if (jst_action(c, 1))
		goto out;
	if (entry_count >= 0)
		jst_pstat_add(&g_st, jst_retval(c));
out:
	jst_unlock_read(&g_st_lock);
}

static void jst_body_exec(struct jst_context *c)
{
	struct task_struct *p = (struct task_struct *)c->tp_args[0];
	char comm[TASK_COMM_LEN];

	if (jst_action(c, 1))
		return;
	if (jst_kread(c, comm, (unsigned long)p->comm, sizeof(comm)))
		return;
	comm[TASK_COMM_LEN - 1] = '\0';
	jst_printf(c, "exec %s\n", comm);
}

static void jst_body_profile(struct jst_context *c)
{
	if (jst_lock_write(&g_ticks_lock))
		return;
	g_ticks++;
	jst_unlock_write(&g_ticks_lock);
}

static void jst_body_timer(struct jst_context *c)
{
	if (mode == 7) {
		jst_printf(c, "timer: exit()\n");
		jst_exit(c);
	}
}

static void jst_body_uprobe(struct jst_context *c)
{
	jst_printf(c, "uprobe hit\n");
}

static void jst_body_end(struct jst_context *c)
{
	union jst_locals *l = c->locals;
	struct jst_map_entry *e;
	struct jst_map *agg;

	if (jst_lock_write(&g_bytes_lock))
		return;
	if (jst_lock_write(&g_counts_lock))
		goto out2;
	if (jst_lock_write(&g_st_lock))
		goto out1;
	if (jst_lock_read(&g_ticks_lock))
		goto out0;
	c->last_stmt = "keyword 'foreach' at all.stp:20:3";
	jst_printf(c, "end: %d distinct readers, profile ticks %s\n", (int64_t)jst_map_size(&g_counts),
		   g_ticks > 0 ? "> 0" : "= 0");
	if (jst_map_iter_start(c, &g_counts, &l->end.it, JST_SORT_VALUE, -1, 0, 3, NULL))
		goto out;
	while ((e = jst_map_iter_next(&l->end.it))) {
		if (jst_action(c, 1))
			break;
		jst_printf(c, "reader %s\n", jst_entry_key_str(&g_counts, e, 0));
	}
	jst_map_iter_end(&l->end.it);
	if (jst_failed(c))
		goto out;
	agg = jst_pmap_aggregate(c, &g_bytes);
	jst_printf(c, "bytes: %d keys\n", (int64_t)jst_map_size(agg));
	jst_printf(c, "reads returned: count>0 %d\n",
		   (int64_t)(jst_stat_get(c, jst_pstat_get(&g_st), JST_AGG_COUNT) > 0));
	jst_hist_print(c, jst_pstat_get(&g_st), &g_st.spec, 0);
out:
	jst_unlock_read(&g_ticks_lock);
out0:
	jst_unlock_write(&g_st_lock);
out1:
	jst_unlock_write(&g_counts_lock);
out2:
	jst_unlock_write(&g_bytes_lock);
}

static void jst_body_error(struct jst_context *c)
{
	jst_printf(c, "error probe ran\n");
}

static const struct jst_probe jst_p_begin = { "begin", jst_body_begin, 0 };
static const struct jst_probe jst_p_read = { "kernel.function(\"ksys_read\")", jst_body_read, 1 };
static const struct jst_probe jst_p_read_ret = { "kernel.function(\"ksys_read\").return", jst_body_read_ret, 2 };
static const struct jst_probe jst_p_exec = { "kernel.trace(\"sched_process_exec\")", jst_body_exec, 3 };
static const struct jst_probe jst_p_profile = { "timer.profile", jst_body_profile, 4 };
static const struct jst_probe jst_p_timer = { "timer.ms(1000)", jst_body_timer, 5 };
static const struct jst_probe jst_p_end = { "end", jst_body_end, 6 };
static const struct jst_probe jst_p_error = { "error", jst_body_error, 7 };
static const struct jst_probe jst_p_bad = { "kernel.function(\"badsym\")", jst_body_read, 8 };
static const struct jst_probe jst_p_uprobe = { "process(\"upath\").statement(0)", jst_body_uprobe, 9 };

static struct jst_be_probe jst_be[] = {
	{ &jst_p_begin, JST_BEGIN }, { &jst_p_end, JST_END }, { &jst_p_error, JST_ERROR_PROBE },
};
static struct jst_kprobe jst_kprobes[] = {
	{ .probe = &jst_p_read, .symbol = "ksys_read" },
	{ .probe = &jst_p_read_ret, .symbol = "ksys_read", .is_return = 1,
	  .entry_size = sizeof(int64_t), .entry_body = jst_entry_read_ret },
	{ .probe = &jst_p_bad, .symbol = NULL /* badsym */, .optional = 1 },
};
static struct jst_tracepoint jst_tps[] = {
	{ .probe = &jst_p_exec, .name = "sched_process_exec", .nargs = 3 },
};
static struct jst_uprobe jst_ups[] = {
	{ .probe = &jst_p_uprobe, .path = NULL /* upath */, .offset = 0, .optional = 1 },
};
static struct jst_timer_probe jst_timers[] = {
	{ .probe = &jst_p_timer, .period_ns = 1000000000ull, .randomize_ns = 1000 },
};
static struct jst_profile_probe jst_profiles[] = { { .probe = &jst_p_profile } };

static void jst_globals_free(void)
{
	jst_map_free(&g_counts);
	jst_pmap_free(&g_bytes);
	jst_pstat_free(&g_st);
}

static int jst_globals_alloc(void)
{
	int rc;

	jst_lock_init(&g_counts_lock);
	jst_lock_init(&g_bytes_lock);
	jst_lock_init(&g_st_lock);
	jst_lock_init(&g_ticks_lock);
	jst_kprobes[2].symbol = badsym;
	jst_kprobes[2].optional = mode != 4;
	jst_ups[0].path = upath;
	jst_ups[0].offset = uoffset;
	rc = jst_map_init(&g_counts, &g_counts_spec);
	if (!rc)
		rc = jst_pmap_init(&g_bytes, &g_bytes_spec);
	if (!rc)
		rc = jst_pstat_init(&g_st, &g_st_spec);
	if (rc)
		jst_globals_free();
	return rc;
}

static struct jst_module jst_this_module = {
	.locals_size = sizeof(union jst_locals),
	.globals_alloc = jst_globals_alloc,
	.globals_free = jst_globals_free,
	.be = jst_be, .nbe = ARRAY_SIZE(jst_be),
	.timers = jst_timers, .ntimers = ARRAY_SIZE(jst_timers),
	.profiles = jst_profiles, .nprofiles = ARRAY_SIZE(jst_profiles),
	.kprobes = jst_kprobes, .nkprobes = ARRAY_SIZE(jst_kprobes),
	.tracepoints = jst_tps, .ntracepoints = ARRAY_SIZE(jst_tps),
	.uprobes = jst_ups, .nuprobes = ARRAY_SIZE(jst_ups),
};

#include "jst_runtime.c"

JST_MODULE(jst_this_module);
