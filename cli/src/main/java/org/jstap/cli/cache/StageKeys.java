package org.jstap.cli.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jstap.api.CacheInputs;
import org.jstap.api.KernelConfigText;
import org.jstap.api.KernelInfo;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.debuginfo.DebugInfoProvider;

/**
 * A stage's cache key: the generic part here (the stage's name, version, backend and the jar it came from, so a
 * rebuilt stage or tapset library never reuses old output; the input artefact; the runtime, {@code -g}, and the
 * diagnostics options {@code -w}, {@code -W}, raw mode, since the entry replays what was printed), then whatever
 * the stage declares it reads ({@link Stage#cacheInputs}; the standard passes' lists are
 * {@link CacheInputs.Standard}), with the environment inputs (kernel, build tree, compiler, {@code -I} files,
 * debug info) computed here.
 */
public final class StageKeys {
    private final SessionOptions o;
    private final Supplier<KernelInfo> kernel;
    private final List<DebugInfoProvider> debugInfos;
    private final Supplier<String> compiler;

    public StageKeys(SessionOptions o, Supplier<KernelInfo> kernel, List<DebugInfoProvider> debugInfos,
                     Supplier<String> compiler) {
        this.o = o;
        this.kernel = kernel;
        List<DebugInfoProvider> d = new ArrayList<>(debugInfos);
        d.sort(Comparator.comparing(DebugInfoProvider::name));
        this.debugInfos = d;
        this.compiler = compiler;
    }

