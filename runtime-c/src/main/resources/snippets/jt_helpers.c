/* jt_helpers.c - helpers the kmod translator pastes into a generated module, each only when the module uses it
 * (not a runtime source file: the generated C holds them, as the runtime defines what they call). One section per
 * helper, from its "@@ NAME" line to the next; stage-translate's ModuleGenerator names the sections. */
@@ next
/* `next` inside a function: unwinds like an error, cleared by the probe handler */
static const char jt_next_marker[] = "next";
static inline __maybe_unused void jt_next(struct jst_context *c) { c->last_error = jt_next_marker; }
/* try/catch: MAXACTION and `next` are not catchable */
static inline __maybe_unused int jt_catchable(const struct jst_context *c)
{
	return c->last_error != jt_next_marker && strcmp(c->last_error, "MAXACTION exceeded") != 0;
}
@@ hist_print
static inline __maybe_unused void jt_hist_print(struct jst_context *c, const struct jst_stat *s,
						 const struct jst_stat_spec *spec, int shape)
{
	if (!s || !s->count)
		jst_error(c, "empty aggregate");
	else
		jst_hist_print(c, s, spec, shape);
}
@@ pmap_delete_slice
/* delete a[*, k] of a per-CPU statistics array: drop every aggregated key that matches */
static __maybe_unused void jt_pmap_delete_slice(struct jst_pmap *pm, const struct jst_slice *sl)
{
	struct jst_map *m = &pm->agg;
	struct jst_map_entry *e;
	struct jst_iter it;
	union jst_kv k[JST_MAX_KEYS];
	int i;

	if (jst_pmap_aggregate(NULL, pm) == NULL || jst_map_iter_start(NULL, m, &it, JST_SORT_NONE, 1, 0, -1, sl))
		return;
	while ((e = jst_map_iter_next(&it)) != NULL) {
		for (i = 0; i < m->spec.nkeys; i++) {
			if (m->spec.keytype[i] == JST_T_STRING)
				k[i].s = jst_entry_key_str(m, e, i);
			else
				k[i].n = jst_entry_key_long(m, e, i);
		}
		jst_pmap_delete(pm, k);
	}
	jst_map_iter_end(&it);
}
@@ ppid
static inline int64_t jt_ppid(void)
{
	int64_t v;

	rcu_read_lock();
	v = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	return v;
}
@@ strtrunc
static inline void jt_strtrunc(char *s, int64_t n)
{
	if (n >= 0 && n < MAXSTRINGLEN)
		s[n] = '\0';
}
@@ kwrite
/* guru $var = v: store size bytes without faulting (copy_to_kernel_nofault is not exported) */
static void jt_kwrite(struct jst_context *c, unsigned long addr, int64_t v, int size)
{
	u8 b1 = (u8)v;
	u16 b2 = (u16)v;
	u32 b4 = (u32)v;
	u64 b8 = (u64)v;

	pagefault_disable();
	switch (size) {
	case 1: __put_kernel_nofault((void *)addr, &b1, u8, fault); break;
	case 2: __put_kernel_nofault((void *)addr, &b2, u16, fault); break;
	case 4: __put_kernel_nofault((void *)addr, &b4, u32, fault); break;
	default: __put_kernel_nofault((void *)addr, &b8, u64, fault); break;
	}
	pagefault_enable();
	return;
fault:
	pagefault_enable();
	jst_error(c, "kernel write fault at 0x%lx", addr);
}
@@ randint
static inline int64_t jt_randint(int64_t n)
{
	return n <= 0 ? 0 : (int64_t)(get_random_u64() % (uint64_t)n);
}
@@ system
/* system(cmd): a request to the loader, which runs cmd with /bin/sh in user space (jstaprun: stream 3). The hit's
 * output so far goes first, so the command starts after what the script printed before the call. */
#define JT_STREAM_SYSTEM 3
static __maybe_unused void jt_system(struct jst_context *c, const char *cmd)
{
	jst_out_flush(c);
	if (cmd[0])
		jst_session_message(JT_STREAM_SYSTEM, "%s", cmd);
}
@@ switch_file
/* switch_file(): a record on the loader's stream 4, after the hit's output so far; jstaprun moves on to the next
 * -o file there (or, in the VM, tells the host, which writes the files). */
#define JT_STREAM_SWITCH 4
static __maybe_unused void jt_switch_file(struct jst_context *c)
{
	jst_out_flush(c);
	jst_session_message(JT_STREAM_SWITCH, "%s", "switch");
}
