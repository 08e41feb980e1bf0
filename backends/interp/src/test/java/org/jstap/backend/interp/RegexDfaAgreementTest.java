package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jstap.irtools.regex.Dfa;
import org.jstap.irtools.regex.Ere;
import org.junit.jupiter.api.Test;

/**
 * ir-tools' {@link Dfa} (what kmod's C tables and bpf's read-only maps walk) answers {@code =~} exactly as interp's
 * matcher ({@link Regexes}: java.util.regex {@code find()} on the translated pattern) on a table of patterns x
 * strings, and on random patterns over a small alphabet.
 */
class RegexDfaAgreementTest {
    static final List<String> PATTERNS = List.of(
            // anchors
            "abc", "^abc", "abc$", "^abc$", "^$", "^", "$", "(^a|b$)", "a^b", "a$b", "^/etc/.*\\.conf$",
            // bracket expressions and POSIX classes
            "[abc]", "[^abc]", "[a-z]+", "[]x]", "[^]x]", "[a-]", "[[:alpha:]]+", "^[[:alpha:]]+$", "[[:digit:]][[:alpha:]]",
            "[[:space:]]", "[[:upper:][:digit:]]", "[^[:lower:]]", "[[:punct:]]", "[[:xdigit:]]{2}", "[[:alnum:]_]+$",
            "[[:blank:]]", "[[:cntrl:]]", "[[:print:]]", "[[:graph:]]", "[.]", "[*+?]", "[\\\\]",
            // alternation and groups
            "a|b|cd", "(ab)+c", "^(foo|bar)baz$", "(a|ab)(c|bcd)", "^/usr/(s?bin|lib)/", "()", "(|a)b", "a||b",
            // repetition
            "a*", "a+", "a?b", "x?y{2,3}z", "b{3}", "b{2,}", "(ab){1,2}$", "a{0}b", "a**", "a+?", "(a*)*b", "(a|b*)*c",
            // dot and escapes
            "a.c", ".", "^.$", "^..$", "\\.so(\\.[0-9]+)*$", "\\$", "\\^a", "a\\|b", "\\(x\\)", "\\[", "\\*", "\\\\",
            "\\d+", "\\w+$", "\\s", "\\D", "\\W", "\\S", "\\t", "\\n", "\\x41", "\\{", "\\}");
    static final List<String> INPUTS = List.of("", "abc", "xabcx", "ab", "a", "b", "cd", "ababc", "xyyz", "yyyz",
            "3.14", "42", "ABC", "foobaz", "barbaz", "foobazz", "1a", "a1", "axc", "a\nc", "abcd", "/usr/bin/ls",
            "/usr/lib/x", "/usr/local/bin", "libc.so.6", "libc.so", "libc.so.6.1", "libc.sox", "]", "x", "bbb", "bb",
            "name_1", "1name", "ba", "q \t r", "qr", "aaaa", "/etc/ld.so.conf", "/etc/x.conf.d", "/etc/.conf",
            "x/etc/a.conf", "$", "^a", "a|b", "(x)", "[", "*", "\\", "a-", "A", "ff", "f", "zz", "\t", "\n", "\u007f",
            "\u00e9", "a$b", "a^b", "ab_", "c", "bc", "bcd", "abcb", "ac", "aac", ".", "?", "{", "}", "ababab");

    private static boolean interp(String re, String s) {
        return Regexes.compile(Strs.fromJava(re)).matcher(Strs.fromJava(s)).find();
    }

    @Test
    void dfaAgreesWithInterpOnTable() {
        for (String p : PATTERNS) {
            Dfa d = Dfa.compile(Strs.fromJava(p));
            for (String in : INPUTS) {
                assertEquals(interp(p, in), d.matches(Strs.fromJava(in)), "/" + p + "/ on \"" + in + "\"");
            }
        }
    }

    @Test
    void dfaAgreesWithInterpOnRandomPatterns() {
        Random r = new Random(15);
        String[] atoms = {"a", "b", ".", "[ab]", "[^a]", "(a|b)", "(ab|a)", "^", "$", "c?"};
        String[] quants = {"", "", "*", "+", "?", "{1,2}", "{2}"};
        List<String> inputs = new ArrayList<>();
        for (int j = 0; j < 40; j++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(7);
            for (int q = 0; q < len; q++) s.append("abc".charAt(r.nextInt(3)));
            inputs.add(s.toString());
        }
        for (int k = 0; k < 400; k++) {
            StringBuilder p = new StringBuilder();
            int n = 1 + r.nextInt(4);
            for (int q = 0; q < n; q++) {
                p.append(atoms[r.nextInt(atoms.length)]);
                String qu = quants[r.nextInt(quants.length)];
                if (!p.toString().endsWith("^") && !p.toString().endsWith("$")) p.append(qu);
                if (r.nextInt(6) == 0) p.append('|');
            }
            String re = p.toString();
            if (re.endsWith("|")) re = re + "b";
            Dfa d = Dfa.compile(re);
            for (String in : inputs) assertEquals(interp(re, in), d.matches(in), "/" + re + "/ on \"" + in + "\"");
        }
    }

    @Test
    void stateLimitIsAnError() {
        // (a|b)*a(a|b){n}: the classic DFA blow-up, 2^(n+1) states
        Dfa.TooManyStates t = assertThrows(Dfa.TooManyStates.class, () -> Dfa.compile("(a|b)*a(a|b){12}", 1024));
        assertEquals(1024, t.limit);
        assertEquals(true, Dfa.compile("(a|b)*a(a|b){4}", 1024).states() <= 1024);
    }

    @Test
    void refusesWhatInterpWouldReadOtherwise() {
        for (String bad : List.of("a(", "[abc", "*a", "a{3,2}", "[[:nope:]]", "\\bword", "(a)\\1", "\\p{Alpha}", "\\x4")) {
            assertThrows(Ere.BadRegex.class, () -> Dfa.compile(bad), bad);
        }
    }
}
