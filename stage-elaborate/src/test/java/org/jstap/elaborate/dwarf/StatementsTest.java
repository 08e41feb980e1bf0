package org.jstap.elaborate.dwarf;

import org.jstap.elaborate.TestGcc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement points of functions and of their inlined copies ({@link SourceIndex#statements}) on programs this test
 * compiles with gcc -g -O2: each function or copy gives the lines from the one at its entry on, one line per
 * address, and a point is a point of every matching scope holding its address, named by that scope: a line of a
 * copy nested in another copy is a point of the out-of-line function too.
 */
class StatementsTest {
    private static final String SOURCE = String.join("\n",
            "volatile long sink;",                                                  // 1
            "static inline __attribute__((always_inline)) long helper(long v)",     // 2
            "{",                                                                    // 3
            "\tsink = v;",                                                          // 4
            "\treturn v * 3 + sink;",                                               // 5
            "}",                                                                    // 6
            "__attribute__((noinline)) long outer(long x)",                         // 7
            "{",                                                                    // 8
            "\tlong a = helper(x);",                                                // 9
            "\tsink = a;",                                                          // 10
            "\treturn a + helper(a + 1);",                                          // 11
            "}",                                                                    // 12
            "int main(int argc, char **argv) { return (int)outer(argc); }", "");    // 13

    @TempDir
    Path dir;

    /** inner inlined into mid, mid inlined into the out-of-line outer: copies nested two deep. */
    private static final String NESTED = String.join("\n",
            "volatile long sink;",                                                  // 1
            "static inline __attribute__((always_inline)) long inner(long v)",      // 2
            "{",                                                                    // 3
            "\tsink = v;",                                                          // 4
            "\treturn v * 3 + sink;",                                               // 5
            "}",                                                                    // 6
            "static inline __attribute__((always_inline)) long mid(long v)",        // 7
            "{",                                                                    // 8
            "\tlong r = inner(v + 1);",                                             // 9
            "\tsink = r;",                                                          // 10
            "\treturn r + inner(r);",                                               // 11
            "}",                                                                    // 12
            "__attribute__((noinline)) long outer(long x)",                         // 13
            "{",                                                                    // 14
            "\tlong a = mid(x);",                                                   // 15
            "\tsink = a;",                                                          // 16
            "\treturn a + 1;",                                                      // 17
            "}",                                                                    // 18
            "int main(int argc, char **argv) { return (int)outer(argc); }", "");    // 19

    private Path compile() throws IOException, InterruptedException {
        return compile(SOURCE);
    }

    private Path compile(String source) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("s.c"), source);
        Path out = dir.resolve("s");
        TestGcc.run(dir, "-g", "-O2", "-o", out.toString(), "s.c");
        return out;
    }

    @Test
    void inlinedCopiesAreTheirOwnPointsAndTheirCallers() throws Exception {
        SourceIndex idx = SourceIndex.of(compile());
        List<String> skipped = new ArrayList<>();
        List<SourceIndex.Statement> all = idx.statements(n -> true, f -> f.endsWith("s.c"), skipped);
        assertTrue(skipped.isEmpty(), skipped.toString());
        SourceIndex.Function outer = idx.functions("outer"::equals, f -> true).get(0);

        List<SourceIndex.Statement> helper = all.stream().filter(s -> s.name().equals("helper")).toList();
        assertFalse(helper.isEmpty(), all.toString());
        for (SourceIndex.Statement s : helper) {
            // a point of outer inside a copy: probed in outer at its offset, and no line of helper's own
            assertEquals("outer", s.anchor(), s.toString());
            assertEquals(s.address() - outer.lowPc(), s.offset(), s.toString());
            assertTrue(all.contains(new SourceIndex.Statement("outer", s.file(), s.line(), s.address(), "outer",
                    s.offset(), outer.unit(), outer.die())), s.toString());
        }
        // outer matched alone gives its own run; the copies matched too only add points (stap 4.8:
        // __x64_sys_open@fs/open.c:* is 1340 and 1342, *@fs/open.c:* adds the lines of the copies inside it)
        List<SourceIndex.Statement> alone = idx.statements("outer"::equals, f -> true, new ArrayList<>());
        assertFalse(alone.isEmpty());
        assertTrue(all.containsAll(alone), alone + " not in " + all);
        // an inlined-only function matched alone has the points of its copies (stap 4.8:
        // access_override_creds@fs/open.c:*), probed in the function it was inlined into
        List<SourceIndex.Statement> own = idx.statements("helper"::equals, f -> true, new ArrayList<>());
        assertFalse(own.isEmpty());
        assertTrue(own.stream().allMatch(s -> s.anchor().equals("outer")), own.toString());
        assertTrue(own.stream().anyMatch(s -> s.line() >= 2 && s.line() <= 6), own.toString());
        // one line per address in each function
        Set<String> seen = new HashSet<>();
        for (SourceIndex.Statement s : all) assertTrue(seen.add(s.name() + "@" + s.address()), s.toString());
        // the out-of-line copy of main is its own point set
        assertTrue(all.stream().anyMatch(s -> s.name().equals("main") && s.line() == 13), all.toString());
    }

    @Test
    void linesOfNestedCopiesArePointsOfEveryScopeAroundThem() throws Exception {
        SourceIndex idx = SourceIndex.of(compile(NESTED));
        List<SourceIndex.Statement> all = idx.statements(n -> true, f -> f.endsWith("s.c"), new ArrayList<>());
        SourceIndex.Function outer = idx.functions("outer"::equals, f -> true).get(0);
        // inner's lines inside mid's copy inside outer: points of inner, of mid and of outer at one address (stap
        // 4.8: __x64_sys_open@fs/open.c:1113, a line of build_open_how three copies deep)
        List<SourceIndex.Statement> innerPoints = all.stream().filter(s -> s.name().equals("inner")).toList();
        assertFalse(innerPoints.isEmpty(), all.toString());
        assertTrue(innerPoints.stream().anyMatch(s -> s.line() >= 2 && s.line() <= 6), innerPoints.toString());
        for (SourceIndex.Statement s : innerPoints) {
            assertEquals("outer", s.anchor(), s.toString());
            assertEquals(s.address() - outer.lowPc(), s.offset(), s.toString());
            for (String around : List.of("mid", "outer")) {
                assertTrue(all.stream().anyMatch(t -> t.name().equals(around) && t.line() == s.line()
                        && t.address() == s.address()), around + " lacks " + s + " in " + all);
            }
        }
        assertTrue(all.stream().anyMatch(s -> s.name().equals("outer") && s.line() < 13), all.toString());
        // outer alone: its own run, a part of the whole; mid alone: its copy's points, probed in outer
        List<SourceIndex.Statement> alone = idx.statements("outer"::equals, f -> true, new ArrayList<>());
        assertTrue(all.containsAll(alone), alone + " not in " + all);
        List<SourceIndex.Statement> mid = idx.statements("mid"::equals, f -> true, new ArrayList<>());
        assertFalse(mid.isEmpty());
        assertTrue(mid.stream().allMatch(s -> s.name().equals("mid") && s.anchor().equals("outer")), mid.toString());
        Set<String> seen = new HashSet<>();
        for (SourceIndex.Statement s : all) assertTrue(seen.add(s.name() + "@" + s.address()), s.toString());
    }
}
