/* the Pike VM behind matched(): groups, priority, empty iterations, truncation, the last-match state.
 * The programs below were emitted by stage-translate's RegexProgram (what `jstap -p3` puts in a module
 * whose script calls matched()) for the patterns named in their comments. */
#define JST_NEED_REGEX 1
#define JST_RE_MAX_INSNS 23
#define JST_RE_MAX_STATES 24
#define JST_RE_MAX_SLOTS 8
#include "harness.h"

/* =~ "id=([0-9]+)" with submatches: 10 instructions, 1 groups, 4 slots */
static const uint8_t re0_sets[4][32] = {
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x20, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0xff, 0x3, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
};
static const uint8_t re0_loops[1] = { 0 };
static const struct jst_re_insn re0_insns[10] = {
	{ JST_RE_SAVE, 0, 0, 0, 0, 0 },	/* 0 */
	{ JST_RE_CLASS, 0, 0, 0, 1, 0 },	/* 1 */
	{ JST_RE_CLASS, 0, 1, 0, 2, 0 },	/* 2 */
	{ JST_RE_CLASS, 0, 2, 0, 3, 0 },	/* 3 */
	{ JST_RE_SAVE, 0, 2, 0, 4, 0 },	/* 4 */
	{ JST_RE_CLASS, 0, 3, 0, 5, 0 },	/* 5 */
	{ JST_RE_SPLIT, 0, 5, 7, 6, 0 },	/* 6 */
	{ JST_RE_SAVE, 0, 3, 0, 7, 0 },	/* 7 */
	{ JST_RE_SAVE, 0, 1, 0, 8, 0 },	/* 8 */
	{ JST_RE_MATCH, 0, 0, 0, 9, 0 },	/* 9 */
};
static const struct jst_re_prog re0 = { .insns = re0_insns, .sets = re0_sets, .loopslots = re0_loops, .len = 10, .nstates = 10, .nslots = 4, .ngroups = 1, .prefilter = 1, .anchored = 0 };
/* =~ "(a|ab)(c|bcd)(d*)" with submatches: 23 instructions, 3 groups, 8 slots */
static const uint8_t re1_sets[4][32] = {
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x4, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x8, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x10, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
};
static const uint8_t re1_loops[1] = { 0 };
static const struct jst_re_insn re1_insns[23] = {
	{ JST_RE_SAVE, 0, 0, 0, 0, 0 },	/* 0 */
	{ JST_RE_SAVE, 0, 2, 0, 1, 0 },	/* 1 */
	{ JST_RE_SPLIT, 0, 3, 5, 2, 0 },	/* 2 */
	{ JST_RE_CLASS, 0, 0, 0, 3, 0 },	/* 3 */
	{ JST_RE_JMP, 0, 7, 0, 4, 0 },	/* 4 */
	{ JST_RE_CLASS, 0, 0, 0, 5, 0 },	/* 5 */
	{ JST_RE_CLASS, 0, 1, 0, 6, 0 },	/* 6 */
	{ JST_RE_SAVE, 0, 3, 0, 7, 0 },	/* 7 */
	{ JST_RE_SAVE, 0, 4, 0, 8, 0 },	/* 8 */
	{ JST_RE_SPLIT, 0, 10, 12, 9, 0 },	/* 9 */
	{ JST_RE_CLASS, 0, 2, 0, 10, 0 },	/* 10 */
	{ JST_RE_JMP, 0, 15, 0, 11, 0 },	/* 11 */
	{ JST_RE_CLASS, 0, 1, 0, 12, 0 },	/* 12 */
	{ JST_RE_CLASS, 0, 2, 0, 13, 0 },	/* 13 */
	{ JST_RE_CLASS, 0, 3, 0, 14, 0 },	/* 14 */
	{ JST_RE_SAVE, 0, 5, 0, 15, 0 },	/* 15 */
	{ JST_RE_SAVE, 0, 6, 0, 16, 0 },	/* 16 */
	{ JST_RE_SPLIT, 0, 18, 20, 17, 0 },	/* 17 */
	{ JST_RE_CLASS, 0, 3, 0, 18, 0 },	/* 18 */
	{ JST_RE_JMP, 0, 17, 0, 19, 0 },	/* 19 */
	{ JST_RE_SAVE, 0, 7, 0, 20, 0 },	/* 20 */
	{ JST_RE_SAVE, 0, 1, 0, 21, 0 },	/* 21 */
	{ JST_RE_MATCH, 0, 0, 0, 22, 0 },	/* 22 */
};
static const struct jst_re_prog re1 = { .insns = re1_insns, .sets = re1_sets, .loopslots = re1_loops, .len = 23, .nstates = 23, .nslots = 8, .ngroups = 3, .prefilter = 1, .anchored = 0 };
/* =~ "^([a-z]+)=(.*)$" with submatches: 15 instructions, 2 groups, 6 slots */
static const uint8_t re2_sets[3][32] = {
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0xfe, 0xff, 0xff, 0x7, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x20, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
};
static const uint8_t re2_loops[1] = { 0 };
static const struct jst_re_insn re2_insns[15] = {
	{ JST_RE_SAVE, 0, 0, 0, 0, 0 },	/* 0 */
	{ JST_RE_BOL, 0, 0, 0, 1, 0 },	/* 1 */
	{ JST_RE_SAVE, 0, 2, 0, 2, 0 },	/* 2 */
	{ JST_RE_CLASS, 0, 0, 0, 3, 0 },	/* 3 */
	{ JST_RE_SPLIT, 0, 3, 5, 4, 0 },	/* 4 */
	{ JST_RE_SAVE, 0, 3, 0, 5, 0 },	/* 5 */
	{ JST_RE_CLASS, 0, 1, 0, 6, 0 },	/* 6 */
	{ JST_RE_SAVE, 0, 4, 0, 7, 0 },	/* 7 */
	{ JST_RE_SPLIT, 0, 9, 11, 8, 0 },	/* 8 */
	{ JST_RE_CLASS, 0, 2, 0, 9, 0 },	/* 9 */
	{ JST_RE_JMP, 0, 8, 0, 10, 0 },	/* 10 */
	{ JST_RE_SAVE, 0, 5, 0, 11, 0 },	/* 11 */
	{ JST_RE_EOL, 0, 0, 0, 12, 0 },	/* 12 */
	{ JST_RE_SAVE, 0, 1, 0, 13, 0 },	/* 13 */
	{ JST_RE_MATCH, 0, 0, 0, 14, 0 },	/* 14 */
};
static const struct jst_re_prog re2 = { .insns = re2_insns, .sets = re2_sets, .loopslots = re2_loops, .len = 15, .nstates = 15, .nslots = 6, .ngroups = 2, .prefilter = 1, .anchored = 1 };
/* =~ "(a|b*)*" with submatches: 15 instructions, 1 groups, 5 slots */
static const uint8_t re3_sets[2][32] = {
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x4, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
};
static const uint8_t re3_loops[9] = { 4, 4, 4, 4, 4, 4, 4, 4, 4 };
static const struct jst_re_insn re3_insns[15] = {
	{ JST_RE_SAVE, 0, 0, 0, 0, 0 },	/* 0 */
	{ JST_RE_SPLIT, 0, 2, 13, 1, 0 },	/* 1 */
	{ JST_RE_SAVE, 0, 4, 0, 2, 0 },	/* 2 */
	{ JST_RE_SAVE, 1, 2, 0, 3, 0 },	/* 3 */
	{ JST_RE_SPLIT, 1, 5, 7, 5, 1 },	/* 4 */
	{ JST_RE_CLASS, 1, 0, 0, 7, 2 },	/* 5 */
	{ JST_RE_JMP, 1, 10, 0, 9, 3 },	/* 6 */
	{ JST_RE_SPLIT, 1, 8, 10, 11, 4 },	/* 7 */
	{ JST_RE_CLASS, 1, 1, 0, 13, 5 },	/* 8 */
	{ JST_RE_JMP, 1, 7, 0, 15, 6 },	/* 9 */
	{ JST_RE_SAVE, 1, 3, 0, 17, 7 },	/* 10 */
	{ JST_RE_LOOPCHK, 1, 4, 13, 19, 8 },	/* 11 */
	{ JST_RE_JMP, 0, 1, 0, 21, 9 },	/* 12 */
	{ JST_RE_SAVE, 0, 1, 0, 22, 9 },	/* 13 */
	{ JST_RE_MATCH, 0, 0, 0, 23, 9 },	/* 14 */
};
static const struct jst_re_prog re3 = { .insns = re3_insns, .sets = re3_sets, .loopslots = re3_loops, .len = 15, .nstates = 24, .nslots = 5, .ngroups = 1, .prefilter = 0, .anchored = 0 };
/* =~ "x(a*?)(a*)y" with submatches: 15 instructions, 2 groups, 6 slots */
static const uint8_t re4_sets[3][32] = {
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
	{ 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0 },
};
static const uint8_t re4_loops[1] = { 0 };
static const struct jst_re_insn re4_insns[15] = {
	{ JST_RE_SAVE, 0, 0, 0, 0, 0 },	/* 0 */
	{ JST_RE_CLASS, 0, 0, 0, 1, 0 },	/* 1 */
	{ JST_RE_SAVE, 0, 2, 0, 2, 0 },	/* 2 */
	{ JST_RE_SPLIT, 0, 6, 4, 3, 0 },	/* 3 */
	{ JST_RE_CLASS, 0, 1, 0, 4, 0 },	/* 4 */
	{ JST_RE_JMP, 0, 3, 0, 5, 0 },	/* 5 */
	{ JST_RE_SAVE, 0, 3, 0, 6, 0 },	/* 6 */
	{ JST_RE_SAVE, 0, 4, 0, 7, 0 },	/* 7 */
	{ JST_RE_SPLIT, 0, 9, 11, 8, 0 },	/* 8 */
	{ JST_RE_CLASS, 0, 1, 0, 9, 0 },	/* 9 */
	{ JST_RE_JMP, 0, 8, 0, 10, 0 },	/* 10 */
	{ JST_RE_SAVE, 0, 5, 0, 11, 0 },	/* 11 */
	{ JST_RE_CLASS, 0, 2, 0, 12, 0 },	/* 12 */
	{ JST_RE_SAVE, 0, 1, 0, 13, 0 },	/* 13 */
	{ JST_RE_MATCH, 0, 0, 0, 14, 0 },	/* 14 */
};
static const struct jst_re_prog re4 = { .insns = re4_insns, .sets = re4_sets, .loopslots = re4_loops, .len = 15, .nstates = 15, .nslots = 6, .ngroups = 2, .prefilter = 1, .anchored = 0 };

