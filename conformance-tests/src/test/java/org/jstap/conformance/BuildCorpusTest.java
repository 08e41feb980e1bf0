package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code build/ok}: every script must go through passes 1-3 (kmod) and its module must build against the installed
 * kernel headers with no compiler or modpost warning. To keep CI time down the modules are built in batches: one
 * {@code make -j2 -k} per batch over a directory whose Kbuild lists each module's directory ({@code obj-m += a/ b/}),
 * so kbuild and modpost start once per batch; every module gets a unique name and its own {@code -D} flags, and all
 * share one {@code jst_autoconf.h} (the runtime's kernel API probes), made by the first module. Warnings are
 * attributed to a module by the path in the message. Skipped when no {@code /lib/modules/<rel>/build} exists.
 */
class BuildCorpusTest {
    private static final String FOLDER = "build/ok";
    private static final String AUTOCONF = "jst_autoconf.h";
    private static final int BATCH = 24;

    record Built(String script, String failure, String makeOutput) {}

    record Job(String script, String module, Path dir) {}

    @TestFactory
    List<DynamicTest> buildOk() throws Exception {
        Path kbuild = kernelBuildDir();
        Assumptions.assumeTrue(kbuild != null, "no kernel headers under /lib/modules/*/build: build corpus skipped");
        Pipeline.assumeStages(3, "kmod");
        List<Path> files = Corpus.files(FOLDER);
        assertTrue(files.size() >= 100, FOLDER + " has " + files.size() + " scripts, needs at least 100");
        Path root = Files.createTempDirectory("jstap-buildcorpus");
        Map<String, Built> results = new LinkedHashMap<>();
        List<Job> jobs = new ArrayList<>();
        Map<String, String> unmet = new LinkedHashMap<>();
        for (Path p : files) {
            String need = RunCorpusVmTest.unmetNeed(p); // "# needs-file:": the kernel's -dbg package, say
            if (need != null) {
                unmet.put(p.getFileName().toString(), need);
                continue;
            }
            CorpusScript s = CorpusScript.load(p);
            assertEquals(4, s.header().lastPass(), p + ": build/ok scripts run with -p4");
            SessionOptions o = s.header().toOptions().toBuilder().lastPass(3).build();
            Pipeline.Outcome out = Pipeline.run(s.displayName(), s.text(), o);
            String name = p.getFileName().toString();
            if (out.failedPass() != 0 || !(out.output() instanceof ModuleSourceArtefact src)) {
                results.put(name, new Built(name, "pass " + out.failedPass() + " failed:\n" + out.render(), ""));
                continue;
            }
            String module = "jstapc_" + jobs.size();
            Path dir = root.resolve("b" + (jobs.isEmpty() ? 0 : 1 + (jobs.size() - 1) / BATCH)).resolve(module);
            for (Map.Entry<String, byte[]> e : src.files().entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            // pass 4 passes JSTAP_MODULE and -D on the make command line; here each module has its own
            Path kb = dir.resolve(ModuleSourceArtefact.KBUILD);
            String kbText = Files.readString(kb).replace("$(JSTAP_MODULE)", module);
            String defines = defines(o.defines());
            if (!defines.isEmpty()) kbText += "ccflags-y += " + defines + "\n";
            Files.writeString(kb, kbText);
            jobs.add(new Job(name, module, dir));
            results.put(name, null);
        }
        Map<Path, List<Job>> batches = new LinkedHashMap<>();
        for (Job j : jobs) batches.computeIfAbsent(j.dir().getParent(), k -> new ArrayList<>()).add(j);
        byte[] autoconf = null;
        for (Map.Entry<Path, List<Job>> b : batches.entrySet()) {
            Path batchDir = b.getKey();
            StringBuilder kb = new StringBuilder("obj-m +=");
            for (Job j : b.getValue()) {
                kb.append(' ').append(j.module()).append('/');
                if (autoconf != null) Files.write(j.dir().resolve(AUTOCONF), autoconf);
            }
            Files.writeString(batchDir.resolve(ModuleSourceArtefact.KBUILD), kb.append('\n').toString());
            int rc = make(kbuild, batchDir).waitFor();
            String log = Files.readString(batchDir.resolve("make.log"), StandardCharsets.UTF_8);
            List<String> problems = warnings(log);
            for (Job j : b.getValue()) {
                List<String> mine = new ArrayList<>();
                for (String w : problems) {
                    if (w.contains("/" + j.module() + "/") || w.contains("/" + j.module() + ".")) mine.add(w);
                }
                String failure = null;
                if (!Files.exists(j.dir().resolve(j.module() + ".ko"))) failure = "kbuild failed (make exit " + rc + ")";
                if (!mine.isEmpty()) failure = (failure == null ? "" : failure + "; ") + "warnings:\n" + String.join("\n", mine);
                results.put(j.script(), new Built(j.script(), failure, relevant(log, j.module())));
                if (autoconf == null && Files.exists(j.dir().resolve(AUTOCONF))) {
                    autoconf = Files.readAllBytes(j.dir().resolve(AUTOCONF));
                }
            }
            List<String> stray = new ArrayList<>(problems);
            for (Job j : b.getValue()) stray.removeIf(w -> w.contains("/" + j.module() + "/") || w.contains("/" + j.module() + "."));
            assertTrue(stray.isEmpty(), "warnings not attributable to one module in " + batchDir + ":\n" + String.join("\n", stray));
        }
        deleteTree(root);
        List<DynamicTest> tests = new ArrayList<>();
        unmet.forEach((name, why) -> tests.add(DynamicTest.dynamicTest(FOLDER + "/" + name,
                () -> Assumptions.abort(why))));
        results.forEach((name, b) -> tests.add(DynamicTest.dynamicTest(FOLDER + "/" + name, () -> {
            assertNotNull(b);
            assertTrue(b.failure() == null, name + ": " + b.failure() + "\n" + b.makeOutput());
        })));
        return tests;
    }

    /** The make output lines about one module (with some context), for failure messages. */
    private static String relevant(String log, String module) {
        StringBuilder b = new StringBuilder();
        String[] lines = log.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("/" + module + "/") || lines[i].contains("/" + module + ".")) {
                for (int k = i; k < Math.min(lines.length, i + 4); k++) b.append(lines[k]).append('\n');
            }
        }
        return b.toString();
    }

    private static Process make(Path kbuild, Path dir) throws IOException {
        List<String> cmd = List.of("make", "-k", "-j2", "-C", kbuild.toString(), "M=" + dir, "modules");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("make.log").toFile());
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("MAKEFLAGS");
        return pb.start();
    }

    private static String defines(Map<String, String> d) {
        List<String> f = new ArrayList<>();
        d.forEach((k, v) -> f.add(v == null || v.isEmpty() ? "-D" + k : "-D" + k + "=" + v));
        return String.join(" ", f);
    }

    static List<String> warnings(String log) {
        List<String> w = new ArrayList<>();
        for (String l : log.split("\n")) {
            if (l.contains("warning:") || l.contains("error:") || l.startsWith("WARNING:") || l.startsWith("ERROR:")) w.add(l);
        }
        return w;
    }

    static Path kernelBuildDir() {
        Path mods = Path.of("/lib/modules");
        if (!Files.isDirectory(mods)) return null;
        try (Stream<Path> s = Files.list(mods)) {
            return s.map(p -> p.resolve("build")).filter(p -> Files.isRegularFile(p.resolve("Makefile")))
                    .max(Comparator.naturalOrder()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
