/* non-faulting reads, and $var$ pretty printing with a fault per member (the user shim treats
 * the first page and [jst_user_bad_lo, jst_user_bad_hi) as unmapped) */
#include "harness.h"

struct sample {
	int64_t a;
	int32_t b;
	uint16_t c;
	char name[8];
	int64_t tail;          /* made unreadable by the test */
};

static struct sample obj = { 1, -2, 65535, "bob", 77 };
static char out[MAXSTRINGLEN];

/* what stage-translate emits for `$p$` of a struct sample *: each member read quietly (a fault
 * clears the error and sets the member's flag), then its label and value or "?" appended */
static void pretty(struct jst_context *c, unsigned long base)
{
	int64_t t;
	int bad;
	char s[MAXSTRINGLEN];

	out[0] = '\0';
	bad = 0;
	t = jst_kread_int(c, base + 0, 8, 1);
	if (c->last_error) { c->last_error = NULL; bad = 1; }
	if (bad) jst_pretty_append(c, out, "{.a=?"); else jst_pretty_append(c, out, "{.a=%d", t);
	bad = 0;
	t = jst_kread_int(c, base + 8, 4, 1);
	if (c->last_error) { c->last_error = NULL; bad = 1; }
	if (bad) jst_pretty_append(c, out, ", .b=?"); else jst_pretty_append(c, out, ", .b=%d", t);
	bad = 0;
	t = jst_kread_int(c, base + 12, 2, 0);
	if (c->last_error) { c->last_error = NULL; bad = 1; }
	if (bad) jst_pretty_append(c, out, ", .c=?"); else jst_pretty_append(c, out, ", .c=%#x", t);
	bad = 0;
	jst_kread_string(c, s, base + 14);
	if (c->last_error) { c->last_error = NULL; bad = 1; }
	if (bad) jst_pretty_append(c, out, ", .name=?"); else jst_pretty_append(c, out, ", .name=\"%s\"", s);
	bad = 0;
	t = jst_kread_int(c, base + 24, 8, 1);
	if (c->last_error) { c->last_error = NULL; bad = 1; }
	if (bad) jst_pretty_append(c, out, ", .tail=?"); else jst_pretty_append(c, out, ", .tail=%d", t);
	jst_pretty_append(c, out, "}");
}

int main(void)
{
	struct jst_context *c;
	unsigned long flags;
	static const struct jst_probe p = { "begin", NULL, 0 };
	int64_t v;
	char s[MAXSTRINGLEN];
	int i;

	CHECK(jst_contexts_alloc(0) == 0);
	atomic_set(&jst_session.state, JST_STATE_RUNNING);
	c = jst_probe_enter(&p, JST_STATE_RUNNING, &flags);
	CHECK(c != NULL);

	/* plain reads: sign and zero extension by size */
	CHECK(jst_kread_int(c, (unsigned long)&obj.b, 4, 1) == -2);
	CHECK(jst_kread_int(c, (unsigned long)&obj.b, 4, 0) == 0xfffffffeLL);
	CHECK(jst_kread_int(c, (unsigned long)&obj.c, 2, 1) == -1);
	CHECK(!jst_failed(c));

	/* a faulting read is a script error and yields 0 */
	v = jst_kread_int(c, 8, 8, 1);
	CHECK(v == 0 && jst_failed(c));
	printf("error: %s\n", c->last_error);
	c->last_error = NULL;
	CHECK(jst_kread_string(c, s, 16) == -EFAULT && s[0] == '\0' && jst_failed(c));
	printf("error: %s\n", c->last_error);
	c->last_error = NULL;

	/* pretty printing: all readable, the tail unreadable, everything unreadable */
	pretty(c, (unsigned long)&obj);
	printf("whole:  %s\n", out);
	CHECK_STR(out, "{.a=1, .b=-2, .c=0xffff, .name=\"bob\", .tail=77}");
	jst_user_bad_lo = (unsigned long)&obj.tail;
	jst_user_bad_hi = jst_user_bad_lo + sizeof(obj.tail);
	pretty(c, (unsigned long)&obj);
	printf("tail:   %s\n", out);
	CHECK_STR(out, "{.a=1, .b=-2, .c=0xffff, .name=\"bob\", .tail=?}");
	CHECK(!jst_failed(c));
	jst_user_bad_lo = (unsigned long)&obj.name[2];      /* a string that runs into bad memory */
	pretty(c, (unsigned long)&obj);
	printf("string: %s\n", out);
	CHECK_STR(out, "{.a=1, .b=-2, .c=0xffff, .name=?, .tail=?}");
	jst_user_bad_lo = jst_user_bad_hi = 0;
	pretty(c, 0x10);
	printf("null:   %s\n", out);
	CHECK_STR(out, "{.a=?, .b=?, .c=?, .name=?, .tail=?}");
	CHECK(!jst_failed(c));

	/* appending stops at MAXSTRINGLEN - 1 */
	out[0] = '\0';
	for (i = 0; i < 100; i++)
		jst_pretty_append(c, out, ".field%d=?, ", (int64_t)i);
	CHECK(strlen(out) == MAXSTRINGLEN - 1);
	printf("cut:    ...%s\n", out + MAXSTRINGLEN - 20);

	jst_probe_exit(c, flags);
	jst_contexts_free();
	return harness_done();
}
