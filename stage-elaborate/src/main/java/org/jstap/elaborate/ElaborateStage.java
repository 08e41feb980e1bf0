package org.jstap.elaborate;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.debuginfo.DebugInfoProvider;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.spi.Backend;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.elaborate.print.P2Printer;
import org.jstap.elaborate.sem.ProgramElaborator;
import org.jstap.elaborate.sem.TailPasses;
import org.jstap.elaborate.tapset.LibraryParser;
import org.jstap.elaborate.tapset.StageLibraryParser;
import org.jstap.elaborate.tapset.TapsetLibrary;

/**
 * Pass 2: the parsed script (plus whatever of our tapset it needs) against the kernel's debug info, to the
 * typed {@code ir} artefact. With {@link org.jstap.api.SessionOptions#listing()} ({@code -l}/{@code -L}) it resolves the points only and
 * {@link #printResult} prints them like {@code stap -l}/{@code -L}.
 */
public final class ElaborateStage implements Stage<AstArtefact, IrArtefact> {
    public static final String NAME = "elaborate";
    public static final String VERSION = "1";

    private final List<ProbeProvider> providers;
    private final List<DebugInfoProvider> debugInfos;
    private final LibraryParser parser;
    /** Every contributed backend: pass 2 asks the chosen one which probes and embedded C it runs. */
    private final List<Backend> backends;
    /** Listings by the program they were computed with (printResult gets the same object back). */
    private final Map<IrProgram, List<String>> listings = Collections.synchronizedMap(new IdentityHashMap<>());

    @Inject
    ElaborateStage(Set<ProbeProvider> providers, Set<DebugInfoProvider> debugInfos,
                   com.google.inject.Provider<Set<Stage<?, ?>>> stages, Set<Backend> backends) {
        this(new ArrayList<>(providers), new ArrayList<>(debugInfos), new StageLibraryParser(stages),
                new ArrayList<>(backends));
    }

    /** For tests and tools: explicit providers and library parser, no backend (so no backend check). */
    public ElaborateStage(List<ProbeProvider> providers, List<DebugInfoProvider> debugInfos, LibraryParser parser) {
        this(providers, debugInfos, parser, List.of());
    }

    /** For tests and tools: explicit providers, library parser and backends. */
    public ElaborateStage(List<ProbeProvider> providers, List<DebugInfoProvider> debugInfos, LibraryParser parser,
                          List<Backend> backends) {
        List<ProbeProvider> ps = new ArrayList<>(providers);
        ps.sort(Comparator.comparing(ProbeProvider::family));
        this.providers = List.copyOf(ps);
        List<DebugInfoProvider> ds = new ArrayList<>(debugInfos);
        ds.sort(Comparator.comparing(DebugInfoProvider::name));
        this.debugInfos = List.copyOf(ds);
        this.parser = parser;
        this.backends = List.copyOf(backends);
    }

    @Override public Pass pass() { return Pass.ELABORATE; }

    @Override public String name() { return NAME; }

    @Override public String version() { return VERSION; }

    @Override public Class<AstArtefact> inputType() { return AstArtefact.class; }

    @Override public Class<IrArtefact> outputType() { return IrArtefact.class; }

    @Override
    public IrArtefact run(AstArtefact input, StageContext ctx) throws StageFailedException {
        String list = ctx.options().listing() == null ? null : ctx.options().listing().letter;
        PointContexts points = new PointContexts(ctx, debugInfos);
        TapsetLibrary lib = TapsetLibrary.load(ctx.options().includeDirs());
        Set<String> dumpAfter = new java.util.LinkedHashSet<>(ctx.options().dumpIrAfter());
        List<String> unknown = TailPasses.unknown(dumpAfter);
        if (!unknown.isEmpty()) {
            ctx.diagnostics().error(org.jstap.api.diag.Codes.DRIVER_USAGE, org.jstap.api.diag.Span.NONE,
                    "--dump-ir-after: no IR pass '" + unknown.get(0) + "' (the passes: "
                            + String.join(", ", TailPasses.names()) + "; or all)");
            throw new StageFailedException(Pass.ELABORATE, "usage error.");
        }
        var listing = ctx.options().listing();
        if (listing == org.jstap.api.SessionOptions.Listing.FUNCTIONS || listing == org.jstap.api.SessionOptions.Listing.ALIASES
                || listing == org.jstap.api.SessionOptions.Listing.PROBE_TYPES) {
            List<String> lines = switch (listing) {
                case FUNCTIONS -> org.jstap.elaborate.sem.LibraryDump.functions(lib, parser, ctx, points);
                case ALIASES -> org.jstap.elaborate.sem.LibraryDump.aliases(lib, parser, ctx);
                default -> org.jstap.elaborate.sem.LibraryDump.probeTypes(providers);
            };
            IrProgram empty = new IrProgram("<dump>", List.of(), List.of(), List.of(), List.of(), false,
                    IrProgram.Elided.NONE);
            listings.put(empty, lines);
            return new IrArtefact(new ArtefactHeader(IrArtefact.FORMAT_VERSION, IrArtefact.KIND, NAME, VERSION,
                    inputHash(input, ctx, points)), empty);
        }
        ProgramElaborator.Result r;
        org.jstap.api.ast.Script script = withTimeLimit(input.script(), ctx, list != null);
        try {
            r = new ProgramElaborator(providers, lib, parser, backends)
                    .elaborate(script, ctx, points, list, dumpAfter);
        } catch (RuntimeException e) {
            ctx.diagnostics().error(org.jstap.api.diag.Codes.INTERNAL, org.jstap.api.diag.Span.NONE,
                    "internal error in pass 2: " + e);
            throw new StageFailedException(Pass.ELABORATE, "internal error.");
        }
        if (list != null && r.listing().isEmpty() && !ctx.diagnostics().hasErrors()) noMatch(input, ctx);
        if (ctx.diagnostics().hasErrors()) {
            long n = ctx.diagnostics().errorCount();
            throw new StageFailedException(Pass.ELABORATE, n + " semantic error" + (n == 1 ? "" : "s") + ".");
        }
        ArtefactHeader h = new ArtefactHeader(IrArtefact.FORMAT_VERSION, IrArtefact.KIND, NAME, VERSION,
                inputHash(input, ctx, points));
        if (list != null) listings.put(r.program(), r.listing());
        return new IrArtefact(h, r.program());
    }

