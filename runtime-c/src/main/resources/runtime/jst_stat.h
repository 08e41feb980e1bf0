/* jst_stat.h - statistics: <<< accumulation (per CPU), aggregation on read, extractors,
 * @hist_linear / @hist_log and SystemTap's ASCII histogram layout. */
#ifndef JST_STAT_H
#define JST_STAT_H
#include "jst_shim.h"

struct jst_context;

enum jst_hist_type { JST_HIST_NONE = 0, JST_HIST_LINEAR = 1, JST_HIST_LOG = 2 };
#define JST_HIST_LOG_BUCKETS 128      /* 64 negative, zero, 63 positive powers of two */
#define JST_HIST_LOG_ZERO 64

/* One histogram shape asked of a statistic: @hist_log, or @hist_linear(start, stop, interval). */
struct jst_hist_spec {
	int type;                       /* JST_HIST_LOG or JST_HIST_LINEAR */
	int64_t start, stop, interval;  /* linear only */
	int buckets;                    /* filled in by jst_stat_spec_init */
	int first;                      /* its first counter in jst_stat.hist, filled in too */
};

/* Shape of one stat global (from how the script uses it): every histogram shape the script
 * prints or indexes, each with its own counters, all fed by every <<<. bit_shift is
 * @variance's optional precision argument (0 by default). */
struct jst_stat_spec {
	int nhist;                      /* 0..JST_STAT_MAX_HISTS */
	struct jst_hist_spec hist[JST_STAT_MAX_HISTS];
	int buckets;                    /* counters of all shapes, filled in by jst_stat_spec_init */
	int bit_shift;
	int no_variance;                /* the script never asks @variance: skip the running variance (two 64-bit
	                                 * divisions) on every <<<; the translator sets it */
};

/* One accumulation: fixed part + `buckets` histogram counters (shape h's at hist[spec->hist[h].first]). */
struct jst_stat {
	int64_t count, sum, min, max;
	int64_t avg_s;        /* running mean << bit_shift (Welford) */
	int64_t m2;           /* running sum of squared deviations, scaled */
	int64_t variance_s;   /* m2 / (count - 1), scaled; -1 below 2 samples */
	int64_t shift;        /* bit_shift the scaled fields carry */
	int64_t hist[];
};

/* validates and fills buckets/first; returns 0 or -EINVAL (shape count; linear: interval 0,
 * bucket count) */
JST_FN int jst_stat_spec_init(struct jst_stat_spec *spec);
JST_FN size_t jst_stat_size(const struct jst_stat_spec *spec);
JST_FN void jst_stat_clear(struct jst_stat *s, const struct jst_stat_spec *spec);
JST_FN void jst_stat_add(struct jst_stat *s, const struct jst_stat_spec *spec, int64_t v);
/* agg = combination of parts[0..n) (per-CPU partials; the whole set at once) */
JST_FN void jst_stat_aggregate(struct jst_stat *agg, struct jst_stat *const *parts, int n,
                               const struct jst_stat_spec *spec);
/* into += part (pairwise; used for arrays of stats) */
JST_FN void jst_stat_merge(struct jst_stat *into, const struct jst_stat *part,
                           const struct jst_stat_spec *spec);

/* Extractors. @count/@sum of an empty aggregate are 0; the others raise the script error
 * "empty aggregate" (c may be NULL in tests) and return 0. */
enum jst_agg { JST_AGG_COUNT = 0, JST_AGG_SUM, JST_AGG_MIN, JST_AGG_MAX, JST_AGG_AVG, JST_AGG_VARIANCE };
JST_FN int64_t jst_stat_get(struct jst_context *c, const struct jst_stat *s, int agg);
/* histogram bucket helpers (@hist_log / @hist_linear values, for tests and foreach on buckets) */
JST_FN int jst_hist_log_bucket(int64_t v);
JST_FN int64_t jst_hist_log_value(int bucket);

/* Render histogram shape h (layout of `print(@hist_log(x))`) into buf; returns the full length
 * (snprintf-like). An empty aggregate or a shape h the spec lacks renders nothing. */
JST_FN size_t jst_hist_format(char *buf, size_t size, const struct jst_stat *s,
                              const struct jst_stat_spec *spec, int h);
/* print(@hist_*(x)) of shape h into the hit's output */
JST_FN void jst_hist_print(struct jst_context *c, const struct jst_stat *s,
                           const struct jst_stat_spec *spec, int h);
/* @hist_*(x)[i]: counter i of shape h (0 when out of range or s is NULL) */
JST_FN int64_t jst_hist_count(const struct jst_stat *s, const struct jst_stat_spec *spec, int h, int64_t i);

/* A scalar stat global: per-CPU partials, aggregated on read. */
struct jst_pstat {
	struct jst_stat_spec spec;
	struct jst_stat **cpu;     /* [jst_ncpus()] */
	struct jst_stat *agg;
};
JST_FN int jst_pstat_init(struct jst_pstat *ps, const struct jst_stat_spec *spec);
JST_FN void jst_pstat_free(struct jst_pstat *ps);
/* x <<< v (read lock of the global is enough: each CPU has its own partial) */
JST_FN void jst_pstat_add(struct jst_pstat *ps, int64_t v);
/* aggregate (write lock of the global) and return the total */
JST_FN struct jst_stat *jst_pstat_get(struct jst_pstat *ps);
/* delete x */
JST_FN void jst_pstat_clear(struct jst_pstat *ps);

#endif
