package org.jstap.elaborate.dwarf;

import org.jstap.elaborate.TestGcc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DWARF reader on a program this test compiles with gcc (DWARF 5, gcc's default, and DWARF 4): functions with
 * their declaring file and line, the line table, and the lines a function's code covers; CI needs no -dbg package.
 */
class DwarfReaderTest {
    private static final String SOURCE = String.join("\n",
            "#include \"part.h\"",                                   // 1
            "__attribute__((noinline)) int twice(int x)",            // 2
            "{",                                                     // 3
            "\tint y = x * 2;",                                      // 4
            "\treturn y + inc(y);",                                  // 5
            "}",                                                     // 6
            "static __attribute__((noinline)) int unused_static(int z)", // 7
            "{",                                                     // 8
            "\treturn z - 1;",                                       // 9
            "}",                                                     // 10
            "int main(int argc, char **argv)",                       // 11
            "{",                                                     // 12
            "\treturn twice(argc) + unused_static(argc);",           // 13
            "}", "");
    private static final String HEADER = String.join("\n",
            "static inline int inc(int v)",                          // 1
            "{",                                                     // 2
            "\treturn v + 1;",                                       // 3
            "}", "");

    @TempDir
    Path dir;

    private Path compile(String dwarf) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("prog.c"), SOURCE);
        Files.writeString(dir.resolve("part.h"), HEADER);
        Path out = dir.resolve("prog-" + dwarf);
        TestGcc.run(dir, "-" + dwarf, "-O1", "-o", out.toString(), "prog.c");
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gdwarf-5", "gdwarf-4"})
    void functionsFilesAndLines(String dwarf) throws Exception {
        DwarfReader r = DwarfReader.read(compile(dwarf));
        DwarfReader.Unit cu = r.units().stream().filter(u -> u.name().endsWith("prog.c")).findFirst().orElseThrow();
        assertEquals(dwarf.endsWith("5") ? 5 : 4, cu.version());
        Map<String, DwarfReader.Function> fs = new TreeMap<>();
        for (DwarfReader.Function f : r.functions()) if (r.units().get(f.unit()) == cu) fs.put(f.name(), f);
        assertEquals(List.of("main", "twice", "unused_static"), List.copyOf(fs.keySet()));
        assertEquals(2, fs.get("twice").line());
        assertEquals(7, fs.get("unused_static").line());
        assertEquals(11, fs.get("main").line());
        assertTrue(fs.get("twice").file().endsWith("prog.c"), fs.get("twice").file());
        assertTrue(Long.compareUnsigned(fs.get("twice").highPc(), fs.get("twice").lowPc()) > 0);
        // inc() exists only inlined: one copy in twice(), named with its declaring file and line, at an entry
        // inside twice() (a kprobe goes to twice + offset)
        List<DwarfReader.Inline> inc = r.inlines().stream().filter(i -> i.name().equals("inc")).toList();
        assertEquals(1, inc.size(), r.inlines().toString());
        assertEquals("twice", inc.get(0).caller());
        assertEquals(1, inc.get(0).line());
        assertTrue(inc.get(0).file().endsWith("part.h"), inc.get(0).file());
        assertEquals(fs.get("twice").lowPc(), inc.get(0).callerLowPc());
        assertTrue(Long.compareUnsigned(inc.get(0).entryPc(), fs.get("twice").lowPc()) >= 0
                && Long.compareUnsigned(inc.get(0).entryPc(), fs.get("twice").highPc()) < 0);
        // the line table: every row of prog.c lies in one of its functions, and inc() (part.h) is inlined in twice
        List<DwarfReader.Row> rows = r.lines(cu);
        assertTrue(rows.stream().anyMatch(DwarfReader.Row::endSequence));
        assertTrue(rows.stream().anyMatch(x -> DwarfReader.file(cu, x.file()).endsWith("part.h") && x.line() == 3),
                "inlined header line in the table");
        SourceIndex idx = SourceIndex.of(compile(dwarf));
        SourceIndex.Function twice = idx.functions(n -> n.equals("twice"), f -> f.endsWith("prog.c")).get(0);
        TreeMap<Integer, Long> lines = idx.lines(twice);
        assertTrue(lines.keySet().containsAll(List.of(4, 5)), lines.toString());
        assertTrue(lines.keySet().stream().allMatch(l -> l >= 2 && l <= 6), "only twice's own lines: " + lines);
        assertEquals(twice.lowPc(), (long) lines.firstEntry().getValue(), "the entry line starts at the function");
        assertEquals(1, idx.count("twice"));
        assertTrue(idx.functions(n -> true, f -> f.endsWith("part.h")).isEmpty(), "inc has no out-of-line copy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gdwarf-5", "gdwarf-4"})
    void aRelocatableObjectIsReadThroughItsRelocations(String dwarf) throws Exception {
        // a kernel module's debug file is relocatable: names (string offsets) and addresses are relocations there
        compile(dwarf);
        Process p = new ProcessBuilder("gcc", "-" + dwarf, "-O1", "-c", "-o", "prog.o", "prog.c").directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        DwarfReader r = DwarfReader.read(dir.resolve("prog.o"));
        Map<String, DwarfReader.Function> fs = new TreeMap<>();
        for (DwarfReader.Function f : r.functions()) fs.put(f.name(), f);
        assertEquals(List.of("main", "twice", "unused_static"), List.copyOf(fs.keySet()));
        assertEquals(7, fs.get("unused_static").line());
        assertTrue(fs.get("twice").file().endsWith("prog.c"), fs.get("twice").file());
        SourceIndex idx = SourceIndex.of(dir.resolve("prog.o"));
        SourceIndex.Function twice = idx.functions(n -> n.equals("twice"), f -> true).get(0);
        assertTrue(idx.lines(twice).keySet().containsAll(List.of(4, 5)), idx.lines(twice).toString());
        // the inlined copy's offset in its caller holds in a relocatable file too (both count from .text)
        List<SourceIndex.Inline> inc = idx.inlines(n -> n.equals("inc"), f -> f.endsWith("part.h"));
        assertEquals(1, inc.size());
        assertEquals("twice", inc.get(0).caller());
        assertTrue(inc.get(0).offset() >= 0 && inc.get(0).offset() < twice.highPc() - twice.lowPc());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gdwarf-5"})
    void theCachedIndexReadsBackTheSame(String dwarf) throws Exception {
        Path prog = compile(dwarf);
        Path cache = dir.resolve("cache");
        DwarfReader first = DwarfCache.read(cache, prog, 0);
        assertTrue(Files.isRegularFile(DwarfCache.entry(cache, prog)), "an entry was written");
        DwarfReader again = DwarfCache.read(cache, prog, 0);
        assertEquals(first.units(), again.units());
        assertEquals(first.functions(), again.functions());
        assertEquals(first.inlines(), again.inlines());
        assertTrue(!again.inlines().isEmpty());
        DwarfReader.Unit cu = again.units().stream().filter(u -> u.name().endsWith("prog.c")).findFirst().orElseThrow();
        assertEquals(first.lines(cu), again.lines(cu), "line tables still come from the file");
    }
}
