package org.jstap.elaborate.dwarf;

import org.jstap.elaborate.TestGcc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Variables in scope at an address, with DWARF types and locations, on a program this test compiles with gcc -g
 * (DWARF 5 with .debug_loclists/.debug_rnglists, and DWARF 4 with .debug_loc/.debug_ranges; call frame information
 * in .debug_frame as the kernel has it): CI needs no -dbg package.
 */
class ScopesTest {
    private static final String SOURCE = String.join("\n",
            "struct pair { long a; long b; };",                                    // 1
            "__attribute__((noinline)) long use(struct pair *p) { return p->a + p->b; }", // 2
            "__attribute__((noinline)) long work(long x, const char *s)",        // 3
            "{",                                                                 // 4
            "\tstruct pair pr = { x, x * 3 };",                                  // 5
            "\tlong r = use(&pr);",                                              // 6
            "\t{",                                                               // 7
            "\t\tint inner = (int)r + s[0];",                                    // 8
            "\t\tr += use(&pr) * inner;",                                        // 9
            "\t}",                                                               // 10
            "\treturn r;",                                                       // 11
            "}",                                                                 // 12
            "int main(int argc, char **argv) { return (int)work(argc, argv[0]); }", "");

    @TempDir
    Path dir;

    private Path compile(String dwarf) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("w.c"), SOURCE);
        Path out = dir.resolve("w-" + dwarf);
        TestGcc.run(dir, "-" + dwarf, "-O1", "-fno-asynchronous-unwind-tables", "-o", out.toString(), "w.c");
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gdwarf-5", "gdwarf-4"})
    void innermostBlockFirstThenParametersAndLocals(String dwarf) throws Exception {
        SourceIndex idx = SourceIndex.of(compile(dwarf));
        SourceIndex.Function work = idx.functions("work"::equals, f -> true).get(0);
        Map<Integer, Long> lines = idx.lines(work);
        long inBlock = lines.get(9);
        List<Scopes.Variable> vs = idx.variables(work.unit(), work.die(), inBlock, true);
        assertEquals(List.of("inner", "x", "s", "pr", "r"), vs.stream().map(Scopes.Variable::name).toList());
        assertEquals(List.of(false, true, true, false, false), vs.stream().map(Scopes.Variable::parameter).toList());
        assertEquals(new DwarfType.Base("long int", 8, 5), vs.get(1).type());
        assertEquals(new DwarfType.Pointer(new DwarfType.Qualified("const", new DwarfType.Base("char", 1, 6))),
                vs.get(2).type());
        assertEquals(new DwarfType.Tagged("struct", "pair", 16), vs.get(3).type());
        // pr's address is taken: it lives on the stack, DW_OP_fbreg from the CFA (.debug_frame) = rsp + constant
        Location pr = vs.get(3).location();
        Location.Memory m = assertInstanceOf(Location.Memory.class, pr, pr.toString());
        assertTrue(m.address().toString().contains("Reg[reg=7]"), m.address().toString());
        // outside the block, inner is out of scope
        List<Scopes.Variable> before = idx.variables(work.unit(), work.die(), lines.get(6), true);
        assertEquals(List.of("x", "s", "pr", "r"), before.stream().map(Scopes.Variable::name).toList());
        // at the entry x is in its argument register (rdi, DWARF 5), s in rsi (4)
        List<Scopes.Variable> entry = idx.variables(work.unit(), work.die(), work.lowPc(), false);
        assertEquals(new Location.Register(5), entry.get(0).location());
        assertEquals(new Location.Register(4), entry.get(1).location());
    }
}
