/* strings: truncation, helpers, escaping */
#include "harness.h"

int main(void)
{
	char a[MAXSTRINGLEN], b[MAXSTRINGLEN], big[MAXSTRINGLEN * 2];
	struct jst_tokenizer t = { .active = 0 };

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	jst_strcpy(a, big);
	CHECK(strlen(a) == MAXSTRINGLEN - 1);
	jst_strcpy(a, "foo");
	jst_concat(a, a, "bar");
	CHECK_STR(a, "foobar");
	jst_concat(a, "<", a);
	CHECK_STR(a, "<foobar");
	jst_strcpy(b, big);
	jst_concat(a, "12", b);
	CHECK(strlen(a) == MAXSTRINGLEN - 1 && a[0] == '1' && a[2] == 'x');
	CHECK(jst_strlen("hello") == 5);
	CHECK(jst_strcmp("a", "b") == -1 && jst_strcmp("b", "a") == 1 && jst_strcmp("a", "a") == 0);

	jst_substr(a, "hello world", 6, 5);   CHECK_STR(a, "world");
	jst_substr(a, "hello world", 6, 100); CHECK_STR(a, "world");
	jst_substr(a, "hello", 5, 1);         CHECK_STR(a, "");
	jst_substr(a, "hello", -1, 2);        CHECK_STR(a, "");
	jst_strcpy(a, "abcdef");
	jst_substr(a, a, 2, 3);               CHECK_STR(a, "cde");

	CHECK(jst_isinstr("hello world", "o w") == 1);
	CHECK(jst_isinstr("hello", "xyz") == 0);
	CHECK(jst_strpos("abcabc", "c", 0) == 2);
	CHECK(jst_strpos("abcabc", "c", 3) == 5);
	CHECK(jst_strpos("abcabc", "z", 0) == -1);

	CHECK(jst_strtol("123", 10) == 123);
	CHECK(jst_strtol("  -42xyz", 10) == -42);
	CHECK(jst_strtol("ff", 16) == 255);
	CHECK(jst_strtol("0x1F", 16) == 31);
	CHECK(jst_strtol("0x1F", 0) == 31);
	CHECK(jst_strtol("017", 0) == 15);
	CHECK(jst_strtol("101", 2) == 5);
	CHECK(jst_strtol("zz", 36) == 1295);
	CHECK(jst_strtol("", 10) == 0);

	jst_str_replace(a, "a-b-c", "-", "+=");     CHECK_STR(a, "a+=b+=c");
	jst_str_replace(a, "aaaa", "aa", "b");      CHECK_STR(a, "bb");
	jst_str_replace(a, "abc", "", "x");         CHECK_STR(a, "abc");
	jst_strcpy(b, "x.y.z");
	jst_str_replace(b, b, ".", "/");            CHECK_STR(b, "x/y/z");

	jst_tokenize(a, &t, "one two,,three", " ,");  CHECK_STR(a, "one");
	jst_tokenize(a, &t, "", " ,");                CHECK_STR(a, "two");
	jst_tokenize(a, &t, "", " ,");                CHECK_STR(a, "three");
	jst_tokenize(a, &t, "", " ,");                CHECK_STR(a, "");
	jst_tokenize(a, &t, "", " ,");                CHECK_STR(a, "");

	jst_str_toupper(a, "MiXed 1"); CHECK_STR(a, "MIXED 1");
	jst_str_tolower(a, "MiXed 1"); CHECK_STR(a, "mixed 1");

	jst_text_str(a, "tab\there \"q\" back\\slash\n\001\377");
	printf("text_str: %s\n", a);
	jst_text_strn(a, "hello world", 5, 1);
	printf("text_strn quoted, 5: %s\n", a);
	jst_text_strn(a, "hi\n", 0, 1);
	printf("text_strn quoted, all: %s\n", a);
	jst_text_strn(a, big, 0, 1);
	CHECK(strlen(a) <= MAXSTRINGLEN - 1);
	CHECK(strcmp(a + strlen(a) - 4, "...\"") == 0);
	printf("text_strn quoted, long: %zu chars, ends %s\n", strlen(a), a + strlen(a) - 6);

	jst_sprint_long(a, 0);                       CHECK_STR(a, "0");
	jst_sprint_long(a, -9223372036854775807LL - 1); CHECK_STR(a, "-9223372036854775808");
	jst_sprint_long(a, 9223372036854775807LL);   CHECK_STR(a, "9223372036854775807");
	return harness_done();
}
