package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.junit.jupiter.api.Test;

/** Probe points: aliases (prologue, epilogue, suffixes), wildcards, braces, ?, !, conditions, providers. */
class AliasExpansionTest {
    static IrProgram ok(String script) {
        Elab.Out o = Elab.run(script);
        assertTrue(o.ok(), o.rendered());
        return o.program();
    }

    static List<String> points(IrProgram p) {
        return p.probes().stream().map(IrProbe::point).toList();
    }

    @Test
    void prologueRunsBeforeAndEpilogueAfterTheUserBody() {
        IrProgram p = ok("global order\nprobe pre = begin { order .= \"a\" }\nprobe post += begin { order .= \"c\" }\n"
                + "probe pre { order .= \"b\" }\nprobe post { order .= \"b\"; println(order) }");
        List<IrStmt> pre = p.probes().get(0).body().body();
        assertTrue(pre.get(0).toString().contains("value=a"), pre.toString());
        assertTrue(pre.get(1).toString().contains("value=b"), pre.toString());
        List<IrStmt> post = p.probes().get(1).body().body();
        assertTrue(post.get(0).toString().contains("value=b"), post.toString());
        assertTrue(post.get(post.size() - 1).toString().contains("value=c"), post.toString());
    }

    @Test
    void anAliasWithBothBodiesIsOneProbeRunningBoth() {
        // 'probe a = p { P }, { E }' is one alias: one probe, P before and E after the user's body (stap -p2: one probe)
        IrProgram p = ok("global order\nprobe both = begin { order .= \"a\" }, { order .= \"c\"; println(order) }\n"
                + "probe both { order .= \"b\" }");
        assertEquals(1, p.probes().size());
        List<IrStmt> body = p.probes().get(0).body().body();
        assertTrue(body.get(0).toString().contains("value=a"), body.toString());
        assertTrue(body.get(1).toString().contains("value=b"), body.toString());
        assertTrue(body.get(2).toString().contains("value=c"), body.toString());
    }

    @Test
    void suffixesAreAppendedToTheAliasTargets() {
        IrProgram p = ok("probe rd = kernel.function(\"vfs_read\") { who = execname() }\nprobe rd.return { printf(\"%s %d\\n\", who, $return) }\n"
                + "probe rd.return.maxactive(20) { println(who) }");
        assertEquals(List.of("kernel.function(\"vfs_read\").return", "kernel.function(\"vfs_read\").return.maxactive(20)"), points(p));
        IrSite.KernelFunction k = (IrSite.KernelFunction) p.probes().get(1).site();
        assertTrue(k.isReturn());
        assertEquals(20, k.maxActive());
    }

    @Test
    void wildcardsAndBracesOverAliasesAndFunctions() {
        IrProgram p = ok("probe syscall.{read,write} { println(name) }\nprobe kernel.function(\"ksys_{read,write}\") { println(ppfunc()) }");
        assertEquals(List.of("kernel.function(\"__x64_sys_read\")", "kernel.function(\"__x64_sys_write\")",
                "kernel.function(\"ksys_read\")", "kernel.function(\"ksys_write\")"), points(p));
        IrProgram all = ok("probe syscall.* { println(name) }");
        assertTrue(all.probes().size() >= 40, points(all).toString());
    }

    @Test
    void optionalAndSufficientPoints() {
        IrProgram p = ok("probe no.such.thing ?, kernel.function(\"no_such_fn_xyz\") ?, begin { println(1) }");
        assertEquals(List.of("begin"), points(p));
        IrProgram q = ok("probe kernel.function(\"vfs_read\") !, kernel.function(\"vfs_write\") { println(2) }");
        assertEquals(List.of("kernel.function(\"vfs_read\")"), points(q));
        IrProgram r = ok("probe kernel.function(\"no_such_fn_xyz\") !, kernel.function(\"vfs_write\") { println(2) }");
        assertEquals(List.of("kernel.function(\"vfs_write\")"), points(r));
    }

    @Test
    void conditionsOnPoints() {
        IrProgram p = ok("global on\nprobe timer.s(1) if (on) { println(1) }\nprobe begin { on = 1 }\nprobe timer.ms(500) { println(2) }");
        assertNotNull(p.probes().get(0).condition());
        assertNull(p.probes().get(2).condition());
    }

    @Test
    void timerUnitsBecomeNanoseconds() {
        IrProgram p = ok("probe timer.ms(100).randomize(10), timer.hz(4), timer.jiffies(5), timer.us(7), timer.profile { println(1) }");
        assertEquals(new IrSite.Timer(100_000_000, 10_000_000, 0, 0), p.probes().get(0).site());
        assertEquals(new IrSite.Timer(250_000_000, 0, 0, 0), p.probes().get(1).site());
        assertEquals(new IrSite.Timer(0, 0, 5, 0), p.probes().get(2).site());
        assertEquals(new IrSite.Timer(7_000, 0, 0, 0), p.probes().get(3).site());
        assertEquals(new IrSite.Profile(), p.probes().get(4).site());
    }

    @Test
    void tracepointsKprobesAndProcesses() {
        IrProgram p = ok("probe kernel.trace(\"sched_switch\") { println($prev_state) }\nprobe kprobe.function(\"do_sys_open\").return { println(1) }\n"
                + "probe process(\"/bin/true\").function(\"main\") ?, process(\"/bin/true\").statement(0x1000) ? { println(2) }");
        IrSite.Tracepoint t = (IrSite.Tracepoint) p.probes().get(0).site();
        assertEquals("sched_switch", t.name());
        assertEquals(List.of("preempt", "prev", "next", "prev_state"), t.args().stream().map(IrSite.Param::name).toList());
        assertTrue(((IrSite.Kprobe) p.probes().get(1).site()).isReturn());
    }

    @Test
    void entryValuesAreSavedForReturnProbes() {
        IrProgram p = ok("probe kernel.function(\"vfs_read\").return { printf(\"%d %d %d\\n\", $return, @entry($count), $count) }");
        IrProbe r = p.probes().get(0);
        assertEquals(2, r.entrySaves().size(), r.entrySaves().toString());
    }
}
