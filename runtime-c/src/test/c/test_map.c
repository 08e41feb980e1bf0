/* maps: insert/lookup/delete, overflow, wrap, sorted foreach, slices, stat arrays */
#include "harness.h"

static struct jst_context *ctx;
static unsigned long ctx_flags;
static const struct jst_probe probe = { "begin", NULL, 0 };

static void enter(void)
{
	ctx = jst_probe_enter(&probe, JST_STATE_RUNNING, &ctx_flags);
	if (!ctx) {
		printf("FAIL: probe did not enter\n");
		exit(1);
	}
}
static void leave(void) { jst_probe_exit(ctx, ctx_flags); }

static void dump(struct jst_map *m, const char *title, int col, int dir, int agg, int64_t limit,
		 const struct jst_slice *sl)
{
	struct jst_iter it;
	struct jst_map_entry *e;

	printf("--- %s\n", title);
	if (jst_map_iter_start(ctx, m, &it, col, dir, agg, limit, sl)) {
		printf("(iter_start failed)\n");
		return;
	}
	while ((e = jst_map_iter_next(&it))) {
		int k;
		for (k = 0; k < m->spec.nkeys; k++) {
			if (m->spec.keytype[k] == JST_T_STRING)
				printf("%s%s", k ? "," : "", jst_entry_key_str(m, e, k));
			else
				printf("%s%lld", k ? "," : "", (long long)jst_entry_key_long(m, e, k));
		}
		if (m->spec.valtype == JST_T_LONG)
			printf(" = %lld\n", (long long)*jst_entry_long(m, e));
		else if (m->spec.valtype == JST_T_STRING)
			printf(" = %s\n", jst_entry_str(m, e));
		else {
			struct jst_stat *s = jst_entry_stat(m, e);
			printf(" count=%lld sum=%lld\n", (long long)s->count, (long long)s->sum);
		}
	}
	jst_map_iter_end(&it);
}

