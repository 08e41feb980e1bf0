/* jst_regex.c - the Pike VM behind matched(); see jst_regex.h. */
#include "jst_regex.h"

/* POSIX's $ without REG_NEWLINE (stap's): only at the very end of the subject */
JST_FN int jst_re_eol(const char *s, int pos, int len)
{
	(void)s;
	return pos == len;
}

/* Adds the thread (pc0, slots) to list l at position pos: follows jumps, splits (in priority
 * order), saves and assertions with an explicit stack; byte tests and matches land on the list.
 * A save pushes an undo entry (e < 0) so that the lower-priority branch of an earlier split
 * sees the slots as they were at the split. Each mark state is explored once per generation, so
 * the stack never holds more than 2 * nstates + 1 entries. */
JST_FN void jst_re_add(struct jst_re_ctx *r, const struct jst_re_prog *p, struct jst_re_threads *l, int pc0,
		       const jst_re_pos *from, const char *s, int pos, int len)
{
	int sp = 0, k;

	memcpy(r->cur, from, sizeof(jst_re_pos) * p->nslots);
	r->stack[sp++].e = pc0;
	while (sp > 0) {
		int e = r->stack[--sp].e;
		const struct jst_re_insn *in;
		unsigned int key;

		if (e < 0) {
			r->cur[-e - 1] = r->stack[sp].v;
			continue;
		}
		in = &p->insns[e];
		key = in->base;
		for (k = 0; k < in->nloops; k++)
			if (r->cur[p->loopslots[in->loops + k]] == pos)
				key += 1u << k;
		if (r->mark[key] == r->gen)
			continue;
		r->mark[key] = r->gen;
		if (unlikely(sp + 2 > (int)(sizeof(r->stack) / sizeof(r->stack[0]))))
			return;  /* cannot happen (at most 2 pushes per state, once per state); never overrun */
		switch (in->op) {
		case JST_RE_JMP:
			r->stack[sp++].e = in->x;
			break;
		case JST_RE_SPLIT:
			r->stack[sp++].e = in->y;
			r->stack[sp++].e = in->x;
			break;
		case JST_RE_SAVE:
			r->stack[sp].v = r->cur[in->x];
			r->stack[sp++].e = -(int)in->x - 1;
			r->cur[in->x] = (jst_re_pos)pos;
			r->stack[sp++].e = e + 1;
			break;
		case JST_RE_BOL:
			if (pos == 0)
				r->stack[sp++].e = e + 1;
			break;
		case JST_RE_EOL:
			if (jst_re_eol(s, pos, len))
				r->stack[sp++].e = e + 1;
			break;
		case JST_RE_LOOPCHK:
			r->stack[sp++].e = r->cur[in->x] == pos ? in->y : e + 1;
			break;
		default:  /* JST_RE_CLASS, JST_RE_MATCH: what follows no longer depends on the loop bits */
			if (r->listed[e] == r->gen)
				break;
			r->listed[e] = r->gen;
			l->pc[l->n] = (uint16_t)e;
			memcpy(l->slot[l->n], r->cur, sizeof(jst_re_pos) * p->nslots);
			l->n++;
			break;
		}
	}
}

JST_FN void jst_re_next_gen(struct jst_re_ctx *r)
{
	if (++r->gen == 0) {  /* wrapped: forget every old mark */
		memset(r->mark, 0, sizeof(r->mark));
		memset(r->listed, 0, sizeof(r->listed));
		r->gen = 1;
	}
}

JST_FN int jst_re_exec(struct jst_re_ctx *r, const struct jst_re_prog *p, const char *s)
{
	struct jst_re_threads *cl = &r->list[0], *nl = &r->list[1], *t;
	int len = 0, i, k, matched = 0;
	jst_re_pos fresh[JST_RE_MAX_SLOTS];

	r->nsub = p->ngroups + 1;  /* matched(n) range-checks against the regex even when it fails */
	r->failed = 1;
	if (unlikely(p->len > JST_RE_MAX_INSNS || p->nstates > JST_RE_MAX_STATES || p->nslots > JST_RE_MAX_SLOTS))
		return 0;  /* the translator sizes the context for every program; never happens */
	while (len < MAXSTRINGLEN - 1 && s[len])
		len++;
	for (k = 0; k < p->nslots; k++)
		fresh[k] = -1;
	cl->n = 0;
	jst_re_next_gen(r);
	jst_re_add(r, p, cl, 0, fresh, s, 0, len);
	for (i = 0;; i++) {
		unsigned char b = i < len ? (unsigned char)s[i] : 0;

		jst_re_next_gen(r);
		nl->n = 0;
		for (k = 0; k < cl->n; k++) {
			const struct jst_re_insn *in = &p->insns[cl->pc[k]];

			if (in->op == JST_RE_MATCH) {
				memcpy(r->last, cl->slot[k], sizeof(jst_re_pos) * 2 * (p->ngroups + 1));
				matched = 1;
				break;  /* lower-priority threads lose */
			}
			if (i < len && (p->sets[in->x][b >> 3] >> (b & 7) & 1))
				jst_re_add(r, p, nl, cl->pc[k] + 1, cl->slot[k], s, i + 1, len);
		}
		if (!matched && i < len && !p->anchored) {  /* a match starting further right, lowest priority */
			int from = i + 1;

			if (p->prefilter && nl->n == 0) {  /* nothing alive: skip to a byte a match can start with */
				const uint8_t *f = p->sets[p->prefilter - 1];

				while (from < len && !(f[(unsigned char)s[from] >> 3] >> ((unsigned char)s[from] & 7) & 1))
					from++;
				if (from >= len)
					break;  /* a match cannot be empty: none is left */
				i = from - 1;
			}
			jst_re_add(r, p, nl, 0, fresh, s, from, len);
		}
		if (i >= len || (nl->n == 0 && matched))
			break;
		t = cl;
		cl = nl;
		nl = t;
	}
	if (!matched)
		return 0;
	if (r->subject != s)
		memmove(r->subject, s, len);
	r->subject[len] = '\0';
	r->failed = 0;
	return 1;
}

JST_FN int jst_re_matched(char *dst, const struct jst_re_ctx *r, int64_t n)
{
	int a, b;

	dst[0] = '\0';
	if (n < 0 || n >= r->nsub)
		return JST_RE_NOSUB;
	if (r->failed)
		return JST_RE_FAILED;
	a = r->last[2 * n];
	b = r->last[2 * n + 1];
	if (a < 0 || b < a)
		return 0;
	memmove(dst, r->subject + a, (size_t)(b - a));
	dst[b - a] = '\0';
	return 0;
}
