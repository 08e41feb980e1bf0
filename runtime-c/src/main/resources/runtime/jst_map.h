/* jst_map.h - preallocated hash maps (script arrays): keys are tuples of up to 9
 * long/string columns, the value is a long, a string or a stat. Capacity is the declared
 * size or MAXMAPENTRIES; a full map refuses new keys ("Array overflow") unless declared
 * with `%` (wrap), which evicts the first entry in the map's order. The order is insertion
 * order until a sorted foreach (on any key column or the value) sorts the map in place,
 * stably, as stap does: later unsorted iterations follow the last sort, new keys go last. */
#ifndef JST_MAP_H
#define JST_MAP_H
#include "jst_shim.h"
#include "jst_stat.h"

struct jst_context;

/* one key column value; the map's spec says which member is meaningful */
union jst_kv { int64_t n; const char *s; };

struct jst_map_spec {
	const char *name;              /* script name, for messages */
	int nkeys;                     /* 1..JST_MAX_KEYS */
	uint8_t keytype[JST_MAX_KEYS]; /* JST_T_LONG or JST_T_STRING */
	uint8_t valtype;               /* JST_T_LONG, JST_T_STRING or JST_T_STAT */
	uint32_t maxentries;           /* 0 = MAXMAPENTRIES */
	bool wrap;                     /* declared with % */
	struct jst_stat_spec stat;     /* valtype == JST_T_STAT */
	int iter_slots;                /* sort buffers: 0 = JST_MAP_SORT_SLOTS, -1 = never iterated */
};

struct jst_map {
	struct jst_map_spec spec;
	uint32_t max, nbuckets, count;
	uint32_t mask;                 /* nbuckets - 1 */
	uint32_t *buckets;             /* hash heads: entry index + 1, 0 = empty */
	char *pool;                    /* max entries of esize bytes */
	uintptr_t pool_base;           /* pool - esize: entry index + 1 times esize from here is the entry */
	size_t esize, koff[JST_MAX_KEYS], voff;
	uint32_t free_head;            /* free list (index + 1) */
	uint32_t oldest, newest;       /* the map's order: insertion or last sort (index + 1) */
	uint64_t next_seq;
	uint32_t *sortbuf[JST_MAP_SORT_SLOTS];
	unsigned long slots_busy;      /* bit per sortbuf */
};

/* an entry; keys and value follow at the map's offsets */
struct jst_map_entry {
	uint32_t hnext, older, newer, hash;
	uint64_t seq;                  /* insertion sequence: tie order, iterator validity */
};

/* The entry layout and the key hash, from the spec alone: jst_map.c uses them with the map's copy of the spec, the
 * inline paths below with the translator's static const one, where they fold to constants and straight code. */
#define JST_ALIGN8(x) (((x) + 7) & ~(size_t)7)
static __always_inline size_t jst_map_koff(const struct jst_map_spec *spec, int col)
{
	size_t off = JST_ALIGN8(sizeof(struct jst_map_entry));
	int k;

	for (k = 0; k < col; k++)
		off += spec->keytype[k] == JST_T_STRING ? JST_ALIGN8(MAXSTRINGLEN) : 8;
	return off;
}

static inline size_t jst_keylen(const char *s)
{
	size_t n = strlen(s);
	return n > MAXSTRINGLEN - 1 ? MAXSTRINGLEN - 1 : n;
}

/* A word at a time (was FNV-1a byte by byte: 8 multiplies per long key). The hash only ever meets itself (find
 * and insert, in this module), so any good mix will do; iteration order is by insertion, not hash. Between keys
 * the product's high bits are folded down; one long key costs a multiply and a fold. */
static __always_inline uint64_t jst_hash_mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x9e3779b97f4a7c15ull;
}

static __always_inline uint32_t jst_hash_keys_of(const struct jst_map_spec *spec, const union jst_kv *keys)
{
	uint64_t h = 0;
	int k;
	size_t i, n;

	for (k = 0; k < spec->nkeys; k++) {
		if (k)
			h ^= h >> 29;
		if (spec->keytype[k] == JST_T_STRING) {
			const char *s = keys[k].s ? keys[k].s : "";
			uint64_t w;
			n = jst_keylen(s);
			for (i = 0; i + 8 <= n; i += 8) {
				memcpy(&w, s + i, 8);
				h = jst_hash_mix(h, w);
				h ^= h >> 29;
			}
			w = 0;
			memcpy(&w, s + i, n - i);
			/* the length ends the key: "ab" then "c" differs from "a" then "bc" */
			h = jst_hash_mix(h, w ^ ((uint64_t)n << 56) ^ 0xff);
		} else {
			h = jst_hash_mix(h, (uint64_t)keys[k].n);
		}
	}
	return (uint32_t)(h ^ (h >> 32));
}

