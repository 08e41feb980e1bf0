/* jst_map.c - preallocated hash maps for script arrays. */
#include "jst_map.h"
#include "jst_context.h"

static inline struct jst_map_entry *jst_ent(const struct jst_map *m, uint32_t idx1)
{
	return (struct jst_map_entry *)(m->pool + (size_t)(idx1 - 1) * m->esize);
}

static inline uint32_t jst_ent_idx1(const struct jst_map *m, const struct jst_map_entry *e)
{
	return (uint32_t)(((const char *)e - m->pool) / m->esize) + 1;
}

JST_FN int jst_map_init(struct jst_map *m, const struct jst_map_spec *spec)
{
	size_t off;
	int k, slots;

	memset(m, 0, sizeof(*m));
	m->spec = *spec;
	if (spec->nkeys < 1 || spec->nkeys > JST_MAX_KEYS)
		return -EINVAL;
	if (spec->valtype == JST_T_STAT && jst_stat_spec_init(&m->spec.stat))
		return -EINVAL;
	m->max = spec->maxentries ? spec->maxentries : MAXMAPENTRIES;
	for (m->nbuckets = 16; m->nbuckets < m->max; m->nbuckets <<= 1)
		;
	m->mask = m->nbuckets - 1;
	/* the layout jst_pmap_add_spec assumes too */
	for (k = 0; k < spec->nkeys; k++)
		m->koff[k] = jst_map_koff(spec, k);
	off = m->voff = jst_map_koff(spec, spec->nkeys);
	if (spec->valtype == JST_T_STRING)
		off += JST_ALIGN8(MAXSTRINGLEN);
	else if (spec->valtype == JST_T_STAT)
		off += JST_ALIGN8(jst_stat_size(&m->spec.stat));
	else
		off += 8;
	m->esize = JST_ALIGN8(off);
	m->buckets = jst_vzalloc(sizeof(uint32_t) * m->nbuckets);
	m->pool = jst_vzalloc(m->esize * m->max);
	if (!m->buckets || !m->pool)
		goto fail;
	m->pool_base = (uintptr_t)m->pool - m->esize;
	slots = spec->iter_slots ? spec->iter_slots : JST_MAP_SORT_SLOTS;
	if (slots > JST_MAP_SORT_SLOTS)
		slots = JST_MAP_SORT_SLOTS;
	for (k = 0; k < slots && spec->iter_slots >= 0; k++) {
		/* per slot: max entry indexes, then max seqs */
		m->sortbuf[k] = jst_vzalloc((sizeof(uint32_t) + sizeof(uint64_t)) * m->max + 8);
		if (!m->sortbuf[k])
			goto fail;
	}
	jst_map_clear(m);
	return 0;
fail:
	jst_map_free(m);
	return -ENOMEM;
}

JST_FN void jst_map_free(struct jst_map *m)
{
	int k;

	if (m->buckets)
		jst_vfree(m->buckets);
	if (m->pool)
		jst_vfree(m->pool);
	for (k = 0; k < JST_MAP_SORT_SLOTS; k++)
		if (m->sortbuf[k])
			jst_vfree(m->sortbuf[k]);
	m->buckets = NULL;
	m->pool = NULL;
	memset(m->sortbuf, 0, sizeof(m->sortbuf));
}

JST_FN void jst_map_clear(struct jst_map *m)
{
	uint32_t i;

	memset(m->buckets, 0, sizeof(uint32_t) * m->nbuckets);
	for (i = 1; i <= m->max; i++) {
		struct jst_map_entry *e = jst_ent(m, i);
		e->seq = 0;
		e->hnext = i < m->max ? i + 1 : 0;
	}
	m->free_head = 1;
	m->oldest = m->newest = 0;
	m->count = 0;
	if (!m->next_seq)
		m->next_seq = 1;
}

static uint32_t jst_hash_keys(const struct jst_map *m, const union jst_kv *keys)
{
	return jst_hash_keys_of(&m->spec, keys);
}

