package org.jstap.elaborate.dwarf;

import org.jstap.elaborate.TestGcc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jstap.elaborate.probes.ElfImage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File-scope and function-static variables ({@code DW_OP_addr}) on a two-file program this test compiles with
 * gcc -g: the link-time address of each is its ELF symbol's; a unit that only declares an extern gives its type
 * and the symbol's address; the global index finds the defining unit first.
 */
class StaticsTest {
    private static final String A = String.join("\n",
            "long counter = 42;",
            "static int hidden[4] = {1, 2, 3, 4};",
            "__attribute__((noinline)) int bump(int by)",
            "{",
            "\tstatic int calls;",
            "\tcalls += by;",
            "\treturn calls + hidden[by & 3];",
            "}", "");
    private static final String B = String.join("\n",
            "extern long counter;",
            "int bump(int by);",
            "int main(int argc, char **argv) { counter += argc; return bump(argc) + (int)counter; }", "");

    @TempDir
    Path dir;

    private Path compile(String dwarf) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("a.c"), A);
        Files.writeString(dir.resolve("b.c"), B);
        Path out = dir.resolve("s-" + dwarf);
        TestGcc.run(dir, "-" + dwarf, "-O1", "-no-pie", "-o", out.toString(), "a.c", "b.c");
        return out;
    }

    private static long addr(Location l) {
        Location.Memory m = assertInstanceOf(Location.Memory.class, l, String.valueOf(l));
        return assertInstanceOf(Location.Expr.Addr.class, m.address(), m.address().toString()).address();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gdwarf-5", "gdwarf-4"})
    void staticsAreLinkTimeAddresses(String dwarf) throws Exception {
        Path bin = compile(dwarf);
        SourceIndex idx = SourceIndex.of(bin);
        var elf = ElfImage.map(bin);
        assertEquals(2, idx.elfType());
        int a = idx.units(n -> n.endsWith("a.c")).get(0), b = idx.units(n -> n.endsWith("b.c")).get(0);

        Scopes.Variable counter = idx.global(a, "counter");
        assertEquals(new DwarfType.Base("long int", 8, 5), counter.type());
        assertEquals(ElfImage.symbolValue(elf, "counter"), addr(counter.location()));
        Scopes.Variable hidden = idx.global(a, "hidden");
        assertEquals(new DwarfType.Array(new DwarfType.Base("int", 4, 5), 4), hidden.type());
        assertEquals(ElfImage.symbolValue(elf, "hidden"), addr(hidden.location()));
        // b.c only declares counter: its type from the declaration, its address from the symbol table
        Scopes.Variable declared = idx.global(b, "counter");
        assertEquals(new DwarfType.Base("long int", 8, 5), declared.type());
        assertEquals(ElfImage.symbolValue(elf, "counter"), addr(declared.location()));
        assertNull(idx.global(b, "hidden"));
        // the defining unit first, then the declaring one
        assertEquals(List.of(a, b), idx.unitsWithGlobal("counter"));
        assertEquals(List.of(a), idx.unitsWithGlobal("hidden"));

        // a function's static is one of its variables, at its symbol (calls.0 or calls.1: gcc's local name)
        SourceIndex.Function bump = idx.functions("bump"::equals, f -> true).get(0);
        Scopes.Variable calls = idx.variables(bump.unit(), bump.die(), bump.lowPc(), true).stream()
                .filter(v -> v.name().equals("calls")).findFirst().orElseThrow();
        long at = addr(calls.location());
        boolean named = false;
        for (String n : List.of("calls.0", "calls.1", "calls.2")) {
            Long v = ElfImage.symbolValue(elf, n);
            if (v != null && v == at) named = true;
        }
        assertTrue(named, "calls at 0x" + Long.toHexString(at));
    }
}