JST_FN int jst_map_init(struct jst_map *m, const struct jst_map_spec *spec);   /* 0 or -ENOMEM/-EINVAL */
JST_FN void jst_map_free(struct jst_map *m);
JST_FN void jst_map_clear(struct jst_map *m);                                  /* delete a */
static inline uint32_t jst_map_size(const struct jst_map *m) { return m->count; }
static inline uint32_t jst_map_capacity(const struct jst_map *m) { return m->max; }

/* lookup: NULL if absent */
JST_FN struct jst_map_entry *jst_map_find(struct jst_map *m, const union jst_kv *keys);
/* lookup or insert (value zeroed); NULL if full and not wrapping -> caller raises
 * jst_map_overflow(c, m) */
JST_FN struct jst_map_entry *jst_map_insert(struct jst_map *m, const union jst_kv *keys);
JST_FN void jst_map_remove(struct jst_map *m, struct jst_map_entry *e);
/* raise "Array overflow, check size limit (N)" */
JST_FN void jst_map_overflow(struct jst_context *c, const struct jst_map *m);

/* entry accessors */
JST_FN int64_t jst_entry_key_long(const struct jst_map *m, const struct jst_map_entry *e, int i);
JST_FN const char *jst_entry_key_str(const struct jst_map *m, const struct jst_map_entry *e, int i);
JST_FN int64_t *jst_entry_long(const struct jst_map *m, struct jst_map_entry *e);
JST_FN char *jst_entry_str(const struct jst_map *m, struct jst_map_entry *e);
JST_FN struct jst_stat *jst_entry_stat(const struct jst_map *m, struct jst_map_entry *e);

/* value operations with script semantics: reading an absent key gives 0 / "" and inserts
 * nothing; writes return 0 or -1 when the map is full (error already raised on c) */
JST_FN int64_t jst_map_get_long(struct jst_map *m, const union jst_kv *keys);
JST_FN const char *jst_map_get_str(struct jst_map *m, const union jst_kv *keys);
JST_FN int jst_map_set_long(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, int64_t v);
JST_FN int jst_map_set_str(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, const char *v);
/* a[k] += d (also ++/--); *result gets the new value */
JST_FN int jst_map_add_long(struct jst_context *c, struct jst_map *m, const union jst_kv *keys,
                            int64_t d, int64_t *result);
/* a[k] <<< v */
JST_FN int jst_map_stat_add(struct jst_context *c, struct jst_map *m, const union jst_kv *keys, int64_t v);
/* @count(a[k]) etc.: NULL if absent */
JST_FN struct jst_stat *jst_map_get_stat(struct jst_map *m, const union jst_kv *keys);
JST_FN int jst_map_exists(struct jst_map *m, const union jst_kv *keys);   /* [k] in a */
JST_FN int jst_map_delete(struct jst_map *m, const union jst_kv *keys);   /* delete a[k] */

/* slices: a[*, "x"] -- columns with their bit set in `wild` match anything */
struct jst_slice { uint16_t wild; union jst_kv keys[JST_MAX_KEYS]; };
JST_FN int jst_map_slice_match(const struct jst_map *m, const struct jst_map_entry *e,
                               const struct jst_slice *sl);
JST_FN int jst_map_exists_slice(struct jst_map *m, const struct jst_slice *sl);
JST_FN uint32_t jst_map_delete_slice(struct jst_map *m, const struct jst_slice *sl);

/* foreach. sort_col: JST_SORT_NONE, JST_SORT_VALUE, or key column 1..nkeys;
 * dir: +1 ascending, -1 descending; sort_agg: which statistic orders stat values;
 * limit < 0: no limit (0: nothing visited, nothing sorted). A sort reorders the map (see the
 * top of this file). As in stap, the iteration then follows the map's order list as it is
 * at each step (a sort inside the loop changes what comes next), and the limit counts every
 * element passed, slice or not. Keys inserted during the loop are not visited; deleting the
 * current element is safe. Returns 0, or -1 when more than JST_MAP_SORT_SLOTS iterations
 * over this map are active (error raised on c). */
