package org.jstap.elaborate.probes;

import org.jstap.elaborate.TestGcc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jstap.api.SessionOptions;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.debuginfo.btf.TestBlobs;
import org.jstap.elaborate.dwarf.SourceIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions BTF leaves out, found through DWARF ({@code kernel.function("NAME")} when the -dbg package is
 * installed), on a program this test compiles with gcc -g -O2 and typed onto the test kernel BTF: a static
 * out-of-line function is a point with its parameters from their DWARF locations; an inlined-only one a point per
 * inlined copy; .call takes the out-of-line copies only, .inline the inlined ones only, .return the out-of-line
 * ones (inlined copies warned about); a name BTF has is left to BTF.
 */
class DwarfOnlyFunctionsTest {
    private static final String SOURCE = String.join("\n",
            "volatile long sink;",                                                      // 1
            "static inline __attribute__((always_inline)) long jst_helper(long v)",     // 2
            "{",                                                                        // 3
            "\tsink = v;",                                                              // 4
            "\treturn v * 3 + sink;",                                                   // 5
            "}",                                                                        // 6
            "static __attribute__((noinline)) long jst_static(long x, int y)",          // 7
            "{",                                                                        // 8
            "\tlong a = jst_helper(x);",                                                // 9
            "\tsink = a + y;",                                                          // 10
            "\treturn a;",                                                              // 11
            "}",                                                                        // 12
            "__attribute__((noinline)) long vfs_read(long z) { sink = z; return z; }",  // 13
            "int main(int argc, char **argv) { return (int)jst_static(argc, argc + 1) + (int)vfs_read(argc); }", "");

    @TempDir
    Path dir;

    private SourceIndex compile() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("s.c"), SOURCE);
        Path out = dir.resolve("s");
        TestGcc.run(dir, "-g", "-O2", "-no-pie", "-fno-ipa-sra", "-o", out.toString(), "s.c");
        return SourceIndex.of(out);
    }

    private static PointContext context(Diagnostics d) {
        return new PointContext() {
            @Override public SessionOptions options() { return SessionOptions.builder().lastPass(2).build(); }
            @Override public Diagnostics diagnostics() { return d; }
            @Override public Optional<DebugInfo> kernel() { return Optional.of(TestBlobs.kernel()); }
            @Override public Optional<DebugInfo> module(String name) { return Optional.empty(); }
            @Override public Optional<String> kernelRelease() { return Optional.empty(); }
        };
    }

    private static final Span S = new Span("t.stp", 1, 7, 1, 40);
    private static final ProbePoint.Component C = new ProbePoint.Component(S, "function", new Expr.StrLit(S, "x"));

    private List<ResolvedPoint> resolve(SourceIndex idx, String pattern, String suffix, Diagnostics d) {
        List<ProbePoint.Component> cs = suffix.isEmpty() ? List.of() : List.of(new ProbePoint.Component(S, suffix, null));
        FunctionSuffix sfx = FunctionSuffix.parse(cs, context(d));
        return KernelFunctionProvider.dwarfOnly(idx, TestBlobs.kernel(), pattern, null, sfx, C, context(d));
    }

    @Test
    void aStaticFunctionIsOneOutOfLinePointWithItsParameters() throws Exception {
        SourceIndex idx = compile();
        Diagnostics d = new Diagnostics();
        List<ResolvedPoint> ps = resolve(idx, "jst_static", "", d);
        assertEquals(1, ps.size(), ps.toString());
        ResolvedPoint p = ps.get(0);
        assertEquals("kernel.function(\"jst_static@s.c:7\")", p.point());
        IrSite.Kprobe k = assertInstanceOf(IrSite.Kprobe.class, p.site());
        assertEquals("jst_static", k.symbol());
        assertEquals(0, k.offset());
        assertNotNull(p.debugInfo());
        // at the entry the parameters are in their argument registers (x86-64: di, si)
        ResolvedPoint.TargetVarDef x = p.vars().stream().filter(v -> v.name().equals("x")).findFirst().orElseThrow();
        ResolvedPoint.TargetVarDef y = p.vars().stream().filter(v -> v.name().equals("y")).findFirst().orElseThrow();
        assertFalse(x.local());
        assertFalse(y.local());
        assertEquals("long int", p.debugInfo().typeName(x.type()));
        assertEquals("int", p.debugInfo().typeName(y.type()));
        assertEquals(new org.jstap.api.ir.TargetAccess.Source.Register("di"), x.source());
        assertEquals(new org.jstap.api.ir.TargetAccess.Source.Register("si"), y.source());
        assertTrue(d.all().isEmpty(), d.all().toString());
    }

    @Test
    void anInlinedOnlyFunctionIsAPointPerCopyInsideItsCaller() throws Exception {
        SourceIndex idx = compile();
        List<ResolvedPoint> plain = resolve(idx, "jst_helper", "", new Diagnostics());
        assertFalse(plain.isEmpty());
        for (ResolvedPoint p : plain) {
            assertTrue(p.point().startsWith("kernel.function(\"jst_helper@s.c:2\")"), p.point());
            IrSite.Kprobe k = assertInstanceOf(IrSite.Kprobe.class, p.site());
            assertEquals("jst_static", k.symbol());
            assertFalse(k.isReturn());
        }
        assertEquals(plain.size(), resolve(idx, "jst_helper", "inline", new Diagnostics()).size());
        assertTrue(resolve(idx, "jst_helper", "call", new Diagnostics()).isEmpty());
        assertTrue(resolve(idx, "jst_static", "inline", new Diagnostics()).isEmpty());
        assertEquals(1, resolve(idx, "jst_static", "call", new Diagnostics()).size());
    }

    @Test
    void returnProbesTakeTheOutOfLineCopiesAndWarnAboutInlinedOnes() throws Exception {
        SourceIndex idx = compile();
        Diagnostics d = new Diagnostics();
        List<ResolvedPoint> ps = resolve(idx, "jst_*", "return", d);
        assertEquals(List.of("kernel.function(\"jst_static@s.c:7\").return"), ps.stream().map(ResolvedPoint::point).toList());
        assertTrue(assertInstanceOf(IrSite.Kprobe.class, ps.get(0).site()).isReturn());
        assertEquals(List.of("warn.inline.return"), d.all().stream().map(x -> x.code()).toList());
    }

    @Test
    void aNameBtfHasIsLeftToBtf() throws Exception {
        SourceIndex idx = compile();
        // vfs_read is in the kernel's BTF: its DWARF copy here is no second point
        assertTrue(resolve(idx, "vfs_read", "", new Diagnostics()).isEmpty());
        List<String> all = resolve(idx, "*", "call", new Diagnostics()).stream().map(ResolvedPoint::point).toList();
        assertTrue(all.contains("kernel.function(\"jst_static@s.c:7\").call"), all.toString());
        assertTrue(all.stream().noneMatch(p -> p.contains("vfs_read")), all.toString());
    }
}