static int jst_keys_equal(const struct jst_map *m, const struct jst_map_entry *e,
			  const union jst_kv *keys)
{
	int k;

	for (k = 0; k < m->spec.nkeys; k++) {
		const char *p = (const char *)e + m->koff[k];
		if (m->spec.keytype[k] == JST_T_STRING) {
			const char *s = keys[k].s ? keys[k].s : "";
			size_t n = jst_keylen(s);
			if (strncmp(p, s, n) != 0 || p[n] != '\0')
				return 0;
		} else {
			int64_t v;
			memcpy(&v, p, 8);
			if (v != keys[k].n)
				return 0;
		}
	}
	return 1;
}

JST_FN struct jst_map_entry *jst_map_find(struct jst_map *m, const union jst_kv *keys)
{
	uint32_t h = jst_hash_keys(m, keys), i;

	for (i = m->buckets[h & (m->nbuckets - 1)]; i; ) {
		struct jst_map_entry *e = jst_ent(m, i);
		if (e->hash == h && jst_keys_equal(m, e, keys))
			return e;
		i = e->hnext;
	}
	return NULL;
}

JST_FN void jst_map_remove(struct jst_map *m, struct jst_map_entry *e)
{
	uint32_t idx = jst_ent_idx1(m, e);
	uint32_t *link = &m->buckets[e->hash & (m->nbuckets - 1)];

	while (*link && *link != idx)
		link = &jst_ent(m, *link)->hnext;
	if (*link)
		*link = e->hnext;
	if (e->older)
		jst_ent(m, e->older)->newer = e->newer;
	else
		m->oldest = e->newer;
	if (e->newer)
		jst_ent(m, e->newer)->older = e->older;
	else
		m->newest = e->older;
	e->seq = 0;
	e->hnext = m->free_head;
	m->free_head = idx;
	m->count--;
}

JST_FN struct jst_map_entry *jst_map_insert(struct jst_map *m, const union jst_kv *keys)
{
	struct jst_map_entry *e = jst_map_find(m, keys);
	uint32_t h, idx, b;
	int k;

	if (e)
		return e;
	if (!m->free_head) {
		if (!m->spec.wrap || !m->oldest)
			return NULL;
		jst_map_remove(m, jst_ent(m, m->oldest));   /* `%` arrays drop their oldest entry */
	}
	idx = m->free_head;
	e = jst_ent(m, idx);
	m->free_head = e->hnext;
	memset(e, 0, m->esize);
	h = jst_hash_keys(m, keys);
	for (k = 0; k < m->spec.nkeys; k++) {
		char *p = (char *)e + m->koff[k];
		if (m->spec.keytype[k] == JST_T_STRING) {
			const char *s = keys[k].s ? keys[k].s : "";
			size_t n = jst_keylen(s);
			memcpy(p, s, n);
			p[n] = '\0';
		} else {
			memcpy(p, &keys[k].n, 8);
		}
	}
	e->hash = h;
	e->seq = m->next_seq++;
	b = h & (m->nbuckets - 1);
	e->hnext = m->buckets[b];
	m->buckets[b] = idx;
	e->older = m->newest;
	e->newer = 0;
	if (m->newest)
		jst_ent(m, m->newest)->newer = idx;
	else
		m->oldest = idx;
	m->newest = idx;
	m->count++;
	return e;
}

JST_FN void jst_map_overflow(struct jst_context *c, const struct jst_map *m)
{
	jst_error(c, "Array overflow, check size limit (%u)", m->max);
}

JST_FN int64_t jst_entry_key_long(const struct jst_map *m, const struct jst_map_entry *e, int i)
{
	int64_t v;
	memcpy(&v, (const char *)e + m->koff[i], 8);
	return v;
}

JST_FN const char *jst_entry_key_str(const struct jst_map *m, const struct jst_map_entry *e, int i)
{
	return (const char *)e + m->koff[i];
}

JST_FN int64_t *jst_entry_long(const struct jst_map *m, struct jst_map_entry *e)
{
	return (int64_t *)((char *)e + m->voff);
}

JST_FN char *jst_entry_str(const struct jst_map *m, struct jst_map_entry *e)
{
	return (char *)e + m->voff;
}

