package org.jstap.build;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModInfo;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real kbuild runs against the installed kernel headers (skipped without them): one good, one broken module. */
class BuildStageTest {
    static KernelInfo kernel;

    @BeforeAll
    static void findKernel() {
        kernel = TestKernels.installed().orElse(null);
    }

    static final String GOOD = "#include <linux/module.h>\n"
            + "static int __init j_init(void) {\n"
            + "  /* @jstap t.stp:1:7 */\n"
            + "  pr_info(\"%s: hello %d\\n\", KBUILD_MODNAME, MAGIC);\n"
            + "  return 0;\n}\n"
            + "static void __exit j_exit(void) {}\n"
            + "module_init(j_init);\nmodule_exit(j_exit);\nMODULE_LICENSE(\"GPL\");\n";

    static final String BROKEN = "#include <linux/module.h>\n"
            + "static int __init j_init(void) {\n"
            + "  /* @jstap t.stp:2:3 */\n"
            + "  return undeclared_thing;\n"
            + "}\nmodule_init(j_init);\nMODULE_LICENSE(\"GPL\");\n";

    StageContext ctx(SessionOptions o, ByteArrayOutputStream err) {
        return new StageContext(o, new Diagnostics(), new SourceTexts(), () -> kernel, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
    }

    ModuleSourceArtefact src(String c) {
        return new ModuleSourceArtefact(ModuleArtefactCodecTest.SRC_HEADER, "0123456789abcdef99", List.of("begin"),
                ModuleSourceArtefact.utf8(Map.of("probes.c", c)));
    }

    @Test
    void buildsAStrippedModuleWithManifest() throws Exception {
        assumeTrue(kernel != null, "no kernel build dir under /lib/modules/*/build: kbuild test skipped");
        SessionOptions o = SessionOptions.builder().defines(Map.of("MAGIC", "42")).moduleName("jstap_buildtest").build();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        ModuleArtefact m = new BuildStage().run(src(GOOD), ctx(o, err));
        System.out.printf("kbuild of a small module: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals("jstap_buildtest", m.manifest().moduleName());
        assertEquals(kernel.release(), m.manifest().kernelRelease());
        assertEquals(kernel.release(), ModInfo.releaseOf(m.koVermagic()));
        assertEquals(List.of("-DMAGIC=42", "-mjstap_buildtest"), m.manifest().options());
        assertEquals("jstap_buildtest", ModInfo.of(m.ko()).get("name"));
        assertFalse(new String(m.ko(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(".debug_info"),
                "debug info stripped");
        assertEquals("", err.toString(), "compiler output hidden without -v");
    }

    @Test
    void compilerErrorsPointAtTheScriptLine() throws Exception {
        assumeTrue(kernel != null, "no kernel build dir under /lib/modules/*/build: kbuild test skipped");
        SessionOptions o = SessionOptions.builder().keepTemp(true).build();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StageContext c = ctx(o, err);
        StageFailedException e = assertThrows(StageFailedException.class, () -> new BuildStage().run(src(BROKEN), c));
        assertEquals(Pass.BUILD, e.pass());
        Diagnostic d = c.diagnostics().all().get(0);
        assertEquals(Codes.BUILD_FAILED, d.code());
        assertEquals(Span.at("t.stp", 2, 3), d.span());
        assertTrue(d.message().contains("undeclared_thing"), d.message());
        assertEquals(4, d.related().get(0).span().line());
        String kept = err.toString().replaceAll("(?s).*Keeping temporary directory \"([^\"]+)\".*", "$1").strip();
        assertTrue(Files.isDirectory(Path.of(kept)), "-k keeps " + kept);
        assertTrue(Files.isRegularFile(Path.of(kept, "Kbuild")));
        BuildStage.deleteTree(Path.of(kept));
    }

    static final String AC_MK = "ccflags-y += -I$(src)\n"
            + "$(addprefix $(obj)/,$(obj-m)): $(obj)/jst_autoconf.h\n"
            + "$(obj)/jst_autoconf.h:\n\techo '#define AC_RAN 1' > $@\n";

    @Test
    void literalKbuildNameAndAutoconfCache(@org.junit.jupiter.api.io.TempDir Path cache) throws Exception {
        assumeTrue(kernel != null, "no kernel build dir under /lib/modules/*/build: kbuild test skipped");
        String c = "#include <linux/module.h>\n#include \"jst_autoconf.h\"\n"
                + "static int __init j_init(void) { return AC_RAN - 1; }\nmodule_init(j_init);\nMODULE_LICENSE(\"GPL\");\n";
        ModuleSourceArtefact s = new ModuleSourceArtefact(ModuleArtefactCodecTest.SRC_HEADER, "ab", List.of(),
                ModuleSourceArtefact.utf8(Map.of("stap_lit.c", c, "Kbuild",
                        "obj-m := stap_lit.o\ninclude $(src)/jst_runtime.mk\n", "jst_runtime.mk", AC_MK)));
        BuildStage stage = new BuildStage(new AutoconfCache(cache));
        for (String expect : new String[] {"autoconf cache miss", "autoconf cache hit"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ModuleArtefact m = stage.run(s, ctx(SessionOptions.builder().verbosity(2).moduleName("jstap_lit").build(), err));
            assertEquals("jstap_lit", ModInfo.of(m.ko()).get("name"));
            assertTrue(err.toString().contains(expect), err.toString());
        }
    }

    /** Issue 11 item 1: a {@code -D} value once reached make's shell through EXTRA_CFLAGS and ran commands. */
    @Test
    void aDefineValueNeverReachesMakesShell(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(kernel != null, "no kernel build dir under /lib/modules/*/build: kbuild test skipped");
        Path marker = tmp.resolve("pwned");
        for (String v : List.of("`touch " + marker + "`", "1;touch " + marker, "$(shell touch " + marker + ")",
                "1\ntouch " + marker, "1 -include " + marker)) {
            SessionOptions o = SessionOptions.builder().defines(Map.of("MAGIC", "42", "X", v))
                    .moduleName("jstap_injtest").build();
            StageContext c = ctx(o, new ByteArrayOutputStream());
            assertThrows(StageFailedException.class, () -> new BuildStage().run(src(GOOD), c), v);
            assertFalse(Files.exists(marker), "-D X=" + v + " ran a command");
            assertEquals(Codes.DRIVER_BAD_DEFINE, c.diagnostics().all().get(0).code(), v);
        }
    }

    /** Issue 11 item 3: the -p4 module copy went to ~/.cache/jstap even with JSTAP_CACHE_DIR set. */
    @Test
    void moduleCopyHonoursJstapCacheDir() {
        assertEquals(Path.of("/tmp/jc/modules"), BuildStage.moduleCacheDir(Map.of("JSTAP_CACHE_DIR", "/tmp/jc")));
        assertEquals(Path.of("/tmp/x/jstap/modules"), BuildStage.moduleCacheDir(Map.of("XDG_CACHE_HOME", "/tmp/x")));
    }

    /** Issue 11 item 11: a build dir left by a killed jstap is removed by the next build; live and -k ones stay. */
    @Test
    void staleBuildDirsOfDeadProcessesAreCleaned(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        BuildDirs dirs = new BuildDirs(tmp.resolve("jstap-build-test"));
        Path mine = dirs.create(false);
        Path stale = Files.createDirectories(dirs.root().resolve("build-" + dead.pid() + "-123"));
        Files.writeString(stale.resolve("probes.o"), "x");
        Path kept = Files.createDirectories(dirs.root().resolve("kept-" + dead.pid() + "-9"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dirs.root())));
        Path next = dirs.create(false);
        assertFalse(Files.exists(stale), "stale dir of a dead pid removed");
        assertTrue(Files.isDirectory(mine) && Files.isDirectory(next) && Files.isDirectory(kept));
        assertTrue(next.startsWith(dirs.root()) && next.getFileName().toString().startsWith("build-"
                + ProcessHandle.current().pid() + "-"));
    }

    @Test
    void bufferSizeOptionsBecomeThePerCpuOutputBuffer() {
        assertEquals(Map.of("JST_TRANSPORT_BUFSIZE", String.valueOf(4L << 20)),
                BuildStage.defines(SessionOptions.builder().bufferSizeMb(4).build()));
        assertEquals(Map.of("JST_TRANSPORT_BUFSIZE", String.valueOf(16L << 20)),
                BuildStage.defines(SessionOptions.builder().bulk(true).build()), "-b: stap's 16 MB");
        assertEquals(Map.of("JST_TRANSPORT_BUFSIZE", String.valueOf(2L << 20)),
                BuildStage.defines(SessionOptions.builder().bulk(true).bufferSizeMb(2).build()), "-s wins over -b");
        assertEquals(Map.of("JST_TRANSPORT_BUFSIZE", "8192"), BuildStage.defines(SessionOptions.builder()
                .bufferSizeMb(4).defines(Map.of("JST_TRANSPORT_BUFSIZE", "8192")).build()), "-D wins");
        assertEquals(Map.of(), BuildStage.defines(SessionOptions.builder().build()));
    }
}
