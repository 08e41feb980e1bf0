package org.jstap.elaborate.tapset;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.artefact.Hashes;

/**
 * Parses tapset files with whatever pass-1 stage is registered (found through the stage set, so this module
 * never depends on stage-parse). Parsed files are cached per JVM by name, text, kernel and defines: the tapset
 * is the same for every script of a session.
 */
public final class StageLibraryParser implements LibraryParser {
    private static final Map<String, ScriptFile> CACHE = new ConcurrentHashMap<>();
    private final com.google.inject.Provider<Set<Stage<?, ?>>> stages;

    public StageLibraryParser(com.google.inject.Provider<Set<Stage<?, ?>>> stages) {
        this.stages = stages;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ScriptFile parse(String name, String text, StageContext ctx) {
        Stage<ScriptSource, AstArtefact> parse = found;
        if (parse == null) {
            // Looked up once: the stage set's provider may build every stage afresh on each call.
            for (Stage<?, ?> s : stages.get()) {
                if (s.pass() == Pass.PARSE && s.inputType() == ScriptSource.class && s.outputType() == AstArtefact.class) {
                    parse = (Stage<ScriptSource, AstArtefact>) s;
                }
            }
            if (parse == null) return null;
            found = parse;
        }
        return parseWith(parse, name, text, ctx);
    }

    private volatile Stage<ScriptSource, AstArtefact> found;

    /** Shared with tests, which hand the parse stage in directly. */
    public static ScriptFile parseWith(Stage<ScriptSource, AstArtefact> parse, String name, String text,
                                       StageContext ctx) {
        String release;
        try {
            var k = ctx.kernel() == null ? null : ctx.kernel().get();
            release = k == null ? "" : k.release();
        } catch (RuntimeException e) {
            release = "";
        }
        String key = Hashes.start().add(name).add(text).add(release).add(ctx.options().defines().toString())
                .add(String.valueOf(ctx.options().runtime()))      // tapsets test `runtime` in conditionals
                .add(parse.version()).hex();
        ctx.sources().put(name, text); // diagnostics inside tapset code show its lines, cached or not
        ScriptFile cached = CACHE.get(key);
        if (cached != null) return cached;
        // A private sink: pass 1 fails when its sink holds any error, including ours from earlier in pass 2.
        org.jstap.api.diag.Diagnostics own = new org.jstap.api.diag.Diagnostics();
        StageContext sub = new StageContext(ctx.options(), own, ctx.sources(), ctx.kernel(), ctx.out(), ctx.err());
        try {
            ctx.sources().put(name, text);
            AstArtefact a;
            try {
                a = parse.run(ScriptSource.library(name, text), sub);
            } finally {
                for (org.jstap.api.diag.Diagnostic d : own.all()) ctx.diagnostics().report(d);
            }
            ScriptFile f = null;
            for (ScriptFile sf : a.script().files()) if (sf.name().equals(name)) f = sf;
            if (f == null) f = a.script().user();
            f = LibraryParser.asLibrary(f);
            CACHE.put(key, f);
            return f;
        } catch (StageFailedException e) {
            return null;
        }
    }
}