JST_FN struct jst_stat *jst_entry_stat(const struct jst_map *m, struct jst_map_entry *e)
{
	return (struct jst_stat *)((char *)e + m->voff);
}

JST_FN int64_t jst_map_get_long(struct jst_map *m, const union jst_kv *keys)
{
	struct jst_map_entry *e = jst_map_find(m, keys);
	return e ? *jst_entry_long(m, e) : 0;
}

JST_FN const char *jst_map_get_str(struct jst_map *m, const union jst_kv *keys)
{
	struct jst_map_entry *e = jst_map_find(m, keys);
	return e ? jst_entry_str(m, e) : "";
}

JST_FN int jst_map_set_long(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, int64_t v)
{
	struct jst_map_entry *e = jst_map_insert(m, keys);
	if (!e) {
		jst_map_overflow(c, m);
		return -1;
	}
	*jst_entry_long(m, e) = v;
	return 0;
}

JST_FN int jst_map_set_str(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, const char *v)
{
	struct jst_map_entry *e = jst_map_insert(m, keys);
	if (!e) {
		jst_map_overflow(c, m);
		return -1;
	}
	jst_strcpy(jst_entry_str(m, e), v);
	return 0;
}

JST_FN int jst_map_add_long(struct jst_context *c, struct jst_map *m, const union jst_kv *keys,
                            int64_t d, int64_t *result)
{
	struct jst_map_entry *e = jst_map_insert(m, keys);
	int64_t *v;
	if (!e) {
		jst_map_overflow(c, m);
		return -1;
	}
	v = jst_entry_long(m, e);
	*v = (int64_t)((uint64_t)*v + (uint64_t)d);
	if (result)
		*result = *v;
	return 0;
}

JST_FN int jst_map_stat_add(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, int64_t v)
{
	struct jst_map_entry *e = jst_map_insert(m, keys);
	if (!e) {
		jst_map_overflow(c, m);
		return -1;
	}
	jst_stat_add(jst_entry_stat(m, e), &m->spec.stat, v);
	return 0;
}

JST_FN struct jst_stat *jst_map_get_stat(struct jst_map *m, const union jst_kv *keys)
{
	struct jst_map_entry *e = jst_map_find(m, keys);
	return e ? jst_entry_stat(m, e) : NULL;
}

JST_FN int jst_map_exists(struct jst_map *m, const union jst_kv *keys)
{
	return jst_map_find(m, keys) != NULL;
}

JST_FN int jst_map_delete(struct jst_map *m, const union jst_kv *keys)
{
	struct jst_map_entry *e = jst_map_find(m, keys);
	if (!e)
		return 0;
	jst_map_remove(m, e);
	return 1;
}

JST_FN int jst_map_slice_match(const struct jst_map *m, const struct jst_map_entry *e,
                               const struct jst_slice *sl)
{
	int k;

	if (!sl)
		return 1;
	for (k = 0; k < m->spec.nkeys; k++) {
		if (sl->wild & (1u << k))
			continue;
		if (m->spec.keytype[k] == JST_T_STRING) {
			const char *s = sl->keys[k].s ? sl->keys[k].s : "";
			size_t n = jst_keylen(s);
			const char *p = jst_entry_key_str(m, e, k);
			if (strncmp(p, s, n) != 0 || p[n] != '\0')
				return 0;
		} else if (jst_entry_key_long(m, e, k) != sl->keys[k].n) {
			return 0;
		}
	}
	return 1;
}

JST_FN int jst_map_exists_slice(struct jst_map *m, const struct jst_slice *sl)
{
	uint32_t i;
	for (i = m->oldest; i; i = jst_ent(m, i)->newer)
		if (jst_map_slice_match(m, jst_ent(m, i), sl))
			return 1;
	return 0;
}

JST_FN uint32_t jst_map_delete_slice(struct jst_map *m, const struct jst_slice *sl)
{
	uint32_t i, next, n = 0;
	for (i = m->oldest; i; i = next) {
		struct jst_map_entry *e = jst_ent(m, i);
		next = e->newer;
		if (jst_map_slice_match(m, e, sl)) {
			jst_map_remove(m, e);
			n++;
		}
	}
	return n;
}