int main(void)
{
	struct jst_map m, w, s2, ss;
	struct jst_map_spec spec = { .name = "a", .nkeys = 2, .keytype = { JST_T_STRING, JST_T_LONG },
				     .valtype = JST_T_LONG, .maxentries = 8 };
	struct jst_map_spec wspec = { .name = "w", .nkeys = 1, .keytype = { JST_T_LONG },
				      .valtype = JST_T_LONG, .maxentries = 3, .wrap = true };
	struct jst_map_spec sspec = { .name = "s", .nkeys = 1, .keytype = { JST_T_LONG },
				      .valtype = JST_T_STRING };
	struct jst_map_spec stspec = { .name = "st", .nkeys = 1, .keytype = { JST_T_STRING },
				       .valtype = JST_T_STAT, .stat = { .nhist = 2, .hist = {
					       { .type = JST_HIST_LOG },
					       { .type = JST_HIST_LINEAR, .start = 0, .stop = 12, .interval = 4 } } } };
	struct jst_pmap pm;
	int64_t r;
	int i;

	CHECK(jst_contexts_alloc(0) == 0);
	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	enter();

	CHECK(jst_map_init(&m, &spec) == 0);
	CHECK(jst_map_capacity(&m) == 8);
	{
		union jst_kv k1[] = { { .s = "read" }, { .n = 1 } }, k2[] = { { .s = "write" }, { .n = 2 } },
			k3[] = { { .s = "open" }, { .n = 1 } }, k4[] = { { .s = "read" }, { .n = 2 } },
			k5[] = { { .s = "close" }, { .n = 3 } };
		CHECK(jst_map_get_long(&m, k1) == 0);
		CHECK(jst_map_size(&m) == 0);            /* reading does not insert */
		CHECK(jst_map_set_long(ctx, &m, k1, 10) == 0);
		CHECK(jst_map_set_long(ctx, &m, k2, 30) == 0);
		CHECK(jst_map_set_long(ctx, &m, k3, 20) == 0);
		CHECK(jst_map_set_long(ctx, &m, k4, 20) == 0);
		CHECK(jst_map_add_long(ctx, &m, k5, 5, &r) == 0 && r == 5);
		CHECK(jst_map_add_long(ctx, &m, k5, 1, &r) == 0 && r == 6);
		CHECK(jst_map_get_long(&m, k1) == 10);
		CHECK(jst_map_exists(&m, k2) && jst_map_size(&m) == 5);
		dump(&m, "insertion order", JST_SORT_NONE, 1, 0, -1, NULL);
		dump(&m, "by value ascending (ties in insertion order)", JST_SORT_VALUE, 1, 0, -1, NULL);
		dump(&m, "by value descending, limit 3", JST_SORT_VALUE, -1, 0, 3, NULL);
		dump(&m, "by key 1 ascending", 1, 1, 0, -1, NULL);
		dump(&m, "by key 2 descending", 2, -1, 0, -1, NULL);
		{
			struct jst_slice sl = { .wild = 1, .keys = { { .s = NULL }, { .n = 1 } } };
			struct jst_slice sl2 = { .wild = 2, .keys = { { .s = "read" }, { .n = 0 } } };
			struct jst_slice sl3 = { .wild = 2, .keys = { { .s = "nothing" }, { .n = 0 } } };
			dump(&m, "slice [*, 1]", JST_SORT_NONE, 1, 0, -1, &sl);
			CHECK(jst_map_exists_slice(&m, &sl2) && !jst_map_exists_slice(&m, &sl3));
			CHECK(jst_map_delete_slice(&m, &sl2) == 2);
			dump(&m, "after delete [\"read\", *]", JST_SORT_NONE, 1, 0, -1, NULL);
		}
		CHECK(jst_map_delete(&m, k2) == 1 && jst_map_delete(&m, k2) == 0);
		/* delete while iterating: later entries that were deleted are skipped */
		{
			struct jst_iter it;
			struct jst_map_entry *e;
			int seen = 0;
			CHECK(jst_map_iter_start(ctx, &m, &it, JST_SORT_NONE, 1, 0, -1, NULL) == 0);
			while ((e = jst_map_iter_next(&it))) {
				seen++;
				jst_map_delete(&m, k3);   /* the last one (close, open after the sorts) */
			}
			jst_map_iter_end(&it);
			CHECK(seen == 1);
		}
		/* nested iterations use separate sort slots; too many is an error */
		{
			struct jst_iter its[JST_MAP_SORT_SLOTS + 1];
			for (i = 0; i < JST_MAP_SORT_SLOTS; i++)
				CHECK(jst_map_iter_start(ctx, &m, &its[i], JST_SORT_VALUE, 1, 0, -1, NULL) == 0);
			CHECK(jst_map_iter_start(ctx, &m, &its[i], JST_SORT_VALUE, 1, 0, -1, NULL) == -1);
			CHECK(jst_failed(ctx));
			for (i = 0; i < JST_MAP_SORT_SLOTS; i++)
				jst_map_iter_end(&its[i]);
			ctx->last_error = NULL;
		}
		/* fill to capacity: the next new key overflows */
		jst_map_clear(&m);
		for (i = 0; i < 8; i++) {
			union jst_kv k[] = { { .s = "k" }, { .n = i } };
			CHECK(jst_map_set_long(ctx, &m, k, i) == 0);
		}
		{
			union jst_kv k[] = { { .s = "k" }, { .n = 99 } }, old[] = { { .s = "k" }, { .n = 3 } };
			CHECK(jst_map_set_long(ctx, &m, old, 33) == 0);    /* existing keys still update */
			ctx->last_stmt = "identifier 'a' at t.stp:2:39";
			CHECK(jst_map_set_long(ctx, &m, k, 1) == -1);
			CHECK(jst_failed(ctx));
		}
	}
	leave();       /* prints the overflow error; with MAXERRORS 0 the session is now in error */
	CHECK(jst_state() == JST_STATE_ERROR && atomic_read(&jst_session.exit_requested) == 1);
	CHECK(atomic_read(&jst_session.error_count) == 1);
	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	enter();

	/* wrap: oldest entries are evicted */
	CHECK(jst_map_init(&w, &wspec) == 0);
	for (i = 1; i <= 5; i++) {
		union jst_kv k[] = { { .n = i * 10 } };
		CHECK(jst_map_set_long(ctx, &w, k, i) == 0);
	}
	dump(&w, "wrap, size 3, after 5 inserts", JST_SORT_NONE, 1, 0, -1, NULL);

	/* a sorted foreach sorts the map itself (stably, over its current order), as stap 4.8 does;
	 * the orders below are what stap printed for the same steps (oracle/probes/foreach_sort_*) */
	{
		struct jst_map o, ow;
		struct jst_map_spec ospec = { .name = "o", .nkeys = 1, .keytype = { JST_T_STRING },
					      .valtype = JST_T_LONG, .maxentries = 8 };
		struct jst_map_spec owspec = ospec;
		static const char *names[] = { "a", "b", "c", "d", "e", "f", "g" };
		owspec.maxentries = 3;
		owspec.wrap = true;
		CHECK(jst_map_init(&o, &ospec) == 0);
		CHECK(jst_map_init(&ow, &owspec) == 0);
		for (i = 0; i < 7; i++)
			CHECK(jst_map_set_long(ctx, &o, (union jst_kv[]){ { .s = names[i] } }, i == 6 ? 0 : i + 1) == 0);
		dump(&o, "value descending, limit 3: the top 3 move to the front", JST_SORT_VALUE, -1, 0, 3, NULL);
		dump(&o, "then unsorted: f e d c b a g (pushed out last first, then the rest)", JST_SORT_NONE, 1, 0, -1, NULL);
		dump(&o, "key ascending, limit 0: nothing, no sort", 1, 1, 0, 0, NULL);
		dump(&o, "key ascending, limit 2", 1, 1, 0, 2, NULL);
		dump(&o, "then unsorted: a b c d e f g", JST_SORT_NONE, 1, 0, -1, NULL);
		CHECK(jst_map_set_long(ctx, &o, (union jst_kv[]){ { .s = "b" } }, 0) == 0);
		CHECK(jst_map_delete(&o, (union jst_kv[]){ { .s = "c" } }) == 1);
		CHECK(jst_map_set_long(ctx, &o, (union jst_kv[]){ { .s = "c" } }, 0) == 0);
		dump(&o, "value ascending, ties in the current order: b g c a d e f", JST_SORT_VALUE, 1, 0, -1, NULL);
		dump(&o, "then unsorted: the same", JST_SORT_NONE, 1, 0, -1, NULL);
		for (i = 0; i < 3; i++)
			CHECK(jst_map_set_long(ctx, &ow, (union jst_kv[]){ { .s = names[i] } }, i == 1 ? 3 : i == 2 ? 2 : 1) == 0);
		dump(&ow, "wrap array by value descending: b c a", JST_SORT_VALUE, -1, 0, -1, NULL);
		CHECK(jst_map_set_long(ctx, &ow, (union jst_kv[]){ { .s = "d" } }, 4) == 0);
		dump(&ow, "a new key evicts the first in sorted order: c a d", JST_SORT_NONE, 1, 0, -1, NULL);
		/* the loop follows the live order: a sort inside it changes what comes next (a b c d,
		 * sorted g d b a at b: then a again, as stap's 1 2 1 in oracle/probes/foreach_sort_inside_loop) */
		jst_map_clear(&o);
		for (i = 1; i <= 4; i++)
			CHECK(jst_map_set_long(ctx, &o, (union jst_kv[]){ { .s = names[i - 1] } }, i) == 0);
		{
			struct jst_iter it, in;
			struct jst_map_entry *e;
			char seen[16] = "";
			CHECK(jst_map_iter_start(ctx, &o, &it, JST_SORT_NONE, 1, 0, -1, NULL) == 0);
			while ((e = jst_map_iter_next(&it))) {
				strcat(seen, jst_entry_key_str(&o, e, 0));
				if (!strcmp(jst_entry_key_str(&o, e, 0), "b")) {
					CHECK(jst_map_iter_start(ctx, &o, &in, JST_SORT_VALUE, -1, 0, -1, NULL) == 0);
					jst_map_iter_end(&in);
				}
				/* keys added in the loop are not visited; deleting the current one is safe */
				CHECK(jst_map_set_long(ctx, &o, (union jst_kv[]){ { .s = "g" } }, 9) == 0);
				if (!strcmp(seen, "a"))
					CHECK(jst_map_delete(&o, (union jst_kv[]){ { .s = "c" } }) == 1);
				if (!strcmp(seen, "aba"))
					CHECK(jst_map_delete(&o, (union jst_kv[]){ { .s = "a" } }) == 1);
			}
			jst_map_iter_end(&it);
			CHECK_STR(seen, "aba");
		}
		/* a limit counts every element passed, in the slice or not */
		{
			struct jst_map_spec s2spec = { .name = "p", .nkeys = 2, .keytype = { JST_T_STRING, JST_T_LONG },
						       .valtype = JST_T_LONG, .maxentries = 8 };
			struct jst_map p;
			struct jst_slice sla = { .wild = 2, .keys = { { .s = "a" }, { .n = 0 } } };
			CHECK(jst_map_init(&p, &s2spec) == 0);
			CHECK(jst_map_set_long(ctx, &p, (union jst_kv[]){ { .s = "b" }, { .n = 1 } }, 9) == 0);
			CHECK(jst_map_set_long(ctx, &p, (union jst_kv[]){ { .s = "a" }, { .n = 1 } }, 1) == 0);
			CHECK(jst_map_set_long(ctx, &p, (union jst_kv[]){ { .s = "a" }, { .n = 2 } }, 2) == 0);
			CHECK(jst_map_set_long(ctx, &p, (union jst_kv[]){ { .s = "b" }, { .n = 2 } }, 8) == 0);
			dump(&p, "slice [\"a\", *] limit 1: nothing (b,1 comes first)", JST_SORT_NONE, 1, 0, 1, &sla);
			dump(&p, "slice [\"a\", *] by value, limit 3: a,1 a,2", JST_SORT_VALUE, 1, 0, 3, &sla);
			dump(&p, "then unsorted: a,1 a,2 b,2 b,1", JST_SORT_NONE, 1, 0, -1, NULL);
			jst_map_free(&p);
		}
		jst_map_free(&ow);
		jst_map_free(&o);
	}

	/* string values and long keys */
	CHECK(jst_map_init(&s2, &sspec) == 0);
	CHECK(jst_map_capacity(&s2) == MAXMAPENTRIES);
	{
		union jst_kv k1[] = { { .n = -1 } }, k2[] = { { .n = 7 } };
		CHECK(jst_map_set_str(ctx, &s2, k1, "minus one") == 0);
		CHECK(jst_map_set_str(ctx, &s2, k2, "seven") == 0);
		CHECK_STR(jst_map_get_str(&s2, k1), "minus one");
		CHECK_STR(jst_map_get_str(&s2, (union jst_kv[]){ { .n = 5 } }), "");
		dump(&s2, "string values by value", JST_SORT_VALUE, 1, 0, -1, NULL);
	}
	/* many entries: hashing, sorting at full default size */
	jst_map_clear(&s2);
	for (i = 0; i < MAXMAPENTRIES; i++) {
		union jst_kv k[] = { { .n = (i * 7919) % MAXMAPENTRIES } };
		char v[32];
		snprintf(v, sizeof(v), "v%d", i);
		CHECK(jst_map_set_str(ctx, &s2, k, v) == 0);
	}
	CHECK(jst_map_size(&s2) == MAXMAPENTRIES);
	{
		struct jst_iter it;
		struct jst_map_entry *e;
		int64_t prev = -1, n = 0;
		int ok = 1;
		CHECK(jst_map_iter_start(ctx, &s2, &it, 1, 1, 0, -1, NULL) == 0);
		while ((e = jst_map_iter_next(&it))) {
			int64_t k = jst_entry_key_long(&s2, e, 0);
			if (k <= prev)
				ok = 0;
			prev = k;
			n++;
		}
		jst_map_iter_end(&it);
		CHECK(ok && n == MAXMAPENTRIES);
	}

	/* stat values; per-CPU stat arrays */
	CHECK(jst_map_init(&ss, &stspec) == 0);
	CHECK(jst_map_stat_add(ctx, &ss, (union jst_kv[]){ { .s = "x" } }, 5) == 0);
	CHECK(jst_map_stat_add(ctx, &ss, (union jst_kv[]){ { .s = "x" } }, 7) == 0);
	CHECK(jst_map_stat_add(ctx, &ss, (union jst_kv[]){ { .s = "y" } }, 100) == 0);
	dump(&ss, "stat values by @sum descending", JST_SORT_VALUE, -1, JST_AGG_SUM, -1, NULL);
	CHECK(jst_pmap_init(&pm, &stspec) == 0);
	for (i = 0; i < 12; i++) {
		jst_user_cpu = i % 3;
		CHECK(jst_pmap_add(ctx, &pm, (union jst_kv[]){ { .s = i % 2 ? "odd" : "even" } }, i) == 0);
	}
	jst_user_cpu = 0;
	{
		struct jst_map *agg = jst_pmap_aggregate(ctx, &pm);
		struct jst_stat *st = jst_map_get_stat(agg, (union jst_kv[]){ { .s = "odd" } });
		dump(agg, "per-CPU stat array aggregated, by @count", JST_SORT_VALUE, 1, JST_AGG_COUNT, -1, NULL);
		CHECK(st && st->count == 6 && st->sum == 36 && st->min == 1 && st->max == 11);
		jst_hist_print(ctx, st, &agg->spec.stat, 0);
		jst_hist_print(ctx, st, &agg->spec.stat, 1);   /* a second shape of the same element */
		CHECK(jst_hist_count(st, &agg->spec.stat, 1, 3) == 2);   /* 9, 11 */
		CHECK(jst_pmap_delete(&pm, (union jst_kv[]){ { .s = "odd" } }) == 1);
		agg = jst_pmap_aggregate(ctx, &pm);
		CHECK(jst_map_size(agg) == 1);
	}
	{
		/* stap's rule for array elements: the first CPU's partial is copied as it is (1..10 on one CPU:
		 * the running integer variance 31, not the combined 48 a scalar reads); a second CPU's partial
		 * (11..20) is combined with it: 72, as stap prints with -smp 2 */
		struct jst_map *agg;
		struct jst_stat *st;
		for (i = 1; i <= 10; i++)
			CHECK(jst_pmap_add(ctx, &pm, (union jst_kv[]){ { .s = "v" } }, i) == 0);
		agg = jst_pmap_aggregate(ctx, &pm);
		st = jst_map_get_stat(agg, (union jst_kv[]){ { .s = "v" } });
		CHECK(st && jst_stat_get(ctx, st, JST_AGG_VARIANCE) == 31);
		jst_user_cpu = 1;
		for (i = 11; i <= 20; i++)
			CHECK(jst_pmap_add(ctx, &pm, (union jst_kv[]){ { .s = "v" } }, i) == 0);
		jst_user_cpu = 0;
		agg = jst_pmap_aggregate(ctx, &pm);
		st = jst_map_get_stat(agg, (union jst_kv[]){ { .s = "v" } });
		CHECK(st && st->count == 20 && jst_stat_get(ctx, st, JST_AGG_VARIANCE) == 72);
	}
	leave();
	jst_pmap_free(&pm);
	jst_map_free(&ss);
	jst_map_free(&s2);
	jst_map_free(&w);
	jst_map_free(&m);
	jst_contexts_free();
	return harness_done();
}
