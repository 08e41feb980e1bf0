package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.junit.jupiter.api.Test;

/** kernel.data(...) watchpoints resolve to their sites with stap 4.8's point names, and refuse its bad shapes. */
class KernelDataProviderTest {
    @Test
    void symbolsAndAddressesWithTheirLengthsAndAccess() {
        Elab.Out o = Elab.run("probe kernel.data(\"vm_swappiness\").write, kernel.data(0xffffffff81000000).length(3).rw,"
                + " kernel.data(0x1000).rw { println(1) }");
        assertTrue(o.ok(), o.rendered());
        List<IrProbe> ps = o.program().probes();
        assertEquals(new IrSite.Watchpoint("vm_swappiness", 0, 1, false), ps.get(0).site());
        assertEquals(new IrSite.Watchpoint(null, 0xffffffff81000000L, 3, true), ps.get(1).site());
        assertEquals("kernel.data(\"vm_swappiness\").length(1).write", ps.get(0).point());
        assertEquals("kernel.data(0xffffffff81000000).length(3).rw", ps.get(1).point());
        assertEquals("kernel.data(0x1000).length(1).rw", ps.get(2).point());
    }

    @Test
    void badShapesAreProbeArgumentErrors() {
        for (String bad : List.of("kernel.data(\"x\").length(4).write", "kernel.data(\"x\")", "kernel.data(\"x*\").write",
                "kernel.data(0x10).length(0).write", "kernel.data(0x10).length(9).rw", "kernel.data(0x10).write.length(4)")) {
            Elab.Out o = Elab.run("probe " + bad + " { println(1) }");
            assertTrue(o.codes().contains("sem.bad.probe.argument"), bad + ": " + o.rendered());
        }
    }
}