/* ---- sorted iteration ---- */

struct jst_sortctx {
	const struct jst_map *m;
	int col, dir, agg;
	const uint64_t *pos2idx;
};

/* ia, ib: positions in the map's current order; pos2idx maps them to entry indexes */
static int jst_cmp_entries(const struct jst_sortctx *s, uint32_t ia, uint32_t ib)
{
	const struct jst_map *m = s->m;
	struct jst_map_entry *a = jst_ent(m, (uint32_t)s->pos2idx[ia]), *b = jst_ent(m, (uint32_t)s->pos2idx[ib]);
	int r = 0;

	if (s->col > 0) {
		int k = s->col - 1;
		if (m->spec.keytype[k] == JST_T_STRING)
			r = jst_strcmp(jst_entry_key_str(m, a, k), jst_entry_key_str(m, b, k));
		else {
			int64_t x = jst_entry_key_long(m, a, k), y = jst_entry_key_long(m, b, k);
			r = x < y ? -1 : x > y;
		}
	} else if (s->col == JST_SORT_VALUE) {
		if (m->spec.valtype == JST_T_STRING) {
			r = jst_strcmp(jst_entry_str(m, a), jst_entry_str(m, b));
		} else {
			int64_t x, y;
			if (m->spec.valtype == JST_T_STAT) {
				x = jst_stat_get(NULL, jst_entry_stat(m, a), s->agg);
				y = jst_stat_get(NULL, jst_entry_stat(m, b), s->agg);
			} else {
				x = *jst_entry_long(m, a);
				y = *jst_entry_long(m, b);
			}
			r = x < y ? -1 : x > y;
		}
	}
	r *= s->dir;
	if (r == 0)           /* ties keep the current order, whatever the direction: a stable sort */
		r = ia < ib ? -1 : ia > ib;
	return r;
}

static void jst_sift_down(const struct jst_sortctx *s, uint32_t *v, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2 * root + 1, t;
		if (child >= n)
			return;
		if (child + 1 < n && jst_cmp_entries(s, v[child], v[child + 1]) < 0)
			child++;
		if (jst_cmp_entries(s, v[root], v[child]) >= 0)
			return;
		t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

/* heapsort over positions: no extra memory, O(n log n); the position tie-break makes it stable */
static void jst_sort_idx(const struct jst_sortctx *s, uint32_t *v, uint32_t n)
{
	uint32_t i, t;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0; )
		jst_sift_down(s, v, i, n);
	for (i = n - 1; i > 0; i--) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		jst_sift_down(s, v, 0, i);
	}
}

/* Append entry index e1 to the order list being rebuilt (prev: the last one linked, 0 = none). */
static uint32_t jst_relink(struct jst_map *m, uint32_t prev, uint32_t e1)
{
	struct jst_map_entry *e = jst_ent(m, e1);
	e->older = prev;
	e->newer = 0;
	if (prev)
		jst_ent(m, prev)->newer = e1;
	else
		m->oldest = e1;
	m->newest = e1;
	return e1;
}

#define JST_PUSHED 0x80000000u
#define JST_MAP_TOPN_MAX 30      /* largest foreach limit that sorts only the front (stap's cut-off) */

/* A sorted foreach sorts the map itself, as stap does: stably over its current order, so later
 * unsorted iterations, slices and `%` eviction follow the last sort (new keys still go last).
 * With a limit 1..JST_MAP_TOPN_MAX smaller than the map, only the best `limit` entries move to
 * the front, sorted; the entries pushed out of that block follow it (the last pushed out first),
 * then the rest in their current order. Works in a sort slot: pos (m->max uint32) holds
 * positions in the current order, pos2idx (m->max uint64) maps positions to entry indexes. */
