package org.jstap.irtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.jstap.api.ir.IrSite;
import org.junit.jupiter.api.Test;

class EntrySiteTest {
    @Test
    void returnsPairWithTheirCall() {
        assertEquals(new IrSite.Kprobe("ksys_read", null, 0, false, null),
                EntrySite.of(new IrSite.Kprobe("ksys_read", null, 0, true, null)));
        assertEquals(new IrSite.Process("/bin/x", "f", 0x1000, 0x100, false, 0, 7),
                EntrySite.of(new IrSite.Process("/bin/x", "f", 0x1000, 0x100, true, 0, 7)));
        IrSite.KernelFunction kf = new IrSite.KernelFunction("vfs_read", null, true, false, 4, List.of(), "ssize_t");
        assertEquals(false, ((IrSite.KernelFunction) EntrySite.of(kf)).isReturn());
        assertEquals("syscalls:sys_enter_read",
                ((IrSite.Tracepoint) EntrySite.of(new IrSite.Tracepoint("syscalls:sys_exit_read", List.of()))).name());
    }

    @Test
    void callsAndOtherEventsHaveNone() {
        assertNull(EntrySite.of(new IrSite.Kprobe("ksys_read", null, 0, false, null)));
        assertNull(EntrySite.of(new IrSite.Tracepoint("syscalls:sys_enter_read", List.of())));
        assertNull(EntrySite.of(new IrSite.Tracepoint("sched:sched_switch", List.of())));
        assertNull(EntrySite.of(new IrSite.Tracepoint("syscalls:sys_exit_", List.of())));
        assertNull(EntrySite.of(new IrSite.Timer(1000, 0, 0, 0)));
    }
}
