package org.jstap.backend.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.jstap.irtools.regex.Dfa;
import org.jstap.irtools.regex.PikeProgram;
import org.jstap.irtools.regex.PikeSteps;
import org.junit.jupiter.api.Test;

/**
 * {@code matched()} after {@code =~}: ir-tools' {@link PikeSteps} (the step-for-step model of the bpf backend's
 * walker over a {@link PikeProgram}) gives every group's start and end exactly as interp's matcher
 * ({@link Regexes}: java.util.regex {@code find()}), on hand-picked patterns (the tricky ones: alternatives of
 * different lengths, loops whose body can match empty, the last iteration's captures, groups that took no part)
 * and on random patterns and strings; its step count stays under the bound the walker's bpf_loop gets, and where
 * it matches the DFA (which the bpf walker runs first) matches too. It equals {@link PikeProgram#run} (kmod's VM)
 * everywhere; where a group sits inside a repeated group ({@code ((a)|b)+}) java.util.regex can keep an inner
 * group's value from an attempt it abandoned, which no Pike VM reproduces (kmod and interp differ there, see
 * stage-translate's RegexProgramTest): for such random patterns only the whole match is compared with interp.
 */
class RegexSubmatchAgreementTest {
    static final List<String> PATTERNS = List.of(
            "(a|ab)(c|bcd)(d*)", "^(a|ab)(c|bcd)(d*)$", "(a*)*", "(a*)+", "(a|b)*", "(a|b*)*", "x(a)?(b)z", "(a)|(ab)",
            "(a*)(ab)?b?", "(a?)((a)*)", "(a|ab)(bc|c)*", "([a-z]+)\\.([a-z]+)$", "^(/[^/]*)*/([^/]+)$", "((a)|(b))+",
            "(a(b)?)+", "(x?)*y", "(a|)+b", "(|a)+b", "(ab|a)(bc|c)?", "([a-c]{2})*", "(a{0,2})(a{1,})", "(a?){3}",
            "(ab){2,3}", "(b)|(a)", "()", "(^a|b$)", "(c$)", "^([^:]+):([^:]*):(.*)$", "([[:alpha:]]+)=([[:digit:]]+)",
            "\\.so(\\.[0-9]+)*$", "^/(usr|etc)/(s?bin|lib)?(/.*)?$", "(a*?)(a*)", "((a*)b)*", "(a|b)*(b)", "(.*)/(.*)");
    static final List<String> INPUTS = List.of("", "a", "b", "ab", "abc", "abcd", "abcabc", "aaa", "aab", "abab",
            "xbz", "xabz", "foo.bar.baz", "/usr/lib/x.so.6", "/etc/passwd", "/usr/bin", "root:x:0", "id=42", "libc.so.6",
            "bba", "xy", "xxy", "ba", "abba", "a\nb", "/proc/self/stat", "c\n", "aabbb", "bbb");

    /** interp's groups in slot form: start, end per group (-1 for one that took no part), or null for no match. */
    static int[] interp(String re, String s) {
        Matcher m = Regexes.compile(Strs.fromJava(re)).matcher(Strs.fromJava(s));
        if (!m.find()) return null;
        int[] r = new int[2 * (m.groupCount() + 1)];
        for (int g = 0; g <= m.groupCount(); g++) {
            r[2 * g] = m.start(g);
            r[2 * g + 1] = m.end(g);
        }
        return r;
    }

    private static void check(String re, List<String> inputs) {
        check(re, inputs, true);
    }

