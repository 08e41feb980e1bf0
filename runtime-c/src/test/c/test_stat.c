/* statistics and histogram layout */
#include "harness.h"

static char buf[65536];

static void hist_shape(const char *title, struct jst_pstat *ps, int h)
{
	size_t n = jst_hist_format(buf, sizeof(buf) - 1, jst_pstat_get(ps), &ps->spec, h);
	buf[n] = 0;
	printf("--- %s\n%s", title, buf);
}

static void hist(const char *title, struct jst_pstat *ps)
{
	hist_shape(title, ps, 0);
}

static void stats_line(const char *title, struct jst_pstat *ps)
{
	struct jst_stat *s = jst_pstat_get(ps);
	printf("%s: count=%lld sum=%lld min=%lld max=%lld avg=%lld variance=%lld\n", title,
	       (long long)jst_stat_get(NULL, s, JST_AGG_COUNT), (long long)jst_stat_get(NULL, s, JST_AGG_SUM),
	       (long long)jst_stat_get(NULL, s, JST_AGG_MIN), (long long)jst_stat_get(NULL, s, JST_AGG_MAX),
	       (long long)jst_stat_get(NULL, s, JST_AGG_AVG), (long long)jst_stat_get(NULL, s, JST_AGG_VARIANCE));
}

int main(void)
{
	struct jst_stat_spec log = { .nhist = 1, .hist = { { .type = JST_HIST_LOG } } };
	struct jst_stat_spec lin = { .nhist = 1, .hist = { { .type = JST_HIST_LINEAR, .start = 0, .stop = 100, .interval = 10 } } };
	struct jst_stat_spec plain = { .nhist = 0 };
	struct jst_stat_spec shifted = { .nhist = 0, .bit_shift = 4 };
	struct jst_stat_spec bad = { .nhist = 1, .hist = { { .type = JST_HIST_LINEAR, .start = 0, .stop = 10, .interval = 0 } } };
	/* three shapes on one statistic, each with its own counters */
	struct jst_stat_spec multi = { .nhist = 3, .hist = {
		{ .type = JST_HIST_LINEAR, .start = 0, .stop = 100, .interval = 10 },
		{ .type = JST_HIST_LOG },
		{ .type = JST_HIST_LINEAR, .start = 0, .stop = 50, .interval = 5 } } };
	struct jst_stat_spec too_many = { .nhist = JST_STAT_MAX_HISTS + 1 };
	struct jst_stat_spec no_type = { .nhist = 2, .hist = { { .type = JST_HIST_LOG }, { .type = JST_HIST_NONE } } };
	struct jst_pstat ps;
	int i;

	CHECK(jst_stat_spec_init(&bad) == -EINVAL);
	CHECK(jst_stat_spec_init(&too_many) == -EINVAL);
	CHECK(jst_stat_spec_init(&no_type) == -EINVAL);
	CHECK(jst_stat_spec_init(&plain) == 0 && plain.buckets == 0);
	CHECK(jst_hist_log_bucket(0) == 64 && jst_hist_log_bucket(1) == 65 && jst_hist_log_bucket(2) == 66);
	CHECK(jst_hist_log_bucket(3) == 66 && jst_hist_log_bucket(4) == 67 && jst_hist_log_bucket(-1) == 63);
	CHECK(jst_hist_log_value(64) == 0 && jst_hist_log_value(65) == 1 && jst_hist_log_value(74) == 512);
	CHECK(jst_hist_log_value(63) == -1 && jst_hist_log_value(62) == -2);
	CHECK(jst_hist_log_bucket(-9223372036854775807LL - 1) == 1);

	/* 1..10 on one CPU */
	CHECK(jst_pstat_init(&ps, &plain) == 0);
	for (i = 1; i <= 10; i++)
		jst_pstat_add(&ps, i);
	stats_line("1..10 one cpu", &ps);
	/* the same values spread over 4 CPUs aggregate to the same count/sum/min/max/avg */
	jst_pstat_clear(&ps);
	for (i = 1; i <= 10; i++) {
		jst_user_cpu = i % 4;
		jst_pstat_add(&ps, i);
	}
	jst_user_cpu = 0;
	stats_line("1..10 four cpus", &ps);
	jst_pstat_clear(&ps);
	for (i = 0; i < 1000; i++) {
		jst_user_cpu = i % 3;
		jst_pstat_add(&ps, (i * 7919) % 1000);
	}
	jst_user_cpu = 0;
	stats_line("1000 values three cpus", &ps);
	jst_pstat_clear(&ps);
	jst_pstat_add(&ps, -5);
	stats_line("single -5", &ps);
	jst_pstat_clear(&ps);
	{
		struct jst_stat *s = jst_pstat_get(&ps);
		CHECK(jst_stat_get(NULL, s, JST_AGG_COUNT) == 0);
		CHECK(jst_stat_get(NULL, s, JST_AGG_SUM) == 0);
	}
	jst_pstat_free(&ps);

	/* stap(1)'s own example: 1..5 gives @variance 12, and 2 with bit-shift 1 */
	CHECK(jst_pstat_init(&ps, &plain) == 0);
	for (i = 1; i <= 5; i++)
		jst_pstat_add(&ps, i);
	CHECK(jst_stat_get(NULL, jst_pstat_get(&ps), JST_AGG_VARIANCE) == 12);
	jst_pstat_free(&ps);
	{
		struct jst_stat_spec one = { .nhist = 0, .bit_shift = 1 };
		CHECK(jst_pstat_init(&ps, &one) == 0);
		for (i = 1; i <= 5; i++)
			jst_pstat_add(&ps, i);
		CHECK(jst_stat_get(NULL, jst_pstat_get(&ps), JST_AGG_VARIANCE) == 2);
		jst_pstat_free(&ps);
	}
	CHECK(jst_pstat_init(&ps, &shifted) == 0);
	for (i = 1; i <= 4; i++)
		jst_pstat_add(&ps, i);
	stats_line("1..4 bit_shift 4", &ps);
	jst_pstat_free(&ps);

	/* log histograms */
	CHECK(jst_pstat_init(&ps, &log) == 0);
	jst_pstat_add(&ps, 1); jst_pstat_add(&ps, 2); jst_pstat_add(&ps, 2); jst_pstat_add(&ps, 3);
	jst_pstat_add(&ps, 100);
	hist("log 1,2,2,3,100", &ps);
	jst_pstat_clear(&ps);
	jst_pstat_add(&ps, 0); jst_pstat_add(&ps, 0); jst_pstat_add(&ps, 1);
	hist("log 0,0,1", &ps);
	jst_pstat_clear(&ps);
	jst_pstat_add(&ps, -3); jst_pstat_add(&ps, 0); jst_pstat_add(&ps, 5);
	hist("log -3,0,5", &ps);
	jst_pstat_clear(&ps);
	for (i = 0; i < 1000; i++) {
		jst_user_cpu = i % 2;
		jst_pstat_add(&ps, 1000 + i);
	}
	for (i = 0; i < 3; i++)
		jst_pstat_add(&ps, 1 << 20);
	jst_user_cpu = 0;
	hist("log scaled counts, gap", &ps);
	jst_pstat_clear(&ps);
	hist("log empty (nothing printed)", &ps);
	jst_pstat_free(&ps);

	/* linear histograms */
	CHECK(jst_pstat_init(&ps, &lin) == 0);
	CHECK(ps.spec.buckets == 13);
	for (i = 0; i < 100; i += 7)
		jst_pstat_add(&ps, i);
	hist("linear 0..100/10, 0,7,..98", &ps);
	jst_pstat_clear(&ps);
	jst_pstat_add(&ps, -5); jst_pstat_add(&ps, 50); jst_pstat_add(&ps, 150); jst_pstat_add(&ps, 150);
	hist("linear with under- and overflow", &ps);
	jst_pstat_clear(&ps);
	jst_pstat_add(&ps, 0); jst_pstat_add(&ps, 100);
	hist("linear elided middle", &ps);
	jst_pstat_free(&ps);
	{
		struct jst_stat_spec wide = { .nhist = 1, .hist = { { .type = JST_HIST_LINEAR, .start = -1000000, .stop = 1000000,
									.interval = 100000 } } };
		CHECK(jst_pstat_init(&ps, &wide) == 0);
		jst_pstat_add(&ps, -999999); jst_pstat_add(&ps, 0); jst_pstat_add(&ps, 12345);
		hist("linear wide labels", &ps);
		jst_pstat_free(&ps);
	}

	/* several shapes on one statistic: 0..99 spread over three CPUs; every shape counts every
	 * value, aggregated per shape */
	CHECK(jst_pstat_init(&ps, &multi) == 0);
	CHECK(ps.spec.hist[0].buckets == 13 && ps.spec.hist[0].first == 0);
	CHECK(ps.spec.hist[1].buckets == JST_HIST_LOG_BUCKETS && ps.spec.hist[1].first == 13);
	CHECK(ps.spec.hist[2].buckets == 13 && ps.spec.hist[2].first == 13 + JST_HIST_LOG_BUCKETS);
	CHECK(ps.spec.buckets == 26 + JST_HIST_LOG_BUCKETS);
	for (i = 0; i < 100; i++) {
		jst_user_cpu = i % 3;
		jst_pstat_add(&ps, i);
	}
	jst_user_cpu = 0;
	hist_shape("multi: linear 0..100/10", &ps, 0);
	hist_shape("multi: log", &ps, 1);
	hist_shape("multi: linear 0..50/5", &ps, 2);
	hist_shape("multi: no shape 3 (nothing printed)", &ps, 3);
	{
		struct jst_stat *s = jst_pstat_get(&ps);
		CHECK(jst_hist_count(s, &ps.spec, 0, 1) == 10);             /* 0..9 */
		CHECK(jst_hist_count(s, &ps.spec, 1, JST_HIST_LOG_ZERO + 7) == 36);   /* 64..99 */
		CHECK(jst_hist_count(s, &ps.spec, 2, 12) == 45);            /* > 50 */
		CHECK(jst_hist_count(s, &ps.spec, 2, 13) == 0 && jst_hist_count(s, &ps.spec, 3, 0) == 0);
		CHECK(jst_hist_count(NULL, &ps.spec, 0, 1) == 0 && jst_hist_count(s, &ps.spec, 0, -1) == 0);
		CHECK(jst_stat_get(NULL, s, JST_AGG_COUNT) == 100 && jst_stat_get(NULL, s, JST_AGG_SUM) == 4950);
	}
	jst_pstat_free(&ps);

	/* empty aggregate errors go to the context */
	{
		struct jst_context *c;
		unsigned long flags;
		static const struct jst_probe p = { "end", NULL, 0 };
		CHECK(jst_contexts_alloc(0) == 0);
		atomic_set(&jst_session.state, JST_STATE_RUNNING);
		CHECK(jst_pstat_init(&ps, &log) == 0);
		c = jst_probe_enter(&p, JST_STATE_RUNNING, &flags);
		c->last_stmt = "operator '@avg' at t.stp:1:2";
		jst_pstat_add(&ps, 7);
		jst_hist_print(c, jst_pstat_get(&ps), &ps.spec, 0);
		jst_pstat_clear(&ps);
		CHECK(jst_stat_get(c, jst_pstat_get(&ps), JST_AGG_AVG) == 0);
		CHECK(jst_failed(c));
		jst_probe_exit(c, flags);
		jst_pstat_free(&ps);
		jst_contexts_free();
	}
	return harness_done();
}
