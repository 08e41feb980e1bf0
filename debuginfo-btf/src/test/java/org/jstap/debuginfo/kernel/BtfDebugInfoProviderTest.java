package org.jstap.debuginfo.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jstap.api.KernelInfo;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.FunctionSig;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.TestBlobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BtfDebugInfoProviderTest {
    static final String REL = "6.1.0-27-cloud-amd64";

    @TempDir
    Path root;
    @TempDir
    Path cacheDir;

    private static String sig(DebugInfo di, FunctionSig s) {
        return s.params().stream().map(p -> "$" + p.name() + ":" + di.typeName(p.type())).collect(Collectors.joining(" "));
    }

    @Test
    void extractsFromImageThenHitsTheCache() throws Exception {
        FakeKernel.install(root, REL, true, false);
        FakeKernel.running(root, "6.18.1-host", "#1 host");
        KernelInfo k = new LocalKernelLocator(root).locate(REL).orElseThrow();
        BtfCache cache = new BtfCache(cacheDir);

        long t0 = System.nanoTime();
        DebugInfo first = new BtfDebugInfoProvider(root, cache).kernel(k).orElseThrow();
        long t1 = System.nanoTime();
        assertEquals("$fd:unsigned int $buf:char* $count:size_t", sig(first, first.function("ksys_read").orElseThrow()));
        String key = BtfCache.key(REL, k.image());
        assertTrue(Files.isRegularFile(cacheDir.resolve(key + ".btf")));
        String meta = Files.readString(cacheDir.resolve(key + ".properties"), StandardCharsets.UTF_8);
        assertTrue(meta.contains(first.hash()), meta);
        assertTrue(meta.contains("Linux version " + REL), meta);
        try (var s = Files.list(cacheDir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }

        long t2 = System.nanoTime();
        DebugInfo second = new BtfDebugInfoProvider(root, cache).kernel(k).orElseThrow();   // fresh provider: cache
        long t3 = System.nanoTime();
        assertEquals(first.hash(), second.hash());
        assertEquals(BtfDebugInfo.sha256(TestBlobs.kernelBytes()), second.hash());
        assertEquals(first.functionNames(), second.functionNames());
        System.out.printf("fake image: extract %d ms, cache hit %d ms%n", (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000);

        // a damaged entry is a miss and gets rewritten
        Files.writeString(cacheDir.resolve(key + ".btf"), "garbage");
        DebugInfo third = new BtfDebugInfoProvider(root, cache).kernel(k).orElseThrow();
        assertEquals(first.hash(), third.hash());
        assertEquals(TestBlobs.kernelBytes().length, Files.size(cacheDir.resolve(key + ".btf")));
    }

    @Test
    void runningKernelUsesSysKernelBtf() throws Exception {
        FakeKernel.running(root, REL, "#5 SMP running");
        Path sys = Files.createDirectories(root.resolve("sys/kernel/btf"));
        Files.write(sys.resolve("vmlinux"), TestBlobs.kernelBytes());
        KernelInfo k = new LocalKernelLocator(root).locate(null).orElseThrow();
        assertEquals(REL, k.release());
        DebugInfo di = new BtfDebugInfoProvider(root, new BtfCache(cacheDir)).kernel(k).orElseThrow();
        assertTrue(di.function("vfs_read").isPresent());
        try (var s = Files.list(cacheDir)) {
            assertEquals(0, s.count());                        // nothing extracted
        }
    }

    @Test
    void buildDirVmlinux() throws Exception {
        Path build = Files.createDirectories(root.resolve("build"));
        Files.write(build.resolve("vmlinux"), FakeKernel.vmlinuxElf("6.5.0-x"));
        Files.writeString(build.resolve(".config"), "CONFIG_X86_64=y\n");
        KernelInfo k = new LocalKernelLocator(root).locate(build.toString()).orElseThrow();
        DebugInfo di = new BtfDebugInfoProvider(root, new BtfCache(cacheDir)).kernel(k).orElseThrow();
        assertTrue(di.tracepoint("sched_switch").isPresent());
    }

    @Test
    void missingKernelExplainsWhy() {
        BtfDebugInfoProvider p = new BtfDebugInfoProvider(root, new BtfCache(cacheDir));
        KernelInfo k = new KernelInfo("6.1.0-1-none", "", "x86_64", java.util.Map.of(), null, null);
        assertTrue(p.kernel(k).isEmpty());
        assertTrue(p.problem(k, null).orElseThrow().contains("no BTF source"));
        assertTrue(p.module(k, "ext4").isEmpty());
    }

    @Test
    void moduleSplitBtf() throws Exception {
        FakeKernel.install(root, REL, true, true);
        KernelInfo k = new LocalKernelLocator(root).locate(REL).orElseThrow();
        BtfDebugInfoProvider p = new BtfDebugInfoProvider(root, new BtfCache(cacheDir));
        assertEquals(Optional.of(root.resolve("lib/modules/" + REL + "/kernel/drivers/fake/fake-mod.ko")), p.findModule(REL, "fake_mod"));
        assertEquals(List.of("fake_mod", "other"), p.moduleNames(REL));
        BtfDebugInfo m = p.moduleBtf(k, "fake-mod").orElseThrow();
        BtfDebugInfo kernel = p.kernelBtf(k).orElseThrow();
        assertEquals("fake_mod", m.owner());
        assertEquals(kernel.btf().nextId(), m.btf().firstId());
        assertEquals(List.of("fake_probe"), m.functionNames());
        FunctionSig s = m.function("fake_probe").orElseThrow();
        assertEquals("$dev:struct fake_dev* $flags:int", sig(m, s));
        assertEquals("int", m.typeName(s.returnType()));
        int dev = m.findType("struct fake_dev").getAsInt();
        assertTrue(dev >= m.btf().firstId());
        CType.Member file = m.member(dev, "file").orElseThrow();
        assertEquals("struct file*", m.typeName(file.type()));
        assertEquals(64, file.bitOffset());
        int kfile = m.findType("struct file").getAsInt();          // falls back to the kernel's types
        assertEquals(kernel.findType("struct file").getAsInt(), kfile);
        assertInstanceOf(CType.Struct.class, m.type(kfile));
        assertFalse(m.hash().equals(kernel.hash()));
        assertTrue(p.module(k, "not_there").isEmpty());
        assertTrue(p.problem(k, "not_there").orElseThrow().contains("not found"));
        Files.writeString(root.resolve("lib/modules/" + REL + "/modules.builtin"), "kernel/fs/ext4/ext4.ko\n");
        assertTrue(p.module(k, "ext4").isEmpty());
        assertTrue(p.problem(k, "ext4").orElseThrow().contains("built into"), p.problem(k, "ext4").orElseThrow());
    }

    @Test
    void xzCompressedModule() throws Exception {
        FakeKernel.install(root, REL, true, true);
        Path dir = root.resolve("lib/modules/" + REL + "/kernel/drivers/fake");
        byte[] ko = Files.readAllBytes(dir.resolve("fake-mod.ko"));
        Files.delete(dir.resolve("fake-mod.ko"));
        try (var out = new org.tukaani.xz.XZOutputStream(Files.newOutputStream(dir.resolve("fake-mod.ko.xz")),
                new org.tukaani.xz.LZMA2Options(1))) {
            out.write(ko);
        }
        Files.writeString(root.resolve("lib/modules/" + REL + "/modules.dep"), "kernel/drivers/fake/fake-mod.ko.xz:\n");
        KernelInfo k = new LocalKernelLocator(root).locate(REL).orElseThrow();
        BtfDebugInfoProvider p = new BtfDebugInfoProvider(root, new BtfCache(cacheDir));
        BtfDebugInfo m = p.moduleBtf(k, "fake_mod").orElseThrow(() -> new AssertionError(p.problem(k, "fake_mod")));
        assertEquals(List.of("fake_probe"), m.functionNames());
    }

    // ------------------------------------------------------------------ the real installed kernel

    private static Optional<KernelInfo> realKernel() {
        return new LocalKernelLocator().locate(null).filter(k -> k.image() != null && Files.isRegularFile(k.image()));
    }

    @Test
    void realVmlinuzExtraction() throws Exception {
        Optional<KernelInfo> real = realKernel();
        assumeTrue(real.isPresent(), "no /boot/vmlinuz-* for an installed kernel: skipping real LZ4 extraction");
        KernelInfo k = real.get();
        BtfCache cache = new BtfCache(cacheDir);
        long t0 = System.nanoTime();
        BtfDebugInfo di = new BtfDebugInfoProvider(Path.of("/"), cache).fromImage(k.release(), k.image());
        long t1 = System.nanoTime();
        int funcs = di.functionNames().size();
        long t2 = System.nanoTime();
        BtfDebugInfo again = new BtfDebugInfoProvider(Path.of("/"), cache).fromImage(k.release(), k.image());
        long t3 = System.nanoTime();
        assertEquals(di.hash(), again.hash());
        assertTrue(funcs > 30_000, "functions: " + funcs);
        assertEquals("$fd:unsigned int $buf:char* $count:size_t", sig(di, di.function("ksys_read").orElseThrow()));
        String meta = Files.readString(cacheDir.resolve(BtfCache.key(k.release(), k.image()) + ".properties"));
        assertTrue(meta.contains("Linux version " + k.release()), meta);
        System.out.printf("real %s: extract+load %d ms, index %d functions %d ms, cache hit %d ms%n",
                k.release(), (t1 - t0) / 1_000_000, funcs, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    @Test
    void realModuleBtf() throws Exception {
        Optional<KernelInfo> real = realKernel();
        assumeTrue(real.isPresent(), "no installed kernel image: skipping real module BTF");
        KernelInfo k = real.get();
        BtfDebugInfoProvider p = new BtfDebugInfoProvider(Path.of("/"), new BtfCache(cacheDir));
        String name = null;
        for (String candidate : List.of("virtio_console", "vsock", "af_key", "loop")) {
            if (p.findModule(k.release(), candidate).isPresent()) { name = candidate; break; }
        }
        assumeTrue(name != null, "none of the probe modules is installed under /lib/modules/" + k.release() + ": skipping");
        BtfDebugInfo m = p.moduleBtf(k, name).orElseThrow(() -> new AssertionError(p.problem(k, "x")));
        assertTrue(m.btf().firstId() > 1);
        assertFalse(m.functionNames().isEmpty());
        for (String f : m.functionNames()) {
            FunctionSig s = m.function(f).orElseThrow();
            for (CType.Param prm : s.params()) assertFalse(m.typeName(prm.type()).isEmpty());
        }
        System.out.println("module " + name + ": " + m.functionNames().size() + " functions, e.g. "
                + m.functionNames().get(0) + "(" + sig(m, m.function(m.functionNames().get(0)).orElseThrow()) + ")");
    }
}
