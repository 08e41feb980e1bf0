package org.jstap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.Artefact;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.diag.Codes;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCheck;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.DiagnosticRenderer;
import org.jstap.api.diag.Span;
import org.jstap.api.spi.Registry;
import org.jstap.cli.cache.CacheEntry;
import org.jstap.cli.cache.CacheKey;
import org.jstap.cli.cache.StageCache;
import org.jstap.cli.cache.StageKeys;

/**
 * The stage loop with what sits around each stage: the per-stage cache (look up by key, else run and store),
 * {@code --emit=DIR} (write each artefact), and {@code --from=FILE} (start after the pass that made the file).
 * An artefact that came out of the cache stays as bytes until something needs the object, so a fully cached run
 * to pass 4 decodes only the module.
 */
final class StagedRun {
    private final Registry registry;
    private final Driver driver;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ProcessUsage usage;

    StagedRun(Registry registry, Driver driver, PrintStream out, PrintStream err, Map<String, String> env,
              ProcessUsage usage) {
        this.registry = registry;
        this.driver = driver;
        this.out = out;
        this.err = err;
        this.env = env;
        this.usage = usage;
    }

    /** A pass's output: the object, its encoded bytes, or both (each made from the other when first asked for). */
    private static final class Value {
        Object object;
        byte[] bytes;
        final ArtefactFiles.Kind kind; // null for things that are not artefacts (the script, pass 5's result)
        String sha256; // of bytes, when a cache hit has it already

        Value(Object object, byte[] bytes, ArtefactFiles.Kind kind) {
            this.object = object;
            this.bytes = bytes;
            this.kind = kind;
        }

        Object object() throws ArtefactException {
            if (object == null) object = ArtefactFiles.decode(kind, bytes);
            return object;
        }

        byte[] bytes() {
            if (bytes == null) bytes = ArtefactFiles.encode(kind, object);
            return bytes;
        }
    }

    private java.util.function.Consumer<Object> capture;

    /** As {@link #run}, but the last pass's result goes to {@code sink} instead of being printed (fleet builds). */
    int runCapturing(Invocation inv, StageContext ctx, DiagnosticPrinter diagnostics,
                     java.util.function.Consumer<Object> sink) {
        capture = sink;
        try {
            return run(inv, ctx, diagnostics);
        } finally {
            capture = null;
        }
    }

    /** {@code --clean-cache}. */
    void cleanCache(int verbosity) {
        StageCache c = StageCache.standard(env);
        int n = c.wipe();
        if (verbosity > 0) err.println("Cleaned " + n + " cache entr" + (n == 1 ? "y" : "ies") + " from " + c.root());
    }

    /**
     * Runs from the script (pass 1) or from the {@code --from} artefact (the pass after it) to {@code -p N}, then
     * prints the last pass's result. Returns the exit status.
     */
    int run(Invocation inv, StageContext ctx, DiagnosticPrinter diagnostics) {
        SessionOptions o = inv.options();
        Value current;
        int first;
        if (inv.from() != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(inv.from());
            } catch (NoSuchFileException e) {
                return artefactError(ctx, diagnostics, inv.from(), "no such file");
            } catch (IOException e) {
                return artefactError(ctx, diagnostics, inv.from(), e.getMessage());
            }
            ArtefactFiles.Kind kind;
            Object a;
            try {
                kind = ArtefactFiles.sniff(bytes);
                a = ArtefactFiles.decode(kind, bytes);
            } catch (ArtefactException e) {
                return artefactError(ctx, diagnostics, inv.from(), e.getMessage());
            }
            if (o.lastPass() < kind.pass()) {
                err.println("jstap: --from=" + inv.from() + " holds the output of pass " + kind.pass()
                        + "; -p" + o.lastPass() + " would stop before it");
                return 1;
            }
            if (a instanceof IrArtefact ir && !o.guru()) { // made elsewhere, maybe with -g: check again, as pass 2 would
                List<String> guru = IrCheck.guruConstructs(ir.program(), LibraryCode.trusted(o.includeDirs()));
                if (!guru.isEmpty()) {
                    for (String what : guru) {
                        ctx.diagnostics().report(Diagnostic.error(what.startsWith("a write")
                                        ? Codes.SEM_TARGET_WRITE_NEEDS_GURU : Codes.SEM_EMBEDDED_NEEDS_GURU, Span.NONE,
                                "--from=" + inv.from() + ": " + what + " needs guru mode").withHint("run with -g"));
                    }
                    diagnostics.flush();
                    return 1;
                }
            }
            if (a instanceof AstArtefact ast && ast.script() != null) {
                for (ScriptFile f : ast.script().files()) if (f.text() != null) ctx.sources().put(f.name(), f.text());
            }
            current = new Value(a, bytes, kind);
            first = kind.pass() + 1;
        } else {
            current = new Value(inv.script(), null, null);
            first = 1;
        }