    /** The directory name of a stage's entries, e.g. {@code p4-build}. */
    public static String stageDir(Stage<?, ?> s) {
        return "p" + s.pass().number + "-" + s.name().replaceAll("[^A-Za-z0-9_.-]", "_")
                + (s.backend().equals("*") ? "" : "-" + s.backend().replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    public CacheKey key(Stage<?, ?> stage, byte[] input) {
        return keyOfInput(stage, Hashes.start().add(input).hex());
    }

    /** {@link #key} of an input known by its hash: a cache hit's bytes were hashed when they were checked. */
    public CacheKey keyOfInput(Stage<?, ?> stage, String inputSha256) {
        CacheKey k = new CacheKey();
        k.add("stage", stage.pass().number + " " + stage.name() + "/" + stage.version() + " backend " + stage.backend());
        k.add("stage code", codeIdentity(stage.getClass()));
        k.addSha256("input", inputSha256);
        k.add("runtime", o.runtime());
        k.add("diagnostics", "-w=" + o.suppressWarnings() + " -W=" + o.warningsAreErrors() + " raw=" + o.rawDiagnostics());
        k.add("guru (-g)", Boolean.toString(o.guru()));
        stage.cacheInputs(o, new Inputs(k));
        return k;
    }

    /** A stage's declared inputs, into its key; what the environment holds is looked up here. */
    private final class Inputs implements CacheInputs {
        private final CacheKey k;

        Inputs(CacheKey k) {
            this.k = k;
        }

        @Override public CacheInputs add(String label, String value) { k.add(label, value); return this; }
        @Override public CacheInputs kernel() { addKernel(k, false); return this; }
        @Override public CacheInputs kernelBuildTree() { addKernel(k, true); return this; }
        @Override public CacheInputs compiler() { k.add("compiler", compiler.get()); return this; }
        @Override public CacheInputs includeDirContents() { k.add("-I contents", includeDirsHash(o.includeDirs())); return this; }

        @Override
        public CacheInputs kernelDebugInfo() {
            KernelInfo ki = kernel.get();
            for (DebugInfoProvider d : debugInfos) {
                String h;
                try {
                    h = ki == null ? null : d.kernelHash(ki).orElse(null);
                } catch (RuntimeException e) {
                    h = "unavailable";
                }
                k.add("debug info " + d.name(), h);
            }
            return this;
        }

        @Override
        public CacheInputs fileIdentities(String label, List<String> paths) {
            StringBuilder ds = new StringBuilder();
            for (String f : paths) ds.append(fileIdentity(Path.of(f))).append('\n');
            k.add(label, ds.toString());
            return this;
        }
    }

    private void addKernel(CacheKey k, boolean buildTree) {
        KernelInfo ki = kernel.get();
        if (ki == null) {
            k.add("kernel", null);
            return;
        }
        k.add("kernel release", ki.release());
        k.add("kernel build (uname -v)", ki.version());
        k.add("kernel arch", ki.arch());
        k.add("kernel config", configHash(ki));
        if (buildTree) {
            k.add("kernel build dir", String.valueOf(ki.buildDir()));
            k.add("kernel build dir identity", ki.buildDir() == null ? null
                    : fileIdentity(ki.buildDir().resolve(".config")) + " " + fileIdentity(ki.buildDir().resolve("Module.symvers")));
        }
    }

    private KernelInfo hashed;
    private String configHash;

    /**
     * The config's hash, once per run (every stage's key has it): the file's identity when the locator kept its
     * bytes ({@link KernelConfigText}; a cold SHA-256 of its 120 KB is 10 ms of start-up), else the SHA-256 of the
     * bytes or of the sorted entries.
     */
    private String configHash(KernelInfo ki) {
        if (ki != hashed) {
            if (ki.config() instanceof KernelConfigText t) { // the file unchanged names its content
                configHash = t.identity() != null ? "file " + t.identity() : "file sha256:" + t.sha256();
            } else {
                Hashes h = Hashes.start();
                new TreeMap<>(ki.config()).forEach((a, b) -> h.add(a).add(b));
                configHash = "sha256:" + h.hex();
            }
            hashed = ki;
        }
        return configHash;
    }

    /** The jar (path, size, mtime) or class directory a stage was loaded from. */
    static String codeIdentity(Class<?> c) {
        try {
            var src = c.getProtectionDomain().getCodeSource();
            if (src == null || src.getLocation() == null) return c.getName();
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) ? fileIdentity(p) : p.toString();
        } catch (Exception e) {
            return c.getName();
        }
    }

    static String fileIdentity(Path p) {
        try {
            return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p + " (missing)";
        }
    }

    /** Every file under the {@code -I} dirs, by relative path and content. */
    static String includeDirsHash(List<Path> dirs) {
        if (dirs.isEmpty()) return "";
        Hashes h = Hashes.start();
        for (Path d : dirs) {
            h.add(d.toString());
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.walk(d)) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    h.add(d.relativize(f).toString()).add(Files.readAllBytes(f));
                }
            } catch (IOException | UncheckedIOException e) {
                h.add("unreadable");
            }
        }
        return "sha256:" + h.hex();
    }

    /**
     * {@code gcc --version}'s first line, remembered in {@code ROOT/.compilers/} by the compiler binary's identity
     * so a hot run does not start a process.
     */
    public static String compilerVersion(Path cacheRoot, Map<String, String> env) {
        Path gcc = onPath("gcc", env.getOrDefault("PATH", "/usr/bin:/bin"));
        if (gcc == null) return "no gcc on PATH";
        String id;
        try {
            id = fileIdentity(gcc.toRealPath());
        } catch (IOException e) {
            id = gcc.toString();
        }
        Path memo = cacheRoot.resolve(".compilers").resolve(Hashes.sha256(id));
        try {
            if (Files.isRegularFile(memo)) return Files.readString(memo, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // ask gcc below
        }
        String line;
        try {
            Process pr = new ProcessBuilder(gcc.toString(), "--version").redirectErrorStream(true).start();
            line = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            pr.waitFor();
        } catch (IOException e) {
            return "gcc unusable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gcc interrupted";
        }
        try {
            Files.createDirectories(memo.getParent());
            Path tmp = Files.createTempFile(memo.getParent(), "gcc", ".tmp");
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, memo, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // next run asks again
        }
        return line;
    }

    private static Path onPath(String name, String path) {
        for (String d : path.split(":")) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