static void jst_map_sort(struct jst_map *m, uint32_t *pos, uint64_t *pos2idx,
			 int sort_col, int dir, int sort_agg, int64_t limit)
{
	struct jst_sortctx s = { m, sort_col, dir < 0 ? -1 : 1, sort_agg, pos2idx };
	uint32_t i, j, total = 0, prev = 0;

	for (i = m->oldest; i; i = jst_ent(m, i)->newer) {
		pos2idx[total] = i;
		pos[total] = total;
		total++;
	}
	if (limit > 0 && limit <= JST_MAP_TOPN_MAX && (uint64_t)limit < total) {
		uint32_t n = (uint32_t)limit;
		jst_sort_idx(&s, pos, n);
		for (j = n; j < total; j++) {
			uint32_t at, out;
			if (jst_cmp_entries(&s, pos[n - 1], j) <= 0)
				continue;                  /* pos[j] == j: stays in the rest */
			out = pos[n - 1];
			for (at = n - 1; at > 0 && jst_cmp_entries(&s, pos[at - 1], j) > 0; at--)
				pos[at] = pos[at - 1];
			pos[at] = j;
			pos[j] = out | JST_PUSHED;         /* j's old slot keeps who it pushed out */
		}
		for (i = 0; i < n; i++)
			prev = jst_relink(m, prev, (uint32_t)pos2idx[pos[i]]);
		for (j = total; j-- > n; )
			if (pos[j] & JST_PUSHED)
				prev = jst_relink(m, prev, (uint32_t)pos2idx[pos[j] & ~JST_PUSHED]);
		for (j = n; j < total; j++)
			if (!(pos[j] & JST_PUSHED))
				prev = jst_relink(m, prev, (uint32_t)pos2idx[j]);
	} else {
		jst_sort_idx(&s, pos, total);
		for (i = 0; i < total; i++)
			prev = jst_relink(m, prev, (uint32_t)pos2idx[pos[i]]);
	}
}

JST_FN int jst_map_iter_start(struct jst_context *c, struct jst_map *m, struct jst_iter *it,
                              int sort_col, int dir, int sort_agg, int64_t limit,
                              const struct jst_slice *slice)
{
	int slot;

	memset(it, 0, sizeof(*it));
	it->slot = -1;
	for (slot = 0; slot < JST_MAP_SORT_SLOTS; slot++) {
		if (m->sortbuf[slot] && !jst_test_and_set_bit(slot, &m->slots_busy))
			break;
	}
	if (slot == JST_MAP_SORT_SLOTS) {
		jst_error(c, "too many nested foreach loops over array %s (JST_MAP_SORT_SLOTS %d)",
			  m->spec.name ? m->spec.name : "?", JST_MAP_SORT_SLOTS);
		return -1;
	}
	it->m = m;
	it->slot = slot;
	it->slice = slice;
	it->left = limit < 0 ? -1 : limit;
	it->start_seq = m->next_seq;
	if (sort_col != JST_SORT_NONE && limit != 0 && m->count > 1) {
		uint32_t *pos = m->sortbuf[slot];
		jst_map_sort(m, pos, (uint64_t *)JST_ALIGN8((size_t)(pos + m->max)), sort_col, dir, sort_agg, limit);
	}
	return 0;
}

JST_FN struct jst_map_entry *jst_map_iter_next(struct jst_iter *it)
{
	struct jst_map *m = it->m;

	for (;;) {
		uint32_t i;
		struct jst_map_entry *e;
		if (!it->started) {
			it->started = true;
			i = m->oldest;
		} else if (it->cur && jst_ent(m, it->cur)->seq == it->cur_seq) {
			i = jst_ent(m, it->cur)->newer;
		} else if (it->next && jst_ent(m, it->next)->seq == it->next_seq) {
			i = it->next;           /* the current one was deleted: go on at its successor */
		} else {
			i = 0;
		}
		if (!i || it->left == 0) {
			it->cur = 0;
			it->next = 0;
			it->started = true;
			return NULL;
		}
		e = jst_ent(m, i);
		it->cur = i;
		it->cur_seq = e->seq;
		it->next = e->newer;
		it->next_seq = e->newer ? jst_ent(m, e->newer)->seq : 0;
		if (e->seq >= it->start_seq)
			continue;               /* inserted during the loop */
		if (it->left > 0)
			it->left--;
		if (jst_map_slice_match(m, e, it->slice))
			return e;
	}
}

