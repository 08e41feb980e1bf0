/* jst_regex.h - =~ with submatches (for matched()): a bounded, allocation-free Pike VM.
 *
 * The translator compiles each regex of a script that calls matched() into a const program
 * (struct jst_re_prog): byte-class tests, priority splits, jumps, slot saves, ^/$ assertions,
 * an empty-iteration check for loops whose body can match empty, and match. Threads run in
 * priority order, which gives java.util.regex's leftmost-first find() (what the interp backend
 * runs). No recursion, no allocation: the thread lists, marks and the explicit stack live in
 * the per-CPU context (struct jst_re_ctx), sized at translate time by
 *   JST_RE_MAX_INSNS   instructions of the largest program
 *   JST_RE_MAX_STATES  mark states of the largest program (>= its instructions)
 *   JST_RE_MAX_SLOTS   slots per thread of the largest program (2 per group, group 0 included)
 * The last successful match (its subject and slots) stays in the context for matched(n). */
#ifndef JST_REGEX_H
#define JST_REGEX_H
#include "jst_shim.h"

#ifndef JST_RE_MAX_INSNS
#define JST_RE_MAX_INSNS 64
#endif
#ifndef JST_RE_MAX_STATES
#define JST_RE_MAX_STATES JST_RE_MAX_INSNS
#endif
#ifndef JST_RE_MAX_SLOTS
#define JST_RE_MAX_SLOTS 20
#endif

#if MAXSTRINGLEN <= 32767
typedef int16_t jst_re_pos;     /* a position in the subject, -1: unset */
#else
typedef int32_t jst_re_pos;
#endif

enum jst_re_op {
	JST_RE_CLASS,    /* consume one byte of set x */
	JST_RE_SPLIT,    /* go to x, then (lower priority) to y */
	JST_RE_JMP,      /* go to x */
	JST_RE_SAVE,     /* slot x = position */
	JST_RE_BOL,      /* ^: position 0 */
	JST_RE_EOL,      /* $: the very end (POSIX without REG_NEWLINE, as stap) */
	JST_RE_LOOPCHK,  /* slot x == position (an empty iteration): go to y, else next */
	JST_RE_MATCH,
};

struct jst_re_insn {
	uint8_t op;
	uint8_t nloops;   /* enclosing loops whose body can match empty ... */
	uint16_t x, y;
	uint16_t base;    /* ... mark state = base + one bit per such loop (slot == position) */
	uint16_t loops;   /* index of their hidden slots in prog->loopslots */
};

struct jst_re_prog {
	const struct jst_re_insn *insns;
	const uint8_t (*sets)[32];      /* byte sets, bit (b & 7) of byte b >> 3 */
	const uint8_t *loopslots;
	uint16_t len, nstates, nslots, ngroups;
	uint16_t prefilter;             /* 1 + the set of bytes a match starts with; 0: it may be empty */
	uint16_t anchored;              /* every path starts with ^: only position 0 can start a match */
};

struct jst_re_threads {
	int n;
	uint16_t pc[JST_RE_MAX_INSNS];
	jst_re_pos slot[JST_RE_MAX_INSNS][JST_RE_MAX_SLOTS];
};

struct jst_re_ctx {
	struct jst_re_threads list[2];
	uint32_t mark[JST_RE_MAX_STATES];      /* state explored in the closure of generation gen */
	uint32_t listed[JST_RE_MAX_INSNS];     /* byte test / match already on the list of gen */
	uint32_t gen;
	struct { int32_t e; jst_re_pos v; } stack[2 * JST_RE_MAX_STATES + 2];
	jst_re_pos cur[JST_RE_MAX_SLOTS];
	/* the last =~ of this context: nsub = its regex's groups + 1 (0 before any =~), failed when it did not match */
	int nsub;
	int failed;
	jst_re_pos last[JST_RE_MAX_SLOTS];
	char subject[MAXSTRINGLEN];
};

/* Searches s (cut at MAXSTRINGLEN - 1 bytes); 1 and the match recorded for matched(), or 0 and
 * no match recorded. */
JST_FN int jst_re_exec(struct jst_re_ctx *r, const struct jst_re_prog *p, const char *s);
/* matched(n) results: stap's two errors, checked in this order */
#define JST_RE_NOSUB 1    /* n < 0, n beyond the last regex's groups, or no =~ yet */
#define JST_RE_FAILED 2   /* the last =~ did not match */
/* matched(n): group n of the last match into dst ("" for a group that took no part) and 0, or an error above
 * (dst "") */
JST_FN int jst_re_matched(char *dst, const struct jst_re_ctx *r, int64_t n);

#endif
