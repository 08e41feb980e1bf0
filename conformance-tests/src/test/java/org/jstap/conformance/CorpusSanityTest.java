package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jstap.api.diag.Codes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpora themselves are well-formed: headers parse, codes exist, every parse code is exercised and every sem/warn
 * code has a ko example. Needs no stage.
 */
class CorpusSanityTest {
    private static final Map<String, String> CODES = codes();

    private static Map<String, String> codes() {
        Map<String, String> m = new TreeMap<>();
        for (Field f : Codes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    m.put((String) f.get(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return m;
    }

    record Rule(String folder, int pass, boolean ko, int minimum, List<String> codePrefixes) {}

    static final List<Rule> RULES = List.of(
            new Rule("parse/ok", 1, false, 160, List.of()),
            new Rule("parse/ko", 1, true, 160, List.of("parse.", "preproc.")),
            new Rule("sem/ok", 2, false, 150, List.of()),
            new Rule("sem/ko", 2, true, 150, List.of("sem.", "warn.")));

    @TestFactory
    Stream<DynamicTest> everyScriptIsWellFormed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Rule r : RULES) {
            for (Path p : Corpus.files(r.folder())) {
                tests.add(DynamicTest.dynamicTest(r.folder() + "/" + p.getFileName(), () -> check(r, p)));
            }
        }
        return tests.stream();
    }

    private static void check(Rule r, Path p) {
        CorpusScript s = CorpusScript.load(p);
        assertEquals(r.pass(), s.header().lastPass(), "corpus " + r.folder() + " runs with -p" + r.pass());
        if (!r.ko()) {
            assertTrue(s.expected().isEmpty(), "an ok script has no ERROR lines");
            return;
        }
        assertTrue(!s.expected().isEmpty(), "a ko script names its expected codes");
        assertTrue(ExpectedError.parse(s.text().split("\n", -1)[1]) != null, "second line is the first ERROR line");
        for (ExpectedError e : s.expected()) {
            assertTrue(CODES.containsKey(e.code()), "unknown code " + e.code() + " (see org.jstap.api.diag.Codes)");
            assertTrue(r.codePrefixes().stream().anyMatch(e.code()::startsWith),
                    e.code() + " does not belong in " + r.folder());
        }
        if (s.oracleNote() != null) s.stapShouldAccept(false); // validates the note's spelling
    }

    @Test
    void corporaAreLargeEnough() {
        for (Rule r : RULES) {
            int n = Corpus.files(r.folder()).size();
            assertTrue(n >= r.minimum(), r.folder() + " has " + n + " scripts, needs at least " + r.minimum());
        }
    }

    /** Every pass-1 code is expected by at least two parse/ko scripts, so no error path goes untested. */
    @Test
    void everyParseCodeIsExercised() {
        Map<String, Integer> seen = new HashMap<>();
        for (Path p : Corpus.files("parse/ko"))
            for (ExpectedError e : CorpusScript.load(p).expected()) seen.merge(e.code(), 1, Integer::sum);
        Set<String> missing = CODES.keySet().stream()
                .filter(c -> c.startsWith("parse.") || c.startsWith("preproc."))
                .filter(c -> seen.getOrDefault(c, 0) < 2)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertTrue(missing.isEmpty(), "parse/ko exercises these codes fewer than twice: " + missing);
    }

    /**
     * Every pass-2 code (sem.*, and warn.* under -W) is expected by at least one sem/ko script, so a code nobody
     * can trigger any more shows up here instead of lingering in {@link Codes}.
     */
    @Test
    void everySemAndWarnCodeHasAKoExample() {
        Set<String> seen = new java.util.HashSet<>();
        for (Path p : Corpus.files("sem/ko"))
            for (ExpectedError e : CorpusScript.load(p).expected()) seen.add(e.code());
        Set<String> missing = CODES.keySet().stream()
                .filter(c -> c.startsWith("sem.") || c.startsWith("warn."))
                .filter(c -> !seen.contains(c))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertTrue(missing.isEmpty(), "no sem/ko script expects these codes (add a minimal example): " + missing);
    }

    @Test
    void headerSyntax() {
        ScriptHeader h = ScriptHeader.parse("#! jstap -p2 -g -D MAXACTION=500 -DX -w -- a \"b c\" 3");
        assertEquals(List.of("/lib/x.so"), ScriptHeader.parse("#! jstap -p2 -d /lib/x.so").symbolFiles());
        assertEquals(2, h.lastPass());
        assertTrue(h.guru());
        assertEquals(Map.of("MAXACTION", "500", "X", ""), h.defines());
        assertEquals(List.of("a", "b c", "3"), h.scriptArgs());
        assertEquals(List.of("-g", "-DMAXACTION=500", "-DX", "-w"), h.stapFlags());
        assertEquals(new ExpectedError("parse.bad.char", 3, 14), ExpectedError.parse("// ERROR: parse.bad.char @ 3:14"));
    }
}