#define JST_SORT_NONE  (-1)
#define JST_SORT_VALUE 0
struct jst_iter {
	struct jst_map *m;
	uint32_t cur, next;       /* last entry returned and its successor then (index + 1) */
	uint64_t cur_seq, next_seq, start_seq;
	int64_t left;             /* limit left, -1: none */
	bool started;
	int slot;                 /* sort slot held (scratch for sorting) */
	const struct jst_slice *slice;
};
JST_FN int jst_map_iter_start(struct jst_context *c, struct jst_map *m, struct jst_iter *it,
                              int sort_col, int dir, int sort_agg, int64_t limit,
                              const struct jst_slice *slice);
JST_FN struct jst_map_entry *jst_map_iter_next(struct jst_iter *it);
JST_FN void jst_map_iter_end(struct jst_iter *it);

/* An array of stats filled from several CPUs: one map per CPU, merged on read. */
struct jst_pmap {
	struct jst_map **cpu;     /* [jst_ncpus()] */
	struct jst_map agg;
};
JST_FN int jst_pmap_init(struct jst_pmap *pm, const struct jst_map_spec *spec);
JST_FN void jst_pmap_free(struct jst_pmap *pm);
/* a[k] <<< v on this CPU's map (read lock of the global suffices) */
JST_FN int jst_pmap_add(struct jst_context *c, struct jst_pmap *pm, const union jst_kv *keys, int64_t v);
/* the same with the map's spec known at compile time (the translator's static const spec): keys of longs and a
 * statistic without histograms are found and added to inline (the spec folds the layout, the hash and the
 * compares to constants and a few instructions), a new key goes through jst_map_insert; anything else is
 * jst_pmap_add */
static __always_inline int jst_pmap_add_spec(struct jst_context *c, struct jst_pmap *pm,
                                             const struct jst_map_spec *spec, const union jst_kv *keys, int64_t v);
/* merge all CPUs into pm->agg and return it (write lock); reads and foreach use the result */
JST_FN struct jst_map *jst_pmap_aggregate(struct jst_context *c, struct jst_pmap *pm);
JST_FN void jst_pmap_clear(struct jst_pmap *pm);
JST_FN int jst_pmap_delete(struct jst_pmap *pm, const union jst_kv *keys);

static __always_inline int jst_pmap_add_spec(struct jst_context *c, struct jst_pmap *pm,
                                             const struct jst_map_spec *spec, const union jst_kv *keys, int64_t v)
{
	const size_t voff = jst_map_koff(spec, spec->nkeys);
	const size_t esize = JST_ALIGN8(voff + sizeof(struct jst_stat));
	struct jst_map *m;
	struct jst_map_entry *e;
	struct jst_stat *s;
	uint32_t h, i;
	int k;

	for (k = 0; k < spec->nkeys; k++)
		if (spec->keytype[k] != JST_T_LONG)
			return jst_pmap_add(c, pm, keys, v);
	if (spec->valtype != JST_T_STAT || spec->stat.nhist)
		return jst_pmap_add(c, pm, keys, v);
	/* every possible CPU has its map (jst_pmap_init fails otherwise, before any probe is registered) */
	m = pm->cpu[(unsigned int)jst_cpu()];
	h = jst_hash_keys_of(spec, keys);
	for (i = m->buckets[h & m->mask]; i; i = e->hnext) {
		e = (struct jst_map_entry *)(m->pool_base + (uintptr_t)i * esize);
		if (e->hash != h)
			continue;
		for (k = 0; k < spec->nkeys; k++)
			if (*(const int64_t *)((const char *)e + jst_map_koff(spec, k)) != keys[k].n)
				break;
		if (k == spec->nkeys)
			goto found;
	}
	/* a new key */
	return jst_map_stat_add(c, m, keys, v);
found:
	/* A key in a CPU's map has had a value added (only <<< inserts there, adding at once): count >= 1, so the
	 * first value's set-up is never due here. */
	s = (struct jst_stat *)((char *)e + voff);
	if (!spec->stat.no_variance) {
		jst_stat_add(s, &m->spec.stat, v);
	} else {
		/* jst_stat_add's common case: no running variance, no histogram */
		s->count++;
		s->sum = (int64_t)((uint64_t)s->sum + (uint64_t)v);
		if (v < s->min)
			s->min = v;
		if (v > s->max)
			s->max = v;
	}
	return 0;
}

#endif
