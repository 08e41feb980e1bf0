package org.jstap.elaborate.dwarf;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement points of functions and of their inlined copies ({@link SourceIndex#statements}) on a program this test
 * compiles with gcc -g -O2: the points come from the out-of-line functions (from their declaration on, one line per
 * address); a point inside an inlined copy is also a point of the copy, named by the inlined function.
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

    private Path compile() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("s.c"), SOURCE);
        Path out = dir.resolve("s");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-g", "-O2", "-o", out.toString(), "s.c").directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no gcc: " + e.getMessage());
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "gcc failed: " + log);
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
        // outer's points are from its declaration on (stap 4.8 on fs/proc/array.c: none of task_state's lines under
        // proc_pid_status; taking them would add 253 points stap does not list there)
        List<SourceIndex.Statement> outerPoints = all.stream().filter(s -> s.name().equals("outer")).toList();
        assertTrue(outerPoints.stream().allMatch(s -> s.line() >= 7), outerPoints.toString());
        assertTrue(outerPoints.stream().anyMatch(s -> s.line() == 10), outerPoints.toString());
        // an inlined-only function matched alone has no points (stap 4.8: task_state@fs/proc/array.c:*)
        assertTrue(idx.statements("helper"::equals, f -> true, new ArrayList<>()).isEmpty());
        // one line per address in each function
        Set<String> seen = new HashSet<>();
        for (SourceIndex.Statement s : all) assertTrue(seen.add(s.name() + "@" + s.address()), s.toString());
        // the out-of-line copy of main is its own point set
        assertTrue(all.stream().anyMatch(s -> s.name().equals("main") && s.line() == 13), all.toString());
    }
}