    /**
     * {@code -l 'PATTERN?'} that matches nothing: stap 4.8 lists nothing and exits 1, as for a pattern without
     * {@code ?}; so the optional pattern gets the same error as the plain one.
     */
    private static void noMatch(AstArtefact input, StageContext ctx) {
        for (org.jstap.api.ast.Decl d : input.script().user().decls()) {
            if (!(d instanceof org.jstap.api.ast.Decl.Probe p)) continue;
            for (org.jstap.api.ast.ProbePoint pp : p.points()) {
                ctx.diagnostics().error(org.jstap.api.diag.Codes.SEM_UNRESOLVED_PROBE, pp.span(),
                        "probe point '" + pp.text() + "' does not match anything");
            }
        }
        if (!ctx.diagnostics().hasErrors()) {
            ctx.diagnostics().error(org.jstap.api.diag.Codes.SEM_UNRESOLVED_PROBE, org.jstap.api.diag.Span.NONE,
                    "the pattern does not match anything");
        }
    }

    /** The file stap calls {@code <synthetic>}: what {@code -T SECONDS} adds to the script. */
    static final String SYNTHETIC = "<synthetic>";

    /**
     * {@code -T SECONDS}: stap adds {@code probe timer.ms(N) {exit()}} to the script in pass 2 (not visible at
     * {@code -p1}); so do we, as a user file right after the script.
     */
    private org.jstap.api.ast.Script withTimeLimit(org.jstap.api.ast.Script script, StageContext ctx, boolean listing) {
        Long ms = ctx.options().stap().timeLimitMs();
        if (ms == null || listing) return script;
        org.jstap.api.ast.ScriptFile f = parser.parse(SYNTHETIC, "probe timer.ms(" + ms + ") {exit()}\n", ctx);
        if (f == null) return script;
        List<org.jstap.api.ast.ScriptFile> files = new ArrayList<>(script.files());
        files.add(1, new org.jstap.api.ast.ScriptFile(f.name(), f.text(), false, f.decls()));
        return new org.jstap.api.ast.Script(files);
    }

    private static String inputHash(AstArtefact input, StageContext ctx, PointContexts points) {
        var o = ctx.options();
        return Hashes.start().add(NAME).add(VERSION).add(input.header() == null ? "" : input.header().inputHash())
                .add(Boolean.toString(o.guru())).add(o.runtime()).add(String.valueOf(o.listing() == null ? null : o.listing().letter))
                .add(o.includeDirs().toString()).add(points.usedHash())
                .add(o.stap().timeLimitMs() + " " + o.stap().skipBadvars() + " " + o.stap().privilegeLevel()).hex();
    }

    /** The elaborated script: the artefact alone, outside listing runs (-l/-L, which are never cached). */
    @Override
    public boolean printDependsOnArtefactOnly() {
        return true;
    }

    @Override
    public void printResult(IrArtefact output, StageContext ctx) {
        List<String> listing = listings.remove(output.program());
        if (listing == null && ctx.options().listing() != null) {
            listing = new ArrayList<>();
            for (IrProbe p : output.program().probes()) if (!listing.contains(p.point())) listing.add(p.point());
        }
        if (listing != null) {
            for (String l : listing) ctx.out().println(l);
        } else {
            ctx.out().print(P2Printer.print(output.program()));
        }
        ctx.out().flush();
    }

    /** One-line summary for {@code -v}: {@code 3 probes, 1 function, 0 embeds, 2 globals}. */
    public static String summary(IrProgram p) {
        return plural(p.probes().size(), "probe") + ", " + plural(p.functions().size(), "function") + ", "
                + plural(p.embeds().size(), "embed") + ", " + plural(p.globals().size(), "global");
    }

    private static String plural(int n, String w) {
        return n + " " + w + (n == 1 ? "" : "s");
    }
}