JST_FN void jst_map_iter_end(struct jst_iter *it)
{
	if (it->m && it->slot >= 0)
		jst_clear_bit(it->slot, &it->m->slots_busy);
	it->m = NULL;
	it->slot = -1;
}

/* ---- per-CPU arrays of stats ---- */

JST_FN int jst_pmap_init(struct jst_pmap *pm, const struct jst_map_spec *spec)
{
	int i, n = jst_ncpus(), rc;
	struct jst_map_spec cpu_spec = *spec;

	memset(pm, 0, sizeof(*pm));
	cpu_spec.iter_slots = -1;            /* only the aggregate is iterated */
	pm->cpu = jst_kzalloc(sizeof(*pm->cpu) * (size_t)n);
	if (!pm->cpu)
		return -ENOMEM;
	rc = jst_map_init(&pm->agg, spec);
	if (rc)
		goto fail;
	for (i = 0; i < n; i++) {
		if (!jst_cpu_possible(i))
			continue;
		pm->cpu[i] = jst_kzalloc(sizeof(struct jst_map));
		if (!pm->cpu[i]) {
			rc = -ENOMEM;
			goto fail;
		}
		rc = jst_map_init(pm->cpu[i], &cpu_spec);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	jst_pmap_free(pm);
	return rc;
}

JST_FN void jst_pmap_free(struct jst_pmap *pm)
{
	int i;

	if (pm->cpu) {
		for (i = 0; i < jst_ncpus(); i++) {
			if (pm->cpu[i]) {
				jst_map_free(pm->cpu[i]);
				jst_kfree(pm->cpu[i]);
			}
		}
		jst_kfree(pm->cpu);
		pm->cpu = NULL;
	}
	jst_map_free(&pm->agg);
}

JST_FN int jst_pmap_add(struct jst_context *c, struct jst_pmap *pm, const union jst_kv *keys, int64_t v)
{
	struct jst_map *m = pm->cpu[jst_cpu()];
	return m ? jst_map_stat_add(c, m, keys, v) : 0;
}

JST_FN struct jst_map *jst_pmap_aggregate(struct jst_context *c, struct jst_pmap *pm)
{
	union jst_kv keys[JST_MAX_KEYS];
	struct jst_map *agg = &pm->agg;
	int cpu, k;

	jst_map_clear(agg);
	for (cpu = 0; cpu < jst_ncpus(); cpu++) {
		struct jst_map *m = pm->cpu[cpu];
		uint32_t i;
		if (!m)
			continue;
		for (i = m->oldest; i; i = jst_ent(m, i)->newer) {
			struct jst_map_entry *e = jst_ent(m, i), *d;
			for (k = 0; k < m->spec.nkeys; k++) {
				if (m->spec.keytype[k] == JST_T_STRING)
					keys[k].s = jst_entry_key_str(m, e, k);
				else
					keys[k].n = jst_entry_key_long(m, e, k);
			}
			d = jst_map_insert(agg, keys);
			if (!d) {
				jst_map_overflow(c, agg);
				return agg;
			}
			jst_stat_merge(jst_entry_stat(agg, d), jst_entry_stat(m, e), &agg->spec.stat);
		}
	}
	return agg;
}

JST_FN void jst_pmap_clear(struct jst_pmap *pm)
{
	int i;
	for (i = 0; i < jst_ncpus(); i++)
		if (pm->cpu[i])
			jst_map_clear(pm->cpu[i]);
	jst_map_clear(&pm->agg);
}

JST_FN int jst_pmap_delete(struct jst_pmap *pm, const union jst_kv *keys)
{
	int i, found = 0;
	for (i = 0; i < jst_ncpus(); i++)
		if (pm->cpu[i])
			found |= jst_map_delete(pm->cpu[i], keys);
	jst_map_delete(&pm->agg, keys);
	return found;
}
