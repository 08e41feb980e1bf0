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
	uint32_t *buckets;             /* hash heads: entry index + 1, 0 = empty */
	char *pool;                    /* max entries of esize bytes */
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
/* merge all CPUs into pm->agg and return it (write lock); reads and foreach use the result */
JST_FN struct jst_map *jst_pmap_aggregate(struct jst_context *c, struct jst_pmap *pm);
JST_FN void jst_pmap_clear(struct jst_pmap *pm);
JST_FN int jst_pmap_delete(struct jst_pmap *pm, const union jst_kv *keys);

#endif
