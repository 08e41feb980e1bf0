package org.jstap.parse;

import java.util.List;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.artefact.Hashes;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;

/** Pass 1: the user's script (preprocessed, parsed) as an {@code ast} artefact. */
public final class ParseStage implements Stage<ScriptSource, AstArtefact> {
    public static final String NAME = "parse";
    public static final String VERSION = "1";

    @Override
    public Pass pass() {
        return Pass.PARSE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Class<ScriptSource> inputType() {
        return ScriptSource.class;
    }

    @Override
    public Class<AstArtefact> outputType() {
        return AstArtefact.class;
    }

    @Override
    public AstArtefact run(ScriptSource input, StageContext ctx) throws StageFailedException {
        ScriptFile file = ScriptParser.parse(input, false, ctx);
        if (ctx.diagnostics().hasErrors()) {
            long n = ctx.diagnostics().errorCount();
            throw new StageFailedException(Pass.PARSE, n + " parse error" + (n == 1 ? "" : "s") + ".");
        }
        ArtefactHeader header = new ArtefactHeader(AstArtefact.FORMAT_VERSION, AstArtefact.KIND, NAME, VERSION,
                inputHash(input, ctx.options()));
        return new AstArtefact(header, new Script(List.of(file)));
    }

    /**
     * Everything pass 1 reads: the script, its arguments, and the options conditionals can test. The kernel
     * ({@code kernel_v}, {@code CONFIG_*}) is keyed by the release the user chose; macro libraries by their dirs.
     */
    static String inputHash(ScriptSource input, SessionOptions o) {
        Hashes h = Hashes.start().add(NAME).add(VERSION).add(input.name()).add(input.text());
        h.add(Integer.toString(o.scriptArgs().size()));
        for (String a : o.scriptArgs()) h.add(a);
        h.add(Boolean.toString(o.guru())).add(o.runtime()).add(o.kernelRelease());
        for (var d : o.includeDirs()) h.add(d.toString());
        return h.hex();
    }

    @Override
    public void printResult(AstArtefact output, StageContext ctx) {
        ctx.out().print(ScriptPrinter.print(output.script()));
        ctx.out().flush();
    }
}
