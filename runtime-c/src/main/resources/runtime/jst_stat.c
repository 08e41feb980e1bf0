/* jst_stat.c - statistics and histograms. */
#include "jst_stat.h"
#include "jst_context.h"

JST_FN int jst_stat_spec_init(struct jst_stat_spec *spec)
{
	int i, total = 0;

	if (spec->nhist < 0 || spec->nhist > JST_STAT_MAX_HISTS)
		return -EINVAL;
	for (i = 0; i < spec->nhist; i++) {
		struct jst_hist_spec *h = &spec->hist[i];
		switch (h->type) {
		case JST_HIST_LOG:
			h->buckets = JST_HIST_LOG_BUCKETS;
			break;
		case JST_HIST_LINEAR: {
			int64_t n;
			if (h->interval <= 0 || h->stop < h->start)
				return -EINVAL;
			/* underflow + regular + overflow */
			n = (h->stop - h->start) / h->interval + 3;
			if (n < 3 || n > JST_HIST_MAX_BUCKETS)
				return -EINVAL;
			h->buckets = (int)n;
			break;
		}
		default:
			return -EINVAL;
		}
		h->first = total;
		total += h->buckets;
	}
	spec->buckets = total;
	return 0;
}

JST_FN size_t jst_stat_size(const struct jst_stat_spec *spec)
{
	return sizeof(struct jst_stat) + sizeof(int64_t) * (size_t)spec->buckets;
}

JST_FN void jst_stat_clear(struct jst_stat *s, const struct jst_stat_spec *spec)
{
	memset(s, 0, jst_stat_size(spec));
}

JST_FN int jst_hist_log_bucket(int64_t v)
{
	uint64_t u;
	int bits = 0;

	if (v == 0)
		return JST_HIST_LOG_ZERO;
	u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	while (u) {           /* bits = position of the highest set bit + 1 */
		bits++;
		u >>= 1;
	}
	if (bits > 63)
		bits = 63;
	return v < 0 ? JST_HIST_LOG_ZERO - bits : JST_HIST_LOG_ZERO + bits;
}

JST_FN int64_t jst_hist_log_value(int bucket)
{
	if (bucket == JST_HIST_LOG_ZERO)
		return 0;
	if (bucket > JST_HIST_LOG_ZERO)
		return (int64_t)1 << (bucket - JST_HIST_LOG_ZERO - 1);
	return -((int64_t)1 << (JST_HIST_LOG_ZERO - bucket - 1));
}

JST_FN int jst_hist_linear_bucket(const struct jst_hist_spec *h, int64_t v)
{
	int64_t b;

	if (v < h->start)
		return 0;
	b = (v - h->start) / h->interval + 1;
	if (b >= h->buckets - 1)
		b = h->buckets - 1;
	return (int)b;
}

JST_FN noinline void jst_stat_add(struct jst_stat *s, const struct jst_stat_spec *spec, int64_t v)
{
	int64_t scaled = (int64_t)((uint64_t)v << spec->bit_shift);
	int i;

	if (s->count == 0) {
		s->count = 1;
		s->sum = s->min = s->max = v;
		s->avg_s = scaled;
		s->m2 = 0;
		s->variance_s = -1;
		s->shift = spec->bit_shift;
	} else {
		int64_t delta;
		s->count++;
		s->sum = (int64_t)((uint64_t)s->sum + (uint64_t)v);      /* wraps like the kernel's -fwrapv */
		if (v < s->min)
			s->min = v;
		if (v > s->max)
			s->max = v;
		if (spec->no_variance)
			goto hist;
		/* Welford's running variance, in integers scaled by 2^bit_shift; the step is cut to a signed
		 * 32-bit int, as stap 4.8 computes it (measured: its @variance of 4e9, 1, 3e9 is what this gives) */
		delta = (int32_t)(uint32_t)((uint64_t)scaled - (uint64_t)s->avg_s);
		s->avg_s += delta / s->count;
		s->m2 = (int64_t)((uint64_t)s->m2 + (uint64_t)delta * (uint64_t)(scaled - s->avg_s));
		s->variance_s = s->m2 / (s->count - 1);
	}
hist:
	for (i = 0; i < spec->nhist; i++) {
		const struct jst_hist_spec *h = &spec->hist[i];
		s->hist[h->first + (h->type == JST_HIST_LOG ? jst_hist_log_bucket(v) : jst_hist_linear_bucket(h, v))]++;
	}
}

