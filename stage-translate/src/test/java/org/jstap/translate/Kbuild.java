package org.jstap.translate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.artefact.ModuleSourceArtefact;

/** Test helper: lays out module sources and runs the installed kernel's kbuild on them. */
final class Kbuild {
    record Result(int exit, String output, long millis, Path ko) {
        /** Compiler/modpost warnings and errors, one per line. */
        List<String> problems() {
            List<String> p = new ArrayList<>();
            for (String l : output.split("\n")) {
                if (l.contains("warning:") || l.contains("error:") || l.startsWith("WARNING:") || l.startsWith("ERROR:")) {
                    p.add(l);
                }
            }
            return p;
        }
    }

    private Kbuild() {}

    /** The kernel build dir of the first release under /lib/modules with one, or null. */
    static Path buildDir() {
        Path mods = Path.of("/lib/modules");
        if (!Files.isDirectory(mods)) return null;
        try (Stream<Path> s = Files.list(mods)) {
            return s.map(p -> p.resolve("build")).filter(p -> Files.isRegularFile(p.resolve("Makefile")))
                    .sorted(Comparator.reverseOrder()).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static Path layout(ModuleSourceArtefact src, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : src.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return dir;
    }

    static Result build(Path dir, String module) throws IOException, InterruptedException {
        return make(List.of(dir), List.of(module)).get(0);
    }

    /**
     * Builds several module dirs, two at a time ({@code -j2} inside one make would interleave the outputs).
     */
    static List<Result> make(List<Path> dirs, List<String> modules) throws IOException, InterruptedException {
        Path kb = buildDir();
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i += 2) {
            List<Process> ps = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int j = i; j < Math.min(i + 2, dirs.size()); j++) {
                Path log = dirs.get(j).resolve("make.log");
                ProcessBuilder pb = new ProcessBuilder("make", "-C", kb.toString(), "M=" + dirs.get(j),
                        "JSTAP_MODULE=" + modules.get(j), "modules").redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("LC_ALL", "C");
                pb.environment().remove("MAKEFLAGS");
                ps.add(pb.start());
                logs.add(log);
            }
            for (int j = 0; j < ps.size(); j++) {
                int rc = ps.get(j).waitFor();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Path ko = dirs.get(i + j).resolve(modules.get(i + j) + ".ko");
                out.add(new Result(rc, Files.readString(logs.get(j), StandardCharsets.UTF_8), ms,
                        Files.exists(ko) ? ko : null));
            }
        }
        return out;
    }
}
