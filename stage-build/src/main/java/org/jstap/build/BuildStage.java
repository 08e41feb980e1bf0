package org.jstap.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jstap.api.KernelInfo;
import org.jstap.api.MacroDefine;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.artefact.ModInfo;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleCodecs;
import org.jstap.api.artefact.ModuleManifest;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.Backend;

/**
 * Pass 4 of the kmod backend: lays the translated sources out in a temporary directory, builds them with the
 * target kernel's kbuild, strips debug info, and wraps the {@code .ko} with its manifest.
 */
public final class BuildStage implements Stage<ModuleSourceArtefact, ModuleArtefact> {
    public static final String VERSION = "1";
    private final AutoconfCache autoconf;
    private final BuildDirs buildDirs = BuildDirs.standard();

    public BuildStage() {
        this(AutoconfCache.standard());
    }

    BuildStage(AutoconfCache autoconf) {
        this.autoconf = autoconf;
    }

    /** How many compiler errors are shown (mapped to the script) before the rest is left to {@code -v}. */
    static final int MAX_ERRORS_SHOWN = 5;

    @Override
    public Pass pass() {
        return Pass.BUILD;
    }

    @Override
    public String name() {
        return "build";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String backend() {
        return Backend.KMOD;
    }

    @Override
    public Class<ModuleSourceArtefact> inputType() {
        return ModuleSourceArtefact.class;
    }

    @Override
    public Class<ModuleArtefact> outputType() {
        return ModuleArtefact.class;
    }

    @Override
    public ModuleArtefact run(ModuleSourceArtefact src, StageContext ctx) throws StageFailedException {
        SessionOptions o = ctx.options();
        KernelInfo k = kernel(ctx);
        String name = moduleName(src, o, ctx);
        checkDefines(o, ctx);
        Path dir = null;
        try {
            // --tmpdir=DIR: the build directory goes there (stap's temporary directory), else our private root
            dir = o.stap().tmpDir() != null ? BuildDirs.in(o.stap().tmpDir(), o.keepTemp()) : buildDirs.create(o.keepTemp());
            Map<String, byte[]> files = KbuildLayout.adapt(src.files(), name);
            layOut(files, dir);
            String acKey = AutoconfCache.key(files, k);
            boolean acHit = autoconf.restore(acKey, dir);
            if (o.verbosity() >= 2 && acKey != null) ctx.err().println("autoconf cache " + (acHit ? "hit" : "miss"));
            List<String> cmd = Kbuild.command(k.buildDir(), dir, name, defines(o), o.buildFlags());
            if (o.verbosity() >= 2) ctx.err().println("Running " + String.join(" ", cmd));
            Kbuild.Result r = Kbuild.run(cmd, dir, o.verbosity() >= 1 ? ctx.err() : null);
            Path ko = dir.resolve(name + ".ko");
            if (r.exitCode() != 0 || !Files.isRegularFile(ko)) {
                reportFailure(r, dir, files, ctx);
                throw new StageFailedException(Pass.BUILD, "kbuild failed");
            }
            autoconf.save(acKey, dir);
            stripDebug(ko, ctx);
            byte[] bytes = Files.readAllBytes(ko);
            return new ModuleArtefact(header(src, o, k, name), manifest(src, o, k, name, bytes), bytes);
        } catch (IOException e) {
            ctx.diagnostics().error(Codes.BUILD_FAILED, Span.NONE, "cannot build the module: " + e.getMessage());
            throw new StageFailedException(Pass.BUILD, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.diagnostics().error(Codes.BUILD_FAILED, Span.NONE, "build interrupted");
            throw new StageFailedException(Pass.BUILD, "interrupted");
        } finally {
            if (dir != null) {
                if (o.keepTemp()) ctx.err().println("Keeping temporary directory \"" + dir + "\"");
                else deleteTree(dir);
            }
        }
    }

    /** {@code -p4} prints where the module is: {@code NAME.ko} in the current directory with {@code -m}, else the cache. */
    @Override
    public void printResult(ModuleArtefact m, StageContext ctx) {
        try {
            Path target = ctx.options().moduleName() != null
                    ? Paths.get(m.manifest().koFile()).toAbsolutePath()
                    : moduleCacheDir().resolve(m.manifest().koFile());
            Files.createDirectories(target.getParent());
            Files.write(target, m.ko());
            ctx.out().println(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path moduleCacheDir() {
        return moduleCacheDir(System.getenv());
    }

    /** {@code $JSTAP_CACHE_DIR/modules} like the stage cache, else {@code $XDG_CACHE_HOME} or {@code ~/.cache}. */
    static Path moduleCacheDir(Map<String, String> env) {
        String dir = env.get("JSTAP_CACHE_DIR");
        if (dir != null && !dir.isEmpty()) return Paths.get(dir).resolve("modules");
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("jstap").resolve("modules");
    }

    private static KernelInfo kernel(StageContext ctx) throws StageFailedException {
        KernelInfo k = ctx.kernel() == null ? null : ctx.kernel().get();
        if (k == null || k.buildDir() == null || !Files.isRegularFile(k.buildDir().resolve("Makefile"))) {
            String what = k == null ? "no target kernel" : "no kernel build directory for " + k.release()
                    + (k.buildDir() == null ? "" : " (" + k.buildDir() + " has no Makefile)");
            ctx.diagnostics().report(Diagnostic.error(Codes.BUILD_NO_KERNEL, Span.NONE, what + ": cannot build modules")
                    .withHint("install the kernel headers (linux-headers-<release>) or pass -r BUILD_DIR"));
            throw new StageFailedException(Pass.BUILD, what);
        }
        return k;
    }

    private static String moduleName(ModuleSourceArtefact src, SessionOptions o, StageContext ctx)
            throws StageFailedException {
        if (o.moduleName() == null) {
            String h = src.scriptHash() != null ? src.scriptHash() : src.header().inputHash();
            return ModuleNames.defaultName(h, ProcessHandle.current().pid());
        }
        String why = ModuleNames.problem(o.moduleName());
        if (why != null) {
            ctx.diagnostics().error(Codes.DRIVER_USAGE, Span.NONE, why);
            throw new StageFailedException(Pass.BUILD, why);
        }
        return o.moduleName();
    }

    /** Per-CPU output buffer under {@code -b} without {@code -s}: stap's default buffer size, 16 MB. */
    static final int BULK_BUFFER_MB = 16;

    /**
     * The user's {@code -D}s, plus the per-CPU output buffer: {@code -s N} makes it N MB (stap's -s); {@code -b}
     * (bulk mode: jstap's transport is per-CPU always, there is nothing to un-merge) gives each CPU stap's 16 MB
     * instead of jstap's 1 MB default. A -D JST_TRANSPORT_BUFSIZE wins over both.
     */
    static Map<String, String> defines(SessionOptions o) {
        Integer mb = o.bufferSizeMb() != null ? o.bufferSizeMb() : o.bulk() ? Integer.valueOf(BULK_BUFFER_MB) : null;
        Map<String, String> d = new TreeMap<>(o.defines());
        if (mb != null && !o.defines().containsKey("JST_TRANSPORT_BUFSIZE")) {
            d.put("JST_TRANSPORT_BUFSIZE", String.valueOf((long) mb << 20));
        }
        // --suppress-handler-errors: runtime-c counts an error and ends the handler without printing it
        if (o.stap().suppressHandlerErrors()) d.put("JST_SUPPRESS_HANDLER_ERRORS", "1");
        if (o.stap().suppressTimeLimits()) { // as stap: no MAXACTION budget, no overload check (a -D still wins)
            d.putIfAbsent("MAXACTION", "1000000000000000");
            d.putIfAbsent("MAXACTION_INTERRUPTIBLE", "1000000000000000");
            d.putIfAbsent("STP_NO_OVERLOAD", "");
        }
        return d;
    }

    /**
     * The driver already refused unsafe {@code -D}s; options can reach a stage other ways (a plugin, a test, a
     * future front end), and these values go into {@code EXTRA_CFLAGS}, which make passes to a shell: check again.
     */
    private static void checkDefines(SessionOptions o, StageContext ctx) throws StageFailedException {
        for (Map.Entry<String, String> d : new TreeMap<>(o.defines()).entrySet()) {
            String why = MacroDefine.problem(d.getKey(), d.getValue());
            if (why != null) {
                String msg = "invalid -D '" + d.getKey() + (d.getValue() == null || d.getValue().isEmpty() ? ""
                        : "=" + d.getValue()) + "': " + why;
                ctx.diagnostics().error(Codes.DRIVER_BAD_DEFINE, Span.NONE, msg);
                throw new StageFailedException(Pass.BUILD, msg);
            }
        }
    }

    static void layOut(Map<String, byte[]> files, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey()).normalize();
            if (!p.startsWith(dir)) throw new IOException("source path escapes the build directory: " + e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
    }

    private static void reportFailure(Kbuild.Result r, Path dir, Map<String, byte[]> files, StageContext ctx) {
        List<CompilerMessages.CError> errs = CompilerMessages.errors(r.output(), dir.toString(), files,
                MAX_ERRORS_SHOWN);
        for (CompilerMessages.CError e : errs) {
            Span where = e.scriptSpan() != null ? e.scriptSpan() : Span.NONE;
            Diagnostic d = Diagnostic.error(Codes.BUILD_FAILED, where, "compiler error: " + e.message());
            if (!e.cFile().isEmpty()) d = d.withRelated(Span.at(e.cFile(), e.cLine(), e.cCol()), "in the generated C");
            ctx.diagnostics().report(d);
        }
        if (errs.isEmpty()) {
            ctx.diagnostics().report(Diagnostic.error(Codes.BUILD_FAILED, Span.NONE,
                    "kbuild failed (make exit status " + r.exitCode() + "):\n" + CompilerMessages.tail(r.output(), 8))
                    .withHint(ctx.options().verbosity() >= 1 ? null : "rerun with -v to see the compiler output"));
        }
    }

    private static void stripDebug(Path ko, StageContext ctx) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("strip", "--strip-debug", ko.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            ctx.diagnostics().warning(Codes.BUILD_FAILED, Span.NONE, "strip --strip-debug failed, keeping debug info: "
                    + out.strip());
        }
    }

    private ArtefactHeader header(ModuleSourceArtefact src, SessionOptions o, KernelInfo k, String name) {
        Hashes h = Hashes.start()
                .add(ModuleCodecs.MODULE_SRC.toBytes(src))
                .add(name() + "/" + VERSION)
                .add(k.release()).add(k.version()).add(k.buildDir().toString())
                .add(String.join("\u0000", options(o)))
                .add(o.moduleName());
        return new ArtefactHeader(ModuleArtefact.FORMAT_VERSION, ModuleArtefact.KIND, name(), VERSION, h.hex());
    }

    private static ModuleManifest manifest(ModuleSourceArtefact src, SessionOptions o, KernelInfo k, String name,
                                           byte[] ko) {
        String vermagic = ModInfo.of(ko).get("vermagic");
        return new ModuleManifest(name, name + ".ko", k.release(), k.version(), k.arch(), vermagic,
                src.scriptHash(), options(o), src.probes());
    }

    /** The options that shaped the module, as stap would spell them on a command line. */
    static List<String> options(SessionOptions o) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(o.defines()).forEach((k, v) -> out.add(v == null || v.isEmpty() ? "-D" + k : "-D" + k + "=" + v));
        for (String b : o.buildFlags()) out.add("-B" + b);
        if (o.guru()) out.add("-g");
        if (o.moduleName() != null) out.add("-m" + o.moduleName());
        if (o.stap().suppressHandlerErrors()) out.add("--suppress-handler-errors");
        if (o.stap().suppressTimeLimits()) out.add("--suppress-time-limits");
        return out;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is not worth failing a build over
        }
    }
}