JST_FN void jst_stat_aggregate(struct jst_stat *agg, struct jst_stat *const *parts, int n,
                               const struct jst_stat_spec *spec)
{
	int i, b;
	int64_t spread = 0, within = 0;

	jst_stat_clear(agg, spec);
	for (i = 0; i < n; i++) {
		const struct jst_stat *p = parts[i];
		if (!p || !p->count)
			continue;
		if (!agg->count) {
			agg->min = p->min;
			agg->max = p->max;
		} else {
			if (p->min < agg->min)
				agg->min = p->min;
			if (p->max > agg->max)
				agg->max = p->max;
		}
		agg->count += p->count;
		agg->sum = (int64_t)((uint64_t)agg->sum + (uint64_t)p->sum);
		for (b = 0; b < spec->buckets; b++)
			agg->hist[b] += p->hist[b];
	}
	if (!agg->count)
		return;
	/* total variance = spread of the partial means + variance within each partial */
	agg->avg_s = (int64_t)((uint64_t)agg->sum << spec->bit_shift) / agg->count;
	for (i = 0; i < n; i++) {
		const struct jst_stat *p = parts[i];
		int64_t d;
		if (!p || !p->count)
			continue;
		d = p->avg_s - agg->avg_s;
		spread = (int64_t)((uint64_t)spread + (uint64_t)p->count * (uint64_t)d * (uint64_t)d);
		if (p->count > 1)
			within = (int64_t)((uint64_t)within + (uint64_t)(p->count - 1) * (uint64_t)p->variance_s);
	}
	agg->m2 = spread + within;
	agg->shift = spec->bit_shift;
	agg->variance_s = agg->count > 1 ? agg->m2 / (agg->count - 1) : -1;
}

JST_FN void jst_stat_merge(struct jst_stat *into, const struct jst_stat *part,
                           const struct jst_stat_spec *spec)
{
	int64_t n, avg, da, db, m2;
	int b;

	if (!part->count)
		return;
	if (!into->count) {
		/* the first partial is taken as it is (stap does the same: an array element read from one
		 * CPU keeps that CPU's running Welford variance, uncorrected); later ones are combined */
		memcpy(into, part, jst_stat_size(spec));
		return;
	}
	/* the same total-variance combination as jst_stat_aggregate, for two partials */
	n = into->count + part->count;
	avg = (int64_t)((uint64_t)(into->sum + part->sum) << spec->bit_shift) / n;
	da = into->avg_s - avg;
	db = part->avg_s - avg;
	m2 = into->count * da * da + part->count * db * db;
	if (into->count > 1)
		m2 += (into->count - 1) * into->variance_s;
	if (part->count > 1)
		m2 += (part->count - 1) * part->variance_s;
	into->count = n;
	into->sum += part->sum;
	if (part->min < into->min)
		into->min = part->min;
	if (part->max > into->max)
		into->max = part->max;
	into->avg_s = avg;
	into->m2 = m2;
	into->variance_s = m2 / (n - 1);
	into->shift = part->shift;
	for (b = 0; b < spec->buckets; b++)
		into->hist[b] += part->hist[b];
}

JST_FN int64_t jst_stat_get(struct jst_context *c, const struct jst_stat *s, int agg)
{
	if (!s || s->count == 0) {
		if (agg != JST_AGG_COUNT && agg != JST_AGG_SUM)
			jst_error(c, "empty aggregate");
		return 0;
	}
	switch (agg) {
	case JST_AGG_COUNT: return s->count;
	case JST_AGG_SUM: return s->sum;
	case JST_AGG_MIN: return s->min;
	case JST_AGG_MAX: return s->max;
	case JST_AGG_AVG: return s->sum / s->count;
	case JST_AGG_VARIANCE:
		/* variance_s carries 2*bit_shift of scale */
		return s->count > 1 ? s->variance_s >> (2 * s->shift) : 0;
	}
	return 0;
}

