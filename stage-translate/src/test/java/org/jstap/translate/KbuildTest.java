package org.jstap.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.ir.IrArtefact;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates for real and compiles with the installed kernel headers: hand-built IR (constructs pass 2 may not
 * produce) and scripts through the real passes 1 and 2. Every module must build with zero warnings.
 */
class KbuildTest {
    @TempDir
    static Path dir;
    static Map<String, Kbuild.Result> results = new LinkedHashMap<>();
    static Map<String, String> sources = new LinkedHashMap<>();

    @BeforeAll
    static void buildAll() throws Exception {
        Assumptions.assumeTrue(Kbuild.buildDir() != null,
                "no kernel headers (/lib/modules/<rel>/build): skipping the kbuild tests");
        Map<String, IrArtefact> irs = new LinkedHashMap<>();
        irs.put("hello", Programs.hello());
        irs.put("language_ir", Programs.language());
        irs.put("families_ir", Programs.families());
        for (String s : List.of("families", "language")) {
            String text;
            try (InputStream in = KbuildTest.class.getResourceAsStream("/scripts/" + s + ".stp")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Frontend.Result r = Frontend.elaborate(s + ".stp", text);
            assertNotNull(r.ir(), "passes 1-2 of " + s + ".stp:\n" + r.diagnostics());
            irs.put(s, r.ir());
        }
        List<Path> dirs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, IrArtefact> e : irs.entrySet()) {
            ModuleSourceArtefact a = new TranslateStage().run(e.getValue(),
                    StageContext.of(SessionOptions.builder().build(), () -> null));
            sources.put(e.getKey(), a.text(TranslateStage.SOURCE));
            dirs.add(Kbuild.layout(a, dir.resolve(e.getKey())));
            names.add("jstap_t_" + e.getKey());
        }
        // the first build makes jst_autoconf.h; the others reuse it, as stage-build's cache would
        results.put(names.get(0), Kbuild.make(dirs.subList(0, 1), names.subList(0, 1)).get(0));
        Path ac = dirs.get(0).resolve("jst_autoconf.h");
        for (Path d : dirs.subList(1, dirs.size())) if (Files.exists(ac)) Files.copy(ac, d.resolve("jst_autoconf.h"));
        List<Kbuild.Result> rest = Kbuild.make(dirs.subList(1, dirs.size()), names.subList(1, names.size()));
        for (int i = 0; i < rest.size(); i++) results.put(names.get(i + 1), rest.get(i));
    }

    private static void assertBuiltClean(String name) {
        Kbuild.Result r = results.get("jstap_t_" + name);
        assertNotNull(r);
        assertEquals(0, r.exit(), name + ":\n" + r.output());
        assertNotNull(r.ko(), name + ": no .ko\n" + r.output());
        assertTrue(r.problems().isEmpty(), name + ": compiler warnings:\n" + String.join("\n", r.problems()));
    }

    @Test
    void helloBuildsWithoutWarnings() {
        assertBuiltClean("hello");
    }

    @Test
    void handBuiltLanguageIrBuildsWithoutWarnings() {
        assertBuiltClean("language_ir");
    }

    @Test
    void handBuiltProbeFamiliesBuildWithoutWarnings() {
        assertBuiltClean("families_ir");
    }

    @Test
    void realPipelineProbeFamiliesBuildWithoutWarnings() {
        assertBuiltClean("families");
        String c = sources.get("families");
        for (String need : List.of("jt_kprobes[]", "jt_tracepoints[]", "jt_timers[]", "jt_profiles[]", "JST_BEGIN",
                "JST_END", "JST_ERROR_PROBE", ".entry_body = je_")) {
            assertTrue(c.contains(need), "families.stp C lacks " + need);
        }
    }

    @Test
    void realPipelineLanguageBuildsWithoutWarnings() {
        assertBuiltClean("language");
        assertTrue(sources.get("language").contains("static int jt_re_0(struct jst_context *c __maybe_unused, const char *s)"));
    }

    @Test
    void moduleCarriesVermagicOfTheInstalledKernel() throws IOException {
        Kbuild.Result r = results.get("jstap_t_hello");
        Assumptions.assumeTrue(r != null && r.ko() != null);
        String ko = new String(Files.readAllBytes(r.ko()), StandardCharsets.ISO_8859_1);
        String rel = Kbuild.buildDir().getParent().getFileName().toString();
        assertTrue(ko.contains("vermagic=" + rel), "vermagic of " + rel);
    }
}
