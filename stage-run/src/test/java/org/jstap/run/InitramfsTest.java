package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTest {
    @TempDir Path tmp;

    @Test
    void containsAgentBusyboxLoaderModulesAndVmFiles() throws Exception {
        assumeTrue(TestEnv.kernel().isPresent(), "no bootable kernel with virtio modules installed");
        assumeTrue(Initramfs.findBusybox().isPresent(), "busybox-static not installed");
        Path loader = Files.writeString(tmp.resolve("jstaprun"), "#!/bin/sh\necho fake loader\n");
        loader.toFile().setExecutable(true);
        Path extra = Files.writeString(tmp.resolve("data.txt"), "hello guest\n");
        long t0 = System.nanoTime();
        byte[] gz = new Initramfs(TestEnv.kernel().get()).loader(loader).extraFiles(List.of(extra)).build();
        System.out.printf("initramfs build: %d ms, %d bytes%n", (System.nanoTime() - t0) / 1_000_000, gz.length);

        Map<String, CpioArchiveEntry> entries = new java.util.LinkedHashMap<>();
        Map<String, byte[]> data = new java.util.HashMap<>();
        try (var in = new CpioArchiveInputStream(new GzipCompressorInputStream(new java.io.ByteArrayInputStream(gz)))) {
            CpioArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                data.put(e.getName(), in.readAllBytes());
                assertEquals(CpioArchiveEntry.FORMAT_NEW, e.getFormat());
            }
        }
        assertArrayEquals(Initramfs.agentScript(), data.get("init"));
        assertEquals(0755, entries.get("init").getMode() & 07777);
        assertTrue(entries.get("init").isRegularFile());
        assertEquals(Files.size(Initramfs.findBusybox().get()), data.get("bin/busybox").length);
        assertEquals("#!/bin/sh\necho fake loader\n", new String(data.get("bin/jstaprun"), StandardCharsets.UTF_8));
        assertTrue(entries.get("dev/console").isCharacterDevice());
        assertEquals(5, entries.get("dev/console").getRemoteDeviceMaj());
        for (String m : VirtioModules.REQUIRED) {
            byte[] ko = data.get("lib/modules/" + m + ".ko");
            assertNotNull(ko, m);
            assertEquals(0x7f, ko[0], m + " is plain ELF (decompressed)");
            assertEquals(m, org.jstap.api.artefact.ModInfo.of(ko).get("name"));
        }
        String guest = Initramfs.guestPath(extra).substring(1);
        assertEquals("hello guest\n", new String(data.get(guest), StandardCharsets.UTF_8));
        assertTrue(entries.get(guest.substring(0, guest.lastIndexOf('/'))).isDirectory(), "parent dirs exist");
        assertEquals(entries.keySet(), Initramfs.list(gz).keySet());
    }

    @Test
    void kernelReleasesSortNumerically() {
        assertTrue(GuestKernel.compareReleases("6.1.0-9-cloud-amd64", "6.1.0-10-cloud-amd64") < 0);
        assertTrue(GuestKernel.compareReleases("6.10.0-1", "6.9.0-1") > 0);
    }

    @Test
    void installedKernelHasABuildString() {
        assumeTrue(TestEnv.kernel().isPresent(), "no bootable kernel installed");
        String b = TestEnv.kernel().get().buildString();
        assertNotNull(b);
        assertTrue(b.startsWith("#"), b);
    }
}
