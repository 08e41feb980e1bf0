package org.jstap.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Whether a --remote host's login may load BPF programs, from its {@code CapEff:} line. */
class SshHelperHostTest {
    @Test
    void rootAndBpfPlusPerfmonMayOthersMayNot() {
        assertTrue(SshHelperHost.mayLoadBpf("CapEff:\t000001ffffffffff\n"), "root");
        assertTrue(SshHelperHost.mayLoadBpf("CapEff:\t0000000000200000"), "CAP_SYS_ADMIN alone");
        assertTrue(SshHelperHost.mayLoadBpf("CapEff:\t000000c000000000"), "CAP_BPF + CAP_PERFMON");
        assertFalse(SshHelperHost.mayLoadBpf("CapEff:\t0000008000000000"), "CAP_BPF without CAP_PERFMON");
        assertFalse(SshHelperHost.mayLoadBpf("CapEff:\t0000000000000000\n"), "an ordinary user");
        assertTrue(SshHelperHost.mayLoadBpf("something else"), "unreadable: the load itself says");
    }
}