/* ---- histogram layout ---- */

struct jst_hbuf { char *buf; size_t size, len; };

JST_FN void jh_puts(struct jst_hbuf *h, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (h->len < h->size)
			h->buf[h->len] = s[i];
		h->len++;
	}
}

JST_FN void jh_rep(struct jst_hbuf *h, char ch, long n)
{
	while (n-- > 0)
		jh_puts(h, &ch, 1);
}

JST_FN int jst_digits(int64_t v)
{
	int n = v < 0 ? 1 : 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		n++;
		u /= 10;
	} while (u);
	return n;
}

JST_FN void jh_num(struct jst_hbuf *h, int64_t v, long width)
{
	char tmp[24];
	jst_sprint_long(tmp, v);
	jh_rep(h, ' ', width - (long)strlen(tmp));
	jh_puts(h, tmp, strlen(tmp));
}

/* bucket label value and its "<" / ">" marker for linear under/overflow rows */
JST_FN int64_t jst_bucket_label(const struct jst_hist_spec *h, int b, const char **mark)
{
	*mark = "";
	if (h->type == JST_HIST_LOG)
		return jst_hist_log_value(b);
	if (b == 0) {
		*mark = "<";
		return h->start;
	}
	if (b == h->buckets - 1) {
		*mark = ">";
		return h->start + (int64_t)(b - 2) * h->interval;
	}
	return h->start + (int64_t)(b - 1) * h->interval;
}

JST_FN size_t jst_hist_format(char *buf, size_t size, const struct jst_stat *s,
                              const struct jst_stat_spec *spec, int shape)
{
	struct jst_hbuf hb = { buf, size, 0 };
	const struct jst_hist_spec *h;
	const int64_t *cnt;
	int first = -1, last = -1, lo, hi, b, i, eliding = 0;
	int64_t peak = 0, scale;
	long vw, cw;

	if (!s || shape < 0 || shape >= spec->nhist)
		return 0;
	h = &spec->hist[shape];
	cnt = s->hist + h->first;
	for (b = 0; b < h->buckets; b++) {
		if (cnt[b] > 0) {
			if (first < 0)
				first = b;
			last = b;
		}
		if (cnt[b] > peak)
			peak = cnt[b];
	}
	if (first < 0)
		return 0;
	/* show two empty rows around the data; log histograms do not reach into the
	 * negative buckets unless there is negative data */
	lo = first;
	hi = last;
	for (i = 0; i < 2; i++) {
		if (h->type == JST_HIST_LOG) {
			if (lo > 0 && lo != JST_HIST_LOG_ZERO)
				lo--;
		} else if (lo > 0) {
			lo--;
		}
		if (hi < h->buckets - 1)
			hi++;
	}
	if (h->type == JST_HIST_LINEAR) {
		/* under/overflow rows only when they hold something */
		if (lo == 0 && cnt[0] == 0)
			lo++;
		if (hi == h->buckets - 1 && cnt[hi] == 0)
			hi--;
	}
	scale = peak <= JST_HIST_WIDTH ? 1 : (peak + JST_HIST_WIDTH - 1) / JST_HIST_WIDTH;
	cw = jst_digits(peak);
	if (h->type == JST_HIST_LINEAR) {
		long a = jst_digits(h->start) + (lo == 0);
		long z = jst_digits(h->start + h->interval * hi) + (hi == h->buckets - 1);
		vw = a > z ? a : z;
	} else {
		long a = jst_digits(jst_hist_log_value(lo)), z = jst_digits(jst_hist_log_value(hi));
		vw = a > z ? a : z;
	}
	if (vw < 5)
		vw = 5;

	jh_rep(&hb, ' ', vw - 5);
	jh_puts(&hb, "value |", 7);
	jh_rep(&hb, '-', JST_HIST_WIDTH);
	jh_puts(&hb, " count\n", 7);

	for (b = lo; b <= hi; b++) {
		const char *mark;
		int64_t label, bar;
		int k, from, to, empty = 1;

		/* a row is elided when it and its neighbours within JST_HIST_ELISION rows
		 * (inside the shown range) are all empty; a '~' row marks the gap */
		from = b - JST_HIST_ELISION > lo ? b - JST_HIST_ELISION : lo;
		to = b + JST_HIST_ELISION < hi ? b + JST_HIST_ELISION : hi;
		for (k = from; k <= to; k++)
			if (cnt[k])
				empty = 0;
		if (empty) {
			eliding = 1;
			continue;
		}
		if (eliding) {
			jh_rep(&hb, ' ', vw);
			jh_puts(&hb, " ~\n", 3);
			eliding = 0;
		}
		label = jst_bucket_label(h, b, &mark);
		jh_rep(&hb, ' ', vw - jst_digits(label) - (long)strlen(mark));
		jh_puts(&hb, mark, strlen(mark));
		jh_num(&hb, label, 0);
		jh_puts(&hb, " |", 2);
		bar = cnt[b] / scale;
		jh_rep(&hb, '@', (long)bar);
		jh_num(&hb, cnt[b], JST_HIST_WIDTH - (long)bar + 1 + cw);
		jh_puts(&hb, "\n", 1);
	}
	jh_puts(&hb, "\n", 1);
	return hb.len;
}

