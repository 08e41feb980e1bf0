package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;

class RegistryTest {
    @Test
    void discoversWithNoPluginsAndPassesAreNumbered() {
        Registry r = Registry.discover(getClass().getClassLoader());
        assertNotNull(r.stages());
        assertEquals(Pass.BUILD, Pass.of(4));
        assertEquals("Pass 4: compilation failed.", Pass.BUILD.failedLine());
    }

    @Test
    void kernelVersionNumberDropsTheFlavour() {
        KernelInfo k = new KernelInfo("6.1.0-27-cloud-amd64", "#1 SMP", "x86_64", java.util.Map.of(), null, null);
        assertEquals("6.1.0", k.versionNumber());
    }
}
