package org.jstap.backend.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jstap.api.CacheInputs;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.artefact.ModuleManifest;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;

/**
 * Pass 4 of the bpf backend: {@code clang -target bpf -O2 -g} → one {@code .bpf.o} (CO-RE: it runs on any kernel
 * with BTF, so the manifest names no kernel build), DWARF stripped (BTF kept), with the manifest and the IR added
 * as ELF sections so {@code module.tar}'s one object carries everything pass 5 needs.
 */
public final class BpfBuildStage implements Stage<ModuleSourceArtefact, ModuleArtefact> {
    static final String VERSION = "1";

    /** Where the kernel's BTF comes from, for vmlinux.h. */
    private final java.util.Set<org.jstap.api.debuginfo.DebugInfoProvider> debugInfos;

    @com.google.inject.Inject
    public BpfBuildStage(java.util.Set<org.jstap.api.debuginfo.DebugInfoProvider> debugInfos) {
        this.debugInfos = debugInfos;
    }

    @Override public Pass pass() { return Pass.BUILD; }

    @Override public String name() { return "bpf-build"; }

    @Override public String version() { return VERSION; }

    @Override public String backend() { return BpfBackend.NAME; }

    @Override public Class<ModuleSourceArtefact> inputType() { return ModuleSourceArtefact.class; }

    @Override public Class<ModuleArtefact> outputType() { return ModuleArtefact.class; }

    /** As pass 3 reads, and no kernel build: a CO-RE BPF object runs on every kernel with BTF. */
    @Override
    public void cacheInputs(SessionOptions o, CacheInputs k) {
        CacheInputs.Standard.translate(o, k);
        k.add("kernel", "any with BTF (CO-RE)");
    }

    @Override
    public ModuleArtefact run(ModuleSourceArtefact src, StageContext ctx) throws StageFailedException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jstap-bpf");
            for (Map.Entry<String, byte[]> e : src.files().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
            String obj = "probes" + BpfFiles.OBJECT_SUFFIX;
            Tool.Result cc = compileAgainstSubset(dir, obj, src, ctx);
            if (cc.status() != 0) {
                fail(ctx, "clang could not compile the generated BPF C (a jstap bug; -k keeps it)", cc.output(), dir);
            }
            Tool.Result strip = Tool.run(dir, List.of("llvm-objcopy", "--strip-debug",
                    "--add-section", BpfFiles.SECTION_MANIFEST + "=" + BpfFiles.MANIFEST,
                    "--add-section", BpfFiles.SECTION_IR + "=" + BpfFiles.IR, obj));
            if (strip.status() != 0) fail(ctx, "llvm-objcopy failed", strip.output(), dir);
            byte[] o = Files.readAllBytes(dir.resolve(obj));
            String name = SessionName.of(ctx.options().moduleName(), src.scriptHash());
            List<String> options = new ArrayList<>();
            ctx.options().defines().forEach((k, v) -> options.add("-D" + k + "=" + v));
            ModuleManifest m = new ModuleManifest(name, obj, "any kernel with BTF (CO-RE)", null, "x86_64", null,
                    src.scriptHash(), options, src.probes());
            String h = Hashes.start().add(src.header().inputHash()).add(name() + "/" + VERSION).hex();
            return new ModuleArtefact(new ArtefactHeader(ModuleArtefact.FORMAT_VERSION, ModuleArtefact.KIND, name(), VERSION, h), m, o);
        } catch (IOException e) {
            ctx.diagnostics().report(Diagnostic.error(Codes.BUILD_FAILED, Span.NONE, "cannot build the BPF object: " + e.getMessage()));
            throw new StageFailedException(Pass.BUILD, e.getMessage());
        } finally {
            if (dir != null && !ctx.options().keepTemp()) deleteTree(dir);
            else if (dir != null) ctx.err().println("Keeping temporary directory \"" + dir + "\"");
        }
    }

    /**
     * clang against the subset vmlinux.h of the types the C spells (see {@link HeaderRoots}), adding what clang says
     * is missing for up to three more tries; then against the full header, so a subset miss costs time, not a build.
     */
    private Tool.Result compileAgainstSubset(Path dir, String obj, ModuleSourceArtefact src, StageContext ctx) throws IOException {
        var kernel = ctx.kernel().get();
        var di = VmlinuxHeader.debugInfo(debugInfos, kernel);
        java.util.List<String> texts = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : src.files().entrySet())
            if (e.getKey().endsWith(".c") || e.getKey().endsWith(".h")) texts.add(new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        java.util.Set<String> roots = new java.util.TreeSet<>(HeaderRoots.scan(di, texts));
        Tool.Result cc = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            boolean full = attempt == 4 || roots.isEmpty();
            Path vmlinux = VmlinuxHeader.get(debugInfos, kernel, full ? java.util.List.of() : roots);
            Files.deleteIfExists(dir.resolve("vmlinux.h"));
            Files.createSymbolicLink(dir.resolve("vmlinux.h"), vmlinux);
            cc = clang(dir, obj);
            if (cc.status() == 0 || full) return cc;
            java.util.Set<String> more = HeaderRoots.fromErrors(di, cc.output());
            if (!roots.addAll(more)) attempt = 3;               // nothing new to add: the full header next
            if (ctx.options().verbosity() >= 2)
                ctx.err().println("vmlinux.h subset lacked " + more + (more.isEmpty() ? "; using the full header" : "; retrying"));
        }
        return cc;
    }

    private static Tool.Result clang(Path dir, String obj) throws IOException {
        return Tool.run(dir, List.of("clang", "-target", "bpf", "-D__TARGET_ARCH_x86", "-O2", "-g", "-ferror-limit=0",
                "-Wno-unused-value", "-Wno-unused-variable", "-Wno-unused-label", "-Wno-gnu-statement-expression",
                "-I", dir.toString(), "-c", BpfFiles.SOURCE, "-o", obj));
    }

    private static void fail(StageContext ctx, String what, String output, Path dir) throws StageFailedException {
        ctx.diagnostics().report(Diagnostic.error(Codes.BUILD_FAILED, Span.NONE, what));
        if (ctx.options().verbosity() >= 1 || true) ctx.err().print(output.lines().limit(ctx.options().verbosity() >= 1 ? 400 : 20)
                .map(l -> l + "\n").reduce("", String::concat));
        throw new StageFailedException(Pass.BUILD, what);
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void printResult(ModuleArtefact m, StageContext ctx) {
        try {
            Path out = Paths.get(m.manifest().koFile()).toAbsolutePath();
            Files.write(out, m.ko());
            ctx.out().println(out);
        } catch (IOException e) {
            ctx.err().println("cannot write " + m.manifest().koFile() + ": " + e.getMessage());
        }
        ctx.out().flush();
    }
}