JST_FN void jst_hist_print(struct jst_context *c, const struct jst_stat *s,
                           const struct jst_stat_spec *spec, int h)
{
	/* format in pieces of the context's print buffer: measure first, then render */
	size_t need = jst_hist_format(NULL, 0, s, spec, h);
	size_t room;

	if (!need)
		return;
	room = sizeof(c->pbuf) - c->plen;
	if (need > room) {
		jst_out_flush(c);
		room = sizeof(c->pbuf);
	}
	if (need > room)
		need = room;     /* a histogram larger than the print buffer is cut */
	jst_hist_format(c->pbuf + c->plen, need, s, spec, h);
	c->plen += need;
}

JST_FN int64_t jst_hist_count(const struct jst_stat *s, const struct jst_stat_spec *spec, int h, int64_t i)
{
	if (!s || h < 0 || h >= spec->nhist || i < 0 || i >= spec->hist[h].buckets)
		return 0;
	return s->hist[spec->hist[h].first + i];
}

/* ---- scalar stat globals ---- */

JST_FN int jst_pstat_init(struct jst_pstat *ps, const struct jst_stat_spec *spec)
{
	int i, n = jst_ncpus();
	size_t sz;

	ps->spec = *spec;
	if (jst_stat_spec_init(&ps->spec))
		return -EINVAL;
	sz = jst_stat_size(&ps->spec);
	ps->cpu = jst_kzalloc(sizeof(*ps->cpu) * (size_t)n);
	ps->agg = jst_vzalloc(sz);
	if (!ps->cpu || !ps->agg)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!jst_cpu_possible(i))
			continue;
		ps->cpu[i] = jst_vzalloc(sz);
		if (!ps->cpu[i])
			goto fail;
	}
	return 0;
fail:
	jst_pstat_free(ps);
	return -ENOMEM;
}

JST_FN void jst_pstat_free(struct jst_pstat *ps)
{
	int i;

	if (ps->cpu) {
		for (i = 0; i < jst_ncpus(); i++)
			if (ps->cpu[i])
				jst_vfree(ps->cpu[i]);
		jst_kfree(ps->cpu);
	}
	if (ps->agg)
		jst_vfree(ps->agg);
	ps->cpu = NULL;
	ps->agg = NULL;
}

JST_FN void jst_pstat_add(struct jst_pstat *ps, int64_t v)
{
	struct jst_stat *s = ps->cpu[jst_cpu()];
	if (s)
		jst_stat_add(s, &ps->spec, v);
}

JST_FN struct jst_stat *jst_pstat_get(struct jst_pstat *ps)
{
	jst_stat_aggregate(ps->agg, ps->cpu, jst_ncpus(), &ps->spec);
	return ps->agg;
}

JST_FN void jst_pstat_clear(struct jst_pstat *ps)
{
	int i;
	for (i = 0; i < jst_ncpus(); i++)
		if (ps->cpu[i])
			jst_stat_clear(ps->cpu[i], &ps->spec);
	jst_stat_clear(ps->agg, &ps->spec);
}
