package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.ModInfo;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleManifest;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One VM for the whole class, used as the "persistent" VM of a VmTarget: hand-built test modules go through the
 * agent with plain insmod/rmmod (no loader in these VMs: the test modules have no jstaprun control files). Skipped without qemu, a bootable kernel or its headers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmRunTest {
    @TempDir static Path tmp;
    static VmInstance vm;
    static Path kos;
    static String skip;

    @BeforeAll
    static void boot() throws Exception {
        skip = TestEnv.whyNoKbuild();
        if (skip != null) return;
        kos = TestEnv.buildTestModules(Files.createDirectories(tmp.resolve("kmod")));
        vm = new VmInstance(tmp.resolve("vm"));
        VmInstance.Started s = vm.start(VmInstance.Config.defaults(TestEnv.kernel().get(), null),
                Duration.ofSeconds(120));
        System.out.printf("VM boot to ready: %d ms (%s, guest uptime %.2f s), initramfs %d ms%n", s.bootMillis(),
                s.accel(), s.guestUptime(), s.initramfsMillis());
    }

    @AfterAll
    static void shutdown() {
        if (vm != null) vm.stop();
    }

    static ModuleArtefact artefact(String name) throws Exception {
        byte[] ko = Files.readAllBytes(kos.resolve(name + ".ko"));
        String vermagic = ModInfo.of(ko).get("vermagic");
        return new ModuleArtefact(new ArtefactHeader(1, ModuleArtefact.KIND, "test", "1", "h"),
                new ModuleManifest(name, name + ".ko", ModInfo.releaseOf(vermagic), null, "x86_64", vermagic, null,
                        List.of(), List.of()), ko);
    }

    static final class Run {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        final StageContext ctx;

        Run(SessionOptions o) {
            ctx = new StageContext(o, new Diagnostics(), new SourceTexts(), () -> null, new PrintStream(out, true),
                    new PrintStream(err, true));
        }
    }

    RunStage stage() {
        return new RunStage(List.of(new VmTarget(vm), new LocalTarget()));
    }

    @Test
    @Order(1)
    void moduleOutputComesBackAndKernelStaysClean() throws Exception {
        assumeTrue(skip == null, skip);
        ModuleArtefact m = artefact("jstap_vmtest");
        for (int n = 0; n < 3; n++) {
            final int i = n;
            Run r = new Run(SessionOptions.builder().target("vm").command("cat /proc/jstap_vmtest")
                    .moduleParams("greeting=" + (40 + i)).runTimeout(java.time.Duration.ofSeconds(60)).build());
            long t0 = System.nanoTime();
            RunResult res = stage().run(m, r.ctx);
            System.out.printf("module round trip in the persistent VM: %d ms (agent %d ms)%n",
                    (System.nanoTime() - t0) / 1_000_000, res.roundTripMillis());
            assertEquals("jstap_vmtest proc says " + (40 + i) + "\n", r.out.toString());
            assertEquals(0, res.exitStatus());
            assertEquals(0, res.commandStatus());
            assertTrue(res.kernelLog().stream().anyMatch(l -> l.contains("jstap_vmtest: hello greeting=" + (40 + i))),
                    res.kernelLog().toString());
            assertTrue(res.unloaded());
            assertFalse(res.badTaint(), "taint " + res.taintAfter());
            assertFalse(res.oops());
            assertNull(res.kernelProblem());
            assertNull(res.restartReason());
            assertTrue(r.ctx.diagnostics().all().isEmpty(), r.ctx.diagnostics().all().toString());
        }
    }

    @Test
    @Order(2)
    void wrongKernelIsRefusedBeforeSending() throws Exception {
        assumeTrue(skip == null, skip);
        ModuleArtefact real = artefact("jstap_vmtest");
        byte[] ko = real.ko();
        String v = real.koVermagic();
        byte[] fake = new String(ko, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("vermagic=" + v, "vermagic=" + "9".repeat(ModInfo.releaseOf(v).length()) + v.substring(ModInfo.releaseOf(v).length()))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ModuleArtefact m = new ModuleArtefact(real.header(), real.manifest(), fake);
        Run r = new Run(SessionOptions.builder().target("vm").build());
        assertThrows(StageFailedException.class, () -> stage().run(m, r.ctx));
        assertEquals(Codes.RUN_KERNEL_MISMATCH, r.ctx.diagnostics().all().get(0).code());
        assertTrue(vm.isRunning());
    }

    @Test
    @Order(3)
    void moduleThatStaysLoadedRestartsTheVm() throws Exception {
        assumeTrue(skip == null, skip);
        long pid0 = vm.process().orElseThrow().pid();
        Run r = new Run(SessionOptions.builder().target("vm").runTimeout(java.time.Duration.ofSeconds(60)).build());
        RunResult res = stage().run(artefact("jstap_stuck"), r.ctx);
        assertFalse(res.unloaded());
        assertNotNull(res.restartReason(), "restarted");
        assertTrue(res.restartReason().contains("still loaded"), res.restartReason());
        assertEquals(Codes.RUN_FAILED, r.ctx.diagnostics().all().get(0).code());
        assertTrue(vm.isRunning());
        assertNotEquals(pid0, vm.process().orElseThrow().pid());
        assertTrue(Files.exists(vm.stateDir().resolve("console-1.log")), "old console log kept");
        // the fresh VM works
        Run again = new Run(SessionOptions.builder().target("vm").command("cat /proc/jstap_vmtest").build());
        assertEquals(0, stage().run(artefact("jstap_vmtest"), again.ctx).exitStatus());
        assertEquals("jstap_vmtest proc says 7\n", again.out.toString());
    }

    @Test
    @Order(4)
    void statusSubcommandDescribesTheVm() {
        assumeTrue(skip == null, skip);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new VmSubcommand(vm).run(List.of("status"), new PrintStream(out, true), System.err);
        assertEquals(0, rc);
        assertTrue(out.toString().contains("running"), out.toString());
        assertTrue(out.toString().contains(TestEnv.kernel().get().release()), out.toString());
    }

    @Test
    @Order(5)
    void timeoutInterruptsTheRunWhichEndsCleanly() throws Exception {
        assumeTrue(skip == null, skip);
        long pid0 = vm.process().orElseThrow().pid();
        Run r = new Run(SessionOptions.builder().target("vm").command("echo started; sleep 60")
                .runTimeout(java.time.Duration.ofMillis(1500)).build());
        long t0 = System.nanoTime();
        RunResult res = stage().run(artefact("jstap_vmtest"), r.ctx);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(res.timedOut());
        assertEquals("started\n", r.out.toString());
        assertTrue(res.unloaded(), "INT ended the command, then the module was unloaded");
        assertNull(res.kernelProblem());
        assertNull(res.restartReason(), "a run that ended on interrupt leaves a clean VM");
        assertTrue(ms < 30_000, ms + " ms"); // 1.5 s limit + INT; generous for a loaded CI machine
        assertEquals(pid0, vm.process().orElseThrow().pid());
    }

    @Test
    @Order(6)
    void withoutAPersistentVmARunBootsItsOwnWithVmFiles() throws Exception {
        assumeTrue(skip == null, skip);
        Path data = Files.writeString(tmp.resolve("guest-data.txt"), "from the host\n");
        Run r = new Run(SessionOptions.builder().target("vm").vmFiles(List.of(data)).verbosity(1)
                .command("cat " + data.toAbsolutePath() + " /proc/jstap_vmtest").build());
        VmTarget ephemeral = new VmTarget(new VmInstance(tmp.resolve("no-vm-here")), java.util.Optional::empty);
        long t0 = System.nanoTime();
        RunResult res = new RunStage(List.of(ephemeral)).run(artefact("jstap_vmtest"), r.ctx);
        System.out.printf("one-shot run (boot, run, power off): %d ms; %s%n", (System.nanoTime() - t0) / 1_000_000, r.err);
        assertEquals("from the host\njstap_vmtest proc says 7\n", r.out.toString());
        assertNull(res.kernelProblem());
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("jstap-vm") && Files.exists(p.resolve("qemu.pid"))),
                    "private VM stopped and cleaned up");
        }
    }

    @Test
    void registryFindsStageTargetsAndSubcommand() {
        var reg = org.jstap.api.spi.Registry.discover(getClass().getClassLoader());
        assertTrue(reg.stage(org.jstap.api.Pass.RUN, "kmod").orElseThrow() instanceof RunStage);
        assertEquals(java.util.Set.of("local", "vm"),
                reg.runTargets().stream().map(org.jstap.api.spi.RunTarget::name).collect(java.util.stream.Collectors.toSet()));
        assertTrue(reg.subcommand("vm").isPresent());
    }

    @Test
    void unknownTargetIsAUsageError() {
        Run r = new Run(SessionOptions.builder().target("mars").build());
        assertThrows(StageFailedException.class, () -> stage().choose("mars", r.ctx));
        assertEquals(Codes.DRIVER_USAGE, r.ctx.diagnostics().all().get(0).code());
    }
}
