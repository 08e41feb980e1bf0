package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKernelLocatorTest {
    @TempDir
    Path root;

    @Test
    void defaultIsNewestInstalledWithBuildDirWhenRunningHasNone() throws Exception {
        FakeKernel.install(root, "6.1.0-9-cloud-amd64", true, false);
        FakeKernel.install(root, "6.1.0-27-cloud-amd64", true, false);
        FakeKernel.install(root, "6.1.0-30-cloud-amd64", false, false);   // newest, but no build dir
        FakeKernel.running(root, "6.18.1-host", "#1 SMP host");
        LocalKernelLocator l = new LocalKernelLocator(root);
        KernelInfo k = l.locate(null).orElseThrow();
        assertEquals("6.1.0-27-cloud-amd64", k.release());
        assertEquals(FakeKernel.BUILD, k.version());
        assertEquals("x86_64", k.arch());
        assertEquals("y", k.config().get("CONFIG_MODULES"));
        assertEquals("-cloud", k.config().get("CONFIG_LOCALVERSION"));
        assertEquals("250", k.config().get("CONFIG_HZ"));
        assertFalse(k.config().containsKey("CONFIG_FOO"));
        assertEquals(root.resolve("lib/modules/6.1.0-27-cloud-amd64/build"), k.buildDir());
        assertEquals(root.resolve("boot/vmlinuz-6.1.0-27-cloud-amd64"), k.image());
        assertEquals("6.1.0", k.versionNumber());
        assertEquals(List.of("6.1.0-9-cloud-amd64", "6.1.0-27-cloud-amd64", "6.1.0-30-cloud-amd64", "6.18.1-host").subList(0, 3),
                l.installedReleases());
    }

    @Test
    void runningKernelWinsWhenItsBuildDirExists() throws Exception {
        FakeKernel.install(root, "6.1.0-9-cloud-amd64", true, false);
        FakeKernel.install(root, "6.1.0-27-cloud-amd64", true, false);
        FakeKernel.running(root, "6.1.0-9-cloud-amd64", "#1 SMP running");
        KernelInfo k = new LocalKernelLocator(root).locate(null).orElseThrow();
        assertEquals("6.1.0-9-cloud-amd64", k.release());
        assertEquals("#1 SMP running", k.version());
    }

    @Test
    void explicitReleaseAndBuildDir() throws Exception {
        FakeKernel.install(root, "6.1.0-30-cloud-amd64", false, false);
        LocalKernelLocator l = new LocalKernelLocator(root);
        KernelInfo k = l.locate("6.1.0-30-cloud-amd64").orElseThrow();
        assertNull(k.buildDir());
        assertEquals(FakeKernel.BUILD, k.version());
        assertTrue(l.locate("5.10.0-1-nope").isEmpty());
        assertTrue(l.locate(root.resolve("no/such/dir").toString()).isEmpty());

        Path build = Files.createDirectories(root.resolve("src/linux"));
        Files.createDirectories(build.resolve("include/config"));
        Files.writeString(build.resolve("include/config/kernel.release"), "6.5.0-custom\n");
        Files.createDirectories(build.resolve("include/generated"));
        Files.writeString(build.resolve("include/generated/utsversion.h"), "#define UTS_VERSION \"#3 SMP custom\"\n");
        Files.writeString(build.resolve(".config"), "CONFIG_ARM64=y\n");
        Files.write(build.resolve("vmlinux"), FakeKernel.vmlinuxElf("6.5.0-custom"));
        KernelInfo b = l.locate(build.toString()).orElseThrow();
        assertEquals("6.5.0-custom", b.release());
        assertEquals("#3 SMP custom", b.version());
        assertEquals("arm64", b.arch());
        assertEquals(build.toAbsolutePath(), b.buildDir());
        assertEquals(build.resolve("vmlinux"), b.image());
    }

    @Test
    void debianHeadersDirUsesUtsRelease() throws Exception {
        FakeKernel.install(root, "6.1.0-27-cloud-amd64", false, false);
        Path hdr = Files.createDirectories(root.resolve("usr/src/linux-headers-6.1.0-27-cloud-amd64"));
        Files.createDirectories(hdr.resolve("include/config"));
        Files.writeString(hdr.resolve("include/config/kernel.release"), "6.1.123\n");      // Debian: upstream version
        Files.createDirectories(hdr.resolve("include/generated"));
        Files.writeString(hdr.resolve("include/generated/utsrelease.h"), "#define UTS_RELEASE \"6.1.0-27-cloud-amd64\"\n");
        Files.writeString(hdr.resolve(".config"), "CONFIG_X86_64=y\n");
        KernelInfo k = new LocalKernelLocator(root).locate(hdr.toString()).orElseThrow();
        assertEquals("6.1.0-27-cloud-amd64", k.release());
        assertEquals(root.resolve("boot/vmlinuz-6.1.0-27-cloud-amd64"), k.image());   // no vmlinux: the installed image
        assertEquals(FakeKernel.BUILD, k.version());
    }

    @Test
    void versionOrder() {
        assertTrue(LocalKernelLocator.VERSION_ORDER.compare("6.1.0-9-cloud-amd64", "6.1.0-27-cloud-amd64") < 0);
        assertTrue(LocalKernelLocator.VERSION_ORDER.compare("6.10.0-1", "6.9.0-1") > 0);
        assertEquals(0, LocalKernelLocator.VERSION_ORDER.compare("6.1.0-1", "6.1.0-1"));
    }

    @Test
    void thisMachine() throws Exception {
        Path boot = Path.of("/boot");
        boolean any;
        try (Stream<Path> s = Files.isDirectory(boot) ? Files.list(boot) : Stream.empty()) {
            any = s.anyMatch(p -> p.getFileName().toString().startsWith("vmlinuz-"));
        }
        assumeTrue(any, "no /boot/vmlinuz-* installed: skipping the real-kernel locator check");
        KernelInfo k = new LocalKernelLocator().locate(null).orElseThrow();
        assertFalse(k.release().isEmpty());
        assertEquals("x86_64".equals(System.getProperty("os.arch")) || "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : k.arch(), k.arch());
        assertTrue(k.version().startsWith("#"), k.version());
        System.out.println("located " + k.release() + " " + k.version() + " build=" + k.buildDir() + " image=" + k.image()
                + " config entries=" + k.config().size());
    }
}
