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
 * kernel headers with no compiler or modpost warning. Kbuild runs two modules at a time and all modules share one
 * {@code jst_autoconf.h} (the runtime's kernel API probes), built once with the first module. Skipped when no
 * {@code /lib/modules/<rel>/build} exists.
 */
class BuildCorpusTest {
    private static final String FOLDER = "build/ok";
    private static final String AUTOCONF = "jst_autoconf.h";

    record Built(String script, String failure, String makeOutput) {}

    @TestFactory
    List<DynamicTest> buildOk() throws Exception {
        Path kbuild = kernelBuildDir();
        Assumptions.assumeTrue(kbuild != null, "no kernel headers under /lib/modules/*/build: build corpus skipped");
        Pipeline.assumeStages(3, "kmod");
        List<Path> files = Corpus.files(FOLDER);
        assertTrue(files.size() >= 100, FOLDER + " has " + files.size() + " scripts, needs at least 100");
        Path root = Files.createTempDirectory("jstap-buildcorpus");
        Map<String, Built> results = new LinkedHashMap<>();
        List<String[]> jobs = new ArrayList<>();   // script, dir, defines
        for (Path p : files) {
            CorpusScript s = CorpusScript.load(p);
            assertEquals(4, s.header().lastPass(), p + ": build/ok scripts run with -p4");
            SessionOptions o = s.header().toOptions().toBuilder().lastPass(3).build();
            Pipeline.Outcome out = Pipeline.run(s.displayName(), s.text(), o);
            String name = p.getFileName().toString();
            if (out.failedPass() != 0 || !(out.output() instanceof ModuleSourceArtefact src)) {
                results.put(name, new Built(name, "pass " + out.failedPass() + " failed:\n" + out.render(), ""));
                continue;
            }
            Path dir = root.resolve(name.replace(".stp", ""));
            for (Map.Entry<String, byte[]> e : src.files().entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            jobs.add(new String[] {name, dir.toString(), defines(o.defines())});
            results.put(name, null);
        }
        byte[] autoconf = null;
        for (int i = 0; i < jobs.size(); ) {
            int n = autoconf == null ? 1 : Math.min(2, jobs.size() - i);   // the first one alone: it makes autoconf
            List<Process> ps = new ArrayList<>();
            for (int j = i; j < i + n; j++) {
                Path dir = Path.of(jobs.get(j)[1]);
                if (autoconf != null) Files.write(dir.resolve(AUTOCONF), autoconf);
                ps.add(make(kbuild, dir, jobs.get(j)[2]));
            }
            for (int j = 0; j < n; j++) {
                String[] job = jobs.get(i + j);
                Path dir = Path.of(job[1]);
                int rc = ps.get(j).waitFor();
                String log = Files.readString(dir.resolve("make.log"), StandardCharsets.UTF_8);
                String failure = null;
                if (rc != 0 || !Files.exists(dir.resolve("jstapcorpus.ko"))) failure = "kbuild failed (exit " + rc + ")";
                else if (!warnings(log).isEmpty()) failure = "warnings:\n" + String.join("\n", warnings(log));
                if (autoconf == null && Files.exists(dir.resolve(AUTOCONF))) autoconf = Files.readAllBytes(dir.resolve(AUTOCONF));
                results.put(job[0], new Built(job[0], failure, log));
            }
            i += n;
        }
        deleteTree(root);
        List<DynamicTest> tests = new ArrayList<>();
        results.forEach((name, b) -> tests.add(DynamicTest.dynamicTest(FOLDER + "/" + name, () -> {
            assertNotNull(b);
            assertTrue(b.failure() == null, name + ": " + b.failure() + "\n" + tail(b.makeOutput()));
        })));
        return tests;
    }

    private static Process make(Path kbuild, Path dir, String extraCflags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("make", "-C", kbuild.toString(), "M=" + dir, "JSTAP_MODULE=jstapcorpus"));
        if (!extraCflags.isEmpty()) cmd.add("EXTRA_CFLAGS=" + extraCflags);
        cmd.add("modules");
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

    private static String tail(String s) {
        String[] l = s.split("\n");
        return String.join("\n", java.util.Arrays.asList(l).subList(Math.max(0, l.length - 25), l.length));
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