        boolean listing = o.listing() != null; // -l/-L print what pass 2 found, not its artefact
        StageCache cache = o.disableCache() || listing ? null : StageCache.standard(env);
        StageKeys keys = cache == null ? null : new StageKeys(o, ctx.kernel(),
                List.copyOf(registry.debugInfos()), new Memo<>(() -> StageKeys.compilerVersion(cache.root(), env)));

        Stage<Object, Object> last = null;
        CacheKey lastHitKey = null; // the last pass's key when its artefact came out of the cache
        if (first > o.lastPass()) { // --from=ir.json -p2: show the artefact as its pass would
            last = erase(registry.stage(Pass.of(o.lastPass()), o.runtime()).orElse(null));
        }
        for (int n = first; n <= o.lastPass(); n++) {
            Pass pass = Pass.of(n);
            Optional<Stage<?, ?>> found = registry.stage(pass, o.runtime());
            if (found.isEmpty()) {
                // run to the end (no -p, or -p5) of a backend whose pipeline is shorter: stop after its last stage
                if (last != null && o.lastPass() == 5 && pass.number >= 3 && backendEndsBefore(pass, o.runtime())) break;
                // a backend without this pass (interp has no translate/build): skip to its next one
                if (pass.number >= 3 && backendSkips(pass, o)) continue;
                err.println(driver.missingStage(pass, o.runtime()));
                return 1;
            }
            Stage<Object, Object> stage = erase(found.get());
            ProcessUsage.Mark start = usage.mark();
            // --vp ABCDE: this pass's own verbosity, for the stage and for the driver's lines about it
            int verbosity = o.stap().verbosityOf(n, o.verbosity());
            StageContext sctx = verbosity == o.verbosity() ? ctx : new StageContext(o.toBuilder().verbosity(verbosity).build(),
                    ctx.diagnostics(), ctx.sources(), ctx.kernel(), ctx.out(), ctx.err());
            Optional<ArtefactFiles.Kind> outKind = ArtefactFiles.forType(stage.outputType());
            boolean cacheable = cache != null && pass != Pass.RUN && outKind.isPresent();
            CacheKey key = null;
            Value result = null;
            if (cacheable) {
                long t0 = System.nanoTime();
                key = current.sha256 != null ? keys.keyOfInput(stage, current.sha256) : keys.key(stage, inputBytes(current));
                if (verbosity >= 2) {
                    err.println("Pass " + n + ": cache key " + key.hex().substring(0, 16) + " computed in "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
                if (!o.poisonCache()) {
                    Optional<CacheEntry> hit = cache.get(StageKeys.stageDir(stage), key.hex(), outKind.get().codec().fileName());
                    String refused = cache.takeRefusal();
                    if (refused != null) err.println("WARNING: " + refused + " (the cache must be yours and private: chmod go-w)");
                    if (hit.isPresent()) {
                        err.print(hit.get().diagnostics());
                        if (verbosity > 0) err.println("Pass " + n + ": using cached " + hit.get().artefact());
                        result = new Value(null, hit.get().bytes(), outKind.get());
                        result.sha256 = hit.get().sha256();
                    }
                }
            }
            if (result == null) {
                Object input;
                try {
                    input = current.object();
                } catch (ArtefactException e) {
                    return artefactError(ctx, diagnostics, null, "a cached artefact is unreadable (" + e.getMessage()
                            + "); rerun with --poison-cache");
                }
                if (!stage.inputType().isInstance(input)) {
                    throw new IllegalStateException("stage '" + stage.name() + "' (pass " + n + ") takes "
                            + stage.inputType().getSimpleName() + " but pass " + (n - 1) + " produced "
                            + input.getClass().getSimpleName());
                }
                if (pass == Pass.RUN && verbosity > 0) err.println("Pass 5: starting run.");
                int before = ctx.diagnostics().all().size();
                Object r;
                try {
                    r = stage.run(input, sctx);
                } catch (StageFailedException e) {
                    diagnostics.flush();
                    err.println((e.pass() != null ? e.pass() : pass).failedLine());
                    return 1;
                } catch (RuntimeException | Error e) {
                    diagnostics.flush(); // what was reported before the crash is still worth seeing
                    throw e;
                }
                diagnostics.flush();
                if (ctx.diagnostics().hasErrors()) { // a stage that reported errors but forgot to throw
                    err.println(pass.failedLine());
                    return 1;
                }
                if (r == null) throw new IllegalStateException("stage '" + stage.name() + "' returned no output");
                if (verbosity > 0) err.println(PassLines.line(pass, r, usage.since(start, PassLines.reportsMemory(pass))));
                result = new Value(r, null, outKind.orElse(null));
                if (cacheable) {
                    cache.put(StageKeys.stageDir(stage), key.hex(), outKind.get().codec().fileName(), result.bytes(),
                            key.log(), rendered(ctx, before), o.poisonCache());
                    String refused = cache.takeRefusal();
                    if (refused != null) err.println("WARNING: " + refused + " (the cache must be yours and private: chmod go-w)");
                }
            }
            if (inv.emit() != null && result.kind != null) {
                Path f = inv.emit().resolve(result.kind.codec().fileName());
                try {
                    ArtefactFiles.writeAtomically(f, result.bytes());
                } catch (IOException e) {
                    ctx.diagnostics().report(Diagnostic.error(Codes.DRIVER_IO, Span.NONE,
                            "cannot write " + f + ": " + e.getMessage()));
                    diagnostics.flush();
                    return 1;
                }
            }
            lastHitKey = result.object == null ? key : null;
            current = result;
            last = stage;
        }
        if (last != null) {
            try {
                if (capture != null) {
                    capture.accept(current.object());
                } else if (lastHitKey != null && PrintedMemo.usable(last, out)) {
                    Value shown = current;
                    new PrintedMemo(cache, last, lastHitKey).print(shown::object, ctx);
                } else {
                    last.printResult(current.object(), ctx);
                }
            } catch (ArtefactException e) {
                return artefactError(ctx, diagnostics, null, "a cached artefact is unreadable (" + e.getMessage()
                        + "); rerun with --poison-cache");
            }
        }
        out.flush();
        diagnostics.flush();
        return 0;
    }

    private static byte[] inputBytes(Value v) {
        if (v.kind != null) return v.bytes();
        if (v.object instanceof org.jstap.api.ScriptSource s) {
            StringBuilder b = new StringBuilder(s.name()).append('\u0000').append(s.text());
            for (org.jstap.api.ScriptSource more : s.also()) b.append('\u0000').append(more.name()).append('\u0000').append(more.text());
            return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("no bytes for " + v.object);
    }

    /** A backend whose pipeline is shorter (an emitter that stops at pass 3): no stage of it for this pass or later. */
    /** A later pass up to {@code -p} has a stage of this very backend (not the shared front end). */
    private boolean backendSkips(Pass pass, SessionOptions o) {
        for (int k = pass.number + 1; k <= o.lastPass(); k++) {
            Optional<Stage<?, ?>> later = registry.stage(Pass.of(k), o.runtime());
            if (later.isPresent() && later.get().backend().equals(o.runtime())) return true;
        }
        return false;
    }

    private boolean backendEndsBefore(Pass pass, String runtime) {
        return registry.stages().stream().noneMatch(s -> s.backend().equals(runtime) && s.pass().number >= pass.number);
    }

    private static String rendered(StageContext ctx, int from) {
        List<Diagnostic> all = ctx.diagnostics().all();
        if (all.size() <= from) return "";
        DiagnosticRenderer r = new DiagnosticRenderer(ctx.sources(), ctx.options().rawDiagnostics());
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : all.subList(from, all.size())) b.append(r.render(d));
        return b.toString();
    }

    private int artefactError(StageContext ctx, DiagnosticPrinter diagnostics, Path file, String why) {
        ctx.diagnostics().report(Diagnostic.error(Codes.ARTEFACT_INVALID, Span.NONE,
                (file == null ? "" : "cannot use " + file + ": ") + why)
                .withHint(file == null ? null : "--from takes ast.json, ir.json, module-src.tar or module.tar as written by --emit"));
        diagnostics.flush();
        return 1;
    }

    @SuppressWarnings("unchecked")
    private static Stage<Object, Object> erase(Stage<?, ?> s) {
        return (Stage<Object, Object>) s;
    }
}