static struct jst_re_ctx r;   /* per-CPU context part in a module: static here, it is large */

static void show(const char *re, const struct jst_re_prog *p, const char *s)
{
	char g[MAXSTRINGLEN], esc[MAXSTRINGLEN];
	int ok = jst_re_exec(&r, p, s), n;

	jst_text_str(esc, s);
	printf("%-20s %-14s %s", re, esc, ok ? "match" : "no match");
	for (n = 0; ok && n < r.nsub; n++) {
		jst_re_matched(g, &r, n);
		jst_text_str(esc, g);
		printf(" %d=[%s]", n, esc);
	}
	printf("\n");
}

int main(void)
{
	char g[MAXSTRINGLEN], big[700];
	int i;

	/* before any match: every group is nonexistent */
	CHECK(jst_re_matched(g, &r, 0) == JST_RE_NOSUB);
	CHECK_STR(g, "");

	show("id=([0-9]+)", &re0, "user=al id=1042 x");
	jst_re_matched(g, &r, 1);
	CHECK_STR(g, "1042");
	CHECK(jst_re_matched(g, &r, 2) == JST_RE_NOSUB);   /* out of range */
	CHECK(jst_re_matched(g, &r, -1) == JST_RE_NOSUB);
	show("id=([0-9]+)", &re0, "no id here");
	CHECK(jst_re_matched(g, &r, 0) == JST_RE_FAILED);  /* a failed match forgets the last one */
	CHECK_STR(g, "");
	CHECK(jst_re_matched(g, &r, 1) == JST_RE_FAILED);
	CHECK(jst_re_matched(g, &r, 2) == JST_RE_NOSUB);   /* the range check comes first */

	/* leftmost-first: the first alternative that lets the rest match, not the longest */
	show("(a|ab)(c|bcd)(d*)", &re1, "abcd");
	jst_re_matched(g, &r, 1);     CHECK_STR(g, "a");
	jst_re_matched(g, &r, 2);     CHECK_STR(g, "bcd");
	show("(a|ab)(c|bcd)(d*)", &re1, "xxabcdd");

	show("^([a-z]+)=(.*)$", &re2, "key=some value");
	jst_re_matched(g, &r, 2);     CHECK_STR(g, "some value");
	show("^([a-z]+)=(.*)$", &re2, "key=v\n");  /* POSIX: . takes the newline, $ is the very end */
	jst_re_matched(g, &r, 2);     CHECK_STR(g, "v\n");
	show("^([a-z]+)=(.*)$", &re2, "Key=v");

	/* an empty last iteration of a loop leaves it, with its (empty) captures */
	show("(a|b*)*", &re3, "ab");
	jst_re_matched(g, &r, 0);     CHECK_STR(g, "ab");
	jst_re_matched(g, &r, 1);     CHECK_STR(g, "");
	show("(a|b*)*", &re3, "a");
	show("(a|b*)*", &re3, "");

	/* a lower-priority-first split (the VM still runs one; the translator no longer emits it: ERE has no lazy *?) */
	show("x(a*?)(a*)y", &re4, "xaaay");
	jst_re_matched(g, &r, 1);     CHECK_STR(g, "");
	jst_re_matched(g, &r, 2);     CHECK_STR(g, "aaa");

	/* a subject longer than a script string is seen cut at MAXSTRINGLEN - 1 bytes */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big + MAXSTRINGLEN - 1 - 3, "key=vv", 6);
	big[0] = 'k';
	CHECK(jst_re_exec(&r, &re2, big) == 0);            /* '=' comes too late for ^[a-z]+= ... */
	memcpy(big, "key=", 4);
	CHECK(jst_re_exec(&r, &re2, big) == 1);
	jst_re_matched(g, &r, 0);
	CHECK(strlen(g) == MAXSTRINGLEN - 1);
	jst_re_matched(g, &r, 2);
	CHECK(strlen(g) == MAXSTRINGLEN - 1 - 4);

	/* the groups are copies: the subject may change (or be the context's own copy) afterwards */
	strcpy(big, "id=77");
	CHECK(jst_re_exec(&r, &re0, big) == 1);
	strcpy(big, "id=88");
	jst_re_matched(g, &r, 1);     CHECK_STR(g, "77");
	CHECK(jst_re_exec(&r, &re0, r.subject) == 1);
	jst_re_matched(g, &r, 0);     CHECK_STR(g, "id=77");

	/* many runs: the generation counter never lets an old mark hide a state */
	for (i = 0; i < 100000; i++)
		jst_re_exec(&r, &re1, "zzabcdd");
	show("(a|ab)(c|bcd)(d*)", &re1, "zzabcdd");
	r.gen = 0xfffffffe;   /* wrap-around: marks are cleared */
	show("(a|ab)(c|bcd)(d*)", &re1, "abcd");
	show("(a|ab)(c|bcd)(d*)", &re1, "abcd");
	return harness_done();
}
