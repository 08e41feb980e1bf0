package org.jstap.backend.bpf;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;
import org.jstap.api.ir.IrProbe;

/**
 * Pass 3 of the bpf backend: IR → {@code module-src.tar} holding {@code probes.bpf.c}, the runtime header,
 * {@code manifest.json} and the IR itself (pass 5 runs the user-space probes from it).
 */
public final class BpfTranslateStage implements Stage<IrArtefact, ModuleSourceArtefact> {
    static final String VERSION = "1";

    @Override public Pass pass() { return Pass.TRANSLATE; }

    @Override public String name() { return "bpf-translate"; }

    @Override public String version() { return VERSION; }

    @Override public String backend() { return BpfBackend.NAME; }

    @Override public Class<IrArtefact> inputType() { return IrArtefact.class; }

    @Override public Class<ModuleSourceArtefact> outputType() { return ModuleSourceArtefact.class; }

    @Override
    public ModuleSourceArtefact run(IrArtefact input, StageContext ctx) throws StageFailedException {
        // the object's name (and module_name()) come from the IR as pass 2 made it
        byte[] given = IrCodec.IR.toBytes(input);
        String scriptHash = Hashes.start().add(given).hex();
        input = new IrArtefact(input.header(), SessionName.apply(input.program(),
                SessionName.of(ctx.options().moduleName(), scriptHash)));
        BpfCWriter.Result r;
        try {
            UserSideMemory.check(input.program());
            r = new BpfCWriter(input.program(), ctx.options().defines()).write();
        } catch (BpfCWriter.Unsupported u) {
            ctx.diagnostics().report(Diagnostic.error(u.code == null ? Codes.TRANSLATE_FAILED : u.code,
                    u.span == null ? Span.NONE : u.span, u.code == null ? "the bpf backend cannot compile " + u.getMessage() : u.getMessage())
                    .withHint(u.hint != null ? u.hint : "use --runtime=kmod (in the test VM: --target=vm)"));
            throw new StageFailedException(Pass.TRANSLATE, u.getMessage());
        }
        Map<String, byte[]> files = new TreeMap<>();
        files.put(BpfFiles.SOURCE, r.c().getBytes(StandardCharsets.UTF_8));
        files.put(BpfFiles.RUNTIME_HEADER, BpfFiles.resource(BpfFiles.RUNTIME_HEADER));
        files.put(BpfFiles.STACKS_HEADER, BpfFiles.resource(BpfFiles.STACKS_HEADER));
        files.put(BpfFiles.TAPSET_HEADER, BpfFiles.resource(BpfFiles.TAPSET_HEADER));
        files.put(BpfFiles.USTACKS_HEADER, BpfFiles.resource(BpfFiles.USTACKS_HEADER));
        byte[] ir = IrCodec.IR.toBytes(input);
        files.put(BpfFiles.IR, ir);
        try {
            files.put(BpfFiles.MANIFEST, BpfFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r.manifest()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String inputHash = Hashes.start().add(given).add(name() + "/" + VERSION).hex();
        List<String> probes = new ArrayList<>();
        for (IrProbe p : input.program().probes()) probes.add(p.point());
        return new ModuleSourceArtefact(new ArtefactHeader(ModuleSourceArtefact.FORMAT_VERSION, ModuleSourceArtefact.KIND,
                name(), VERSION, inputHash), scriptHash, probes, files);
    }

    @Override
    public void printResult(ModuleSourceArtefact output, StageContext ctx) {
        ctx.out().print(output.text(BpfFiles.SOURCE));
        ctx.out().flush();
    }
}
