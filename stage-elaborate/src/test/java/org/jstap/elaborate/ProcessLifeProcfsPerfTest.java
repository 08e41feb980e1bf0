package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.junit.jupiter.api.Test;

/** process[..][.thread].begin/.end, procfs(..).read/.write and perf.* resolve to their sites; -l/-L list them. */
class ProcessLifeProcfsPerfTest {
    private static List<IrSite> sites(String script) {
        Elab.Out o = Elab.run(script);
        assertTrue(o.ok(), o.rendered());
        return o.program().probes().stream().map(IrProbe::site).toList();
    }

    @Test
    void processLifetimesCarryTheirFilters() {
        List<IrSite> s = sites("probe process.begin, process(42).end, process(\"/bin/sh\").thread.end { println(pid()) }");
        assertEquals(new IrSite.ProcessLife(null, 0, false, false), s.get(0));
        assertEquals(new IrSite.ProcessLife(null, 42, false, true), s.get(1));
        IrSite.ProcessLife sh = (IrSite.ProcessLife) s.get(2);
        assertTrue(sh.thread() && sh.end(), String.valueOf(sh));
        // the real file: /bin/sh is a symlink on most systems, the kernel sees the executable it points to
        assertEquals(java.nio.file.Path.of(sh.path()), assertDoesNotThrow(() -> java.nio.file.Path.of("/bin/sh").toRealPath()));
    }

    @Test
    void processFunctionStillGoesToTheUprobeProvider() {
        Elab.Out o = Elab.run("probe process(\"/no/such/binary\").function(\"main\") { println(1) }");
        assertTrue(o.codes().contains("sem.unresolved.probe"), o.rendered());
        assertTrue(o.rendered().contains("cannot find executable"), o.rendered());
    }

    @Test
    void procfsValueIsAWritableStringWithoutGuru() {
        List<IrSite> s = sites("global g probe procfs(\"st\").read.maxsize(100) { $value = \"x\"; $value .= g }"
                + " probe procfs.write { g = $value }");
        assertEquals(new IrSite.Procfs("st", false, 100), s.get(0));
        assertEquals(new IrSite.Procfs("command", true, 0), s.get(1));
    }

    @Test
    void perfNamesMapToKernelNumbers() {
        List<IrSite> s = sites("probe perf.sw.context_switches, perf.hw.instructions.sample(7), perf.type(4).config(9) { println(cpu()) }");
        assertEquals(new IrSite.Perf(1, 3, 1_000_000, "sw.context_switches"), s.get(0));
        assertEquals(new IrSite.Perf(0, 1, 7, "hw.instructions"), s.get(1));
        assertEquals(new IrSite.Perf(4, 9, 1_000_000, "type(4).config(9)"), s.get(2));
    }

    @Test
    void perfProcessCountersAreReadByName() {
        String sh = assertDoesNotThrow(() -> java.nio.file.Path.of("/bin/sh").toRealPath()).toString();
        Elab.Out o = Elab.run("probe perf.sw.task_clock.process(\"/bin/sh\").counter(\"c\") {}"
                + " probe perf.sw.page_faults.counter(\"f\") {} probe perf.sw.cpu_clock.process(\"/bin/sh\") { println(1) }"
                + " probe process(\"/bin/sh\").statement(0x1000)? { println(@perf(\"c\") + @perf(\"f\")) }");
        assertTrue(o.ok(), o.rendered());
        List<IrSite> s = o.program().probes().stream().map(IrProbe::site).toList();
        // counters have empty bodies and stay (@perf reads them); counting events have no sample period
        assertEquals(new IrSite.Perf(1, 1, 0, "sw.task_clock", sh, "c"), s.get(0));
        assertEquals(new IrSite.Perf(1, 2, 0, "sw.page_faults", null, "f"), s.get(1));
        assertEquals(new IrSite.Perf(1, 0, 1_000_000, "sw.cpu_clock", sh, null), s.get(2));
        assertEquals("perf.type(1).config(1).sample(0).process(\"" + sh + "\").counter(\"c\")",
                o.program().probes().get(0).point());
    }

    @Test
    void perfCounterMistakesAreStapsPass2Errors() {
        assertTrue(Elab.run("probe perf.sw.task_clock.counter(\"c\") {} probe begin { println(@perf(\"c\")) }")
                .codes().contains("sem.perf.context"));
        assertTrue(Elab.run("probe perf.sw.task_clock.counter(\"c\"), perf.sw.cpu_clock.counter(\"c\") {}")
                .codes().contains("sem.duplicate.declaration"));
        assertTrue(Elab.run("probe perf.sw.task_clock.process(\"/bin/sh\").sample(5) { println(1) }")
                .codes().contains("sem.bad.probe.argument"));
    }

    @Test
    void listingShowsValueOfProcfsProbes() {
        Elab.Out o = Elab.list("procfs(\"a\").*", "L");
        assertEquals("procfs(\"a\").read $value:string\nprocfs(\"a\").write $value:string\n", o.printed());
        Elab.Out l = Elab.list("process.*", "l");
        assertEquals("process.begin\nprocess.end\n", l.printed());
    }
}
