package org.jstap.elaborate.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jstap.api.SessionOptions;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.PointContext;
import org.junit.jupiter.api.Test;

/** Source-line points without the kernel's -dbg package: one clear error naming the package, no crash, no points. */
class SourceLinesTest {
    private static PointContext context(Diagnostics d, String release) {
        return new PointContext() {
            @Override public SessionOptions options() { return SessionOptions.builder().lastPass(2).build(); }
            @Override public Diagnostics diagnostics() { return d; }
            @Override public Optional<DebugInfo> kernel() { return Optional.empty(); }
            @Override public Optional<DebugInfo> module(String name) { return Optional.empty(); }
            @Override public Optional<String> kernelRelease() { return Optional.ofNullable(release); }
        };
    }

    private static ProbePoint point(String name, String arg) {
        Span s = new Span("t.stp", 1, 7, 1, 40);
        return new ProbePoint(s, List.of(new ProbePoint.Component(s, "kernel", null),
                new ProbePoint.Component(s, name, new Expr.StrLit(s, arg))), false, false, null);
    }

    @Test
    void withoutTheDebugPackageTheErrorNamesIt() {
        Diagnostics d = new Diagnostics();
        var out = new KernelStatementProvider().resolve(point("statement", "do_sys_open@fs/open.c:*"),
                context(d, "0.0.0-jstap-test"));
        assertTrue(out.isEmpty());
        assertEquals(1, d.all().size(), d.all().toString());
        Diagnostic e = d.all().get(0);
        assertEquals("sem.needs.dwarf", e.code());
        assertTrue(e.message().contains("/usr/lib/debug/boot/vmlinux-0.0.0-jstap-test"), e.message());
        assertTrue(String.valueOf(e.hint()).contains("linux-image-0.0.0-jstap-test-dbg"), String.valueOf(e.hint()));
    }

    @Test
    void functionsByFileNeedItToo() {
        Diagnostics d = new Diagnostics();
        var out = new KernelFunctionProvider().resolve(point("function", "*@fs/proc*.c"), context(d, "0.0.0-jstap-test"));
        assertTrue(out.isEmpty());
        assertEquals("sem.needs.dwarf", d.all().get(0).code());
    }

    @Test
    void specsSplitAtTheLastColon() {
        assertEquals(new SourceLines.Spec("f", "fs/open.c", "*"), SourceLines.Spec.parse("f@fs/open.c:*"));
        assertEquals(new SourceLines.Spec("*", "*", "12-20"), SourceLines.Spec.parse("*@*:12-20"));
        assertEquals(new SourceLines.Spec("f", "a.c", null), SourceLines.Spec.parse("f@a.c"));
    }
}