    private static void check(String re, List<String> inputs, boolean allGroups) {
        PikeProgram p = PikeProgram.compile(re);
        PikeSteps vm = new PikeSteps(p);
        Dfa d = Dfa.compile(re);
        for (String in : inputs) {
            String where = "/" + re + "/ on \"" + in.replace("\n", "\\n") + "\"";
            int[] want = interp(re, in);
            int[] got = vm.run(in);
            int[] kmod = p.run(in);
            assertEquals(kmod == null ? "no match" : Arrays.toString(kmod), got == null ? "no match" : Arrays.toString(got), where + " (kmod's VM)");
            int keep = allGroups ? 2 * (p.groups + 1) : 2;
            if (got != null) got = Arrays.copyOf(got, keep);
            if (want != null) want = Arrays.copyOf(want, keep);
            assertEquals(want == null ? "no match" : Arrays.toString(want), got == null ? "no match" : Arrays.toString(got), where);
            assertEquals(want != null, d.matches(in), where + " (DFA)");
            assertTrue(vm.steps <= PikeSteps.maxSteps(p, in.length()), where + ": " + vm.steps + " steps");
        }
    }

    @Test
    void trickyPatternsAgree() {
        for (String re : PATTERNS) check(re, INPUTS);
    }

    @Test
    void randomPatternsAgree() {
        Random r = new Random(1515);
        List<String> inputs = new ArrayList<>();
        for (int j = 0; j < 40; j++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(9);
            for (int q = 0; q < len; q++) s.append("abc".charAt(r.nextInt(3)));
            inputs.add(s.toString());
        }
        int exact = 0;
        for (int k = 0; k < 1500; k++) {
            String re = random(r, 3);
            boolean all = !groupInRepeatedGroup(org.jstap.irtools.regex.Ere.parse(re).root(), false);
            check(re, inputs, all);
            if (all) exact++;
        }
        assertTrue(exact >= 900, exact + " patterns compared group by group");
    }

    @Test
    void longSubjectStaysUnderTheBound() {
        String in = "ab".repeat(255);
        for (String re : List.of("(a|b)*", "(a*)*b", "((a)|(b))+$", "(.*)(b)")) check(re, List.of(in));
    }

    /** A group inside a repeated group (the inner one of {@code ((a)|b)*}). */
    static boolean groupInRepeatedGroup(org.jstap.irtools.regex.Ere.Node n, boolean inRep) {
        if (n instanceof org.jstap.irtools.regex.Ere.Group g) return inRep || groupInRepeatedGroup(g.node(), inRep);
        if (n instanceof org.jstap.irtools.regex.Ere.Cat c) return c.parts().stream().anyMatch(q -> groupInRepeatedGroup(q, inRep));
        if (n instanceof org.jstap.irtools.regex.Ere.Alt a) return a.alts().stream().anyMatch(q -> groupInRepeatedGroup(q, inRep));
        if (n instanceof org.jstap.irtools.regex.Ere.Rep rp) {
            boolean rep = rp.max() != 1 && rp.node() instanceof org.jstap.irtools.regex.Ere.Group g
                    && groupInRepeatedGroup(g.node(), true);
            return rep || groupInRepeatedGroup(rp.node(), inRep);
        }
        return false;
    }

    static String random(Random r, int depth) {
        int k = depth == 0 ? r.nextInt(3) : r.nextInt(12);
        return switch (k) {
            case 0 -> String.valueOf("abc".charAt(r.nextInt(3)));
            case 1 -> r.nextBoolean() ? "." : "[ab]";
            case 2 -> r.nextInt(4) == 0 ? (r.nextBoolean() ? "^" : "$") : "a";
            case 3, 4 -> random(r, depth - 1) + random(r, depth - 1);
            case 5 -> "(" + random(r, depth - 1) + "|" + random(r, depth - 1) + ")";
            case 6 -> "(" + random(r, depth - 1) + ")";
            case 7 -> "(" + random(r, depth - 1) + ")" + "*+?".charAt(r.nextInt(3));
            case 8 -> "(" + random(r, depth - 1) + "){" + r.nextInt(3) + "," + (2 + r.nextInt(2)) + "}";
            case 9 -> "abc".charAt(r.nextInt(3)) + (r.nextBoolean() ? "*" : "{1,}");
            case 10 -> "(" + random(r, depth - 1) + "|)" + (r.nextBoolean() ? "*" : "+");
            default -> "(" + random(r, depth - 1) + ")" + (r.nextBoolean() ? "*" : "");
        };
    }
}
