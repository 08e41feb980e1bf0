package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The DFA the C tables encode agrees with java.util.regex's find() on ERE-compatible patterns. */
class RegexEmitterTest {
    static final List<String> PATTERNS = List.of("abc", "^abc", "abc$", "^abc$", "a|b|cd", "(ab)+c", "a*", "^$",
            "x?y{2,3}z", "[0-9]+\\.[0-9]*", "[^a-z]", "^(foo|bar)baz$", "[[:digit:]][[:alpha:]]", "a.c", "(a|ab)(c|bcd)",
            "^/usr/(s?bin|lib)/", "\\.so(\\.[0-9]+)*$", "[]x]", "b{3}", "^[a-z_][a-z0-9_]*$", "(^a|b$)", "q[[:space:]]+r");
    static final List<String> INPUTS = List.of("", "abc", "xabcx", "ab", "a", "b", "cd", "ababc", "xyyz", "yyyz",
            "3.14", "42", "ABC", "foobaz", "barbaz", "foobazz", "1a", "a1", "axc", "a\nc", "abcd", "/usr/bin/ls",
            "/usr/lib/x", "/usr/local/bin", "libc.so.6", "libc.so", "libc.sox", "]", "x", "bbb", "bb", "name_1",
            "1name", "ba", "q \t r", "qr", "aaaa");

    @Test
    void agreesWithJavaRegexFind() {
        for (String p : PATTERNS) {
            org.jstap.irtools.regex.Dfa d = RegexEmitter.compile(p);
            // POSIX without REG_NEWLINE (stap): $ only at the very end, . matches newlines
            Pattern jp = Pattern.compile(p.replace("[]x]", "[\\]x]").replace("[[:digit:]]", "\\d")
                    .replace("[[:alpha:]]", "[a-zA-Z]").replace("[[:space:]]", "\\s").replace("$", "\\z"), Pattern.DOTALL);
            for (String in : INPUTS) {
                assertEquals(jp.matcher(in).find(), RegexEmitter.matches(d, in), "/" + p + "/ on \"" + in + "\"");
            }
        }
    }

    @Test
    void emitsTablesAndAScanLoop() {
        String c = RegexEmitter.emit(new java.util.LinkedHashMap<>(java.util.Map.of("^a+b$", "jt_re_0")), false);
        assertTrue(c.contains("static const unsigned char jt_re_0_cls[256] = {"));
        assertTrue(c.contains("static int jt_re_0(struct jst_context *c __maybe_unused, const char *s)"));
    }

    @Test
    void malformedPatternsAreRejected() {
        for (String bad : List.of("a(", "[abc", "*a", "a{3,2}", "[[:nope:]]", "\\bword", "(a)\\1", "\\p{Alpha}", "\\x4", "\\Qa\\E")) {
            assertThrows(RuntimeException.class, () -> RegexEmitter.compile(bad), bad);
        }
    }
}
