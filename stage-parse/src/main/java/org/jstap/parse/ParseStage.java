package org.jstap.parse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jstap.api.KernelInfo;
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
    public static final String VERSION = "2"; // 2: AST format 2 (AstArtefact.FORMAT_VERSION)

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
        long before = ctx.diagnostics().errorCount();
        MacroLibrary.Loaded libs = MacroLibrary.load(ctx);
        ScriptParser.Parsed parsed = ScriptParser.parse(input, false, ctx, libs);
        List<ScriptFile> files = new java.util.ArrayList<>(List.of(parsed.file()));
        KernelInfo kernelUsed = parsed.kernelUsed();
        for (ScriptSource more : input.also()) { // -E SCRIPT: further user files after the main one, as stap
            ScriptParser.Parsed p = ScriptParser.parse(more, false, ctx, libs);
            files.add(p.file());
            if (kernelUsed == null) kernelUsed = p.kernelUsed();
        }
        long n = ctx.diagnostics().errorCount() - before;
        if (n > 0) throw new StageFailedException(Pass.PARSE, n + " parse error" + (n == 1 ? "" : "s") + ".");
        ArtefactHeader header = new ArtefactHeader(AstArtefact.FORMAT_VERSION, AstArtefact.KIND, NAME, VERSION,
                inputHash(input, ctx.options(), libs.digest(), kernelUsed));
        return new AstArtefact(header, new Script(files));
    }

    /**
     * Everything pass 1 read: the script, its arguments, the options conditionals can test, the macro libraries'
     * texts and, only when a conditional looked at it, the kernel (release, build string, arch, config).
     */
    static String inputHash(ScriptSource input, SessionOptions o, String libraries, KernelInfo kernel) {
        Hashes h = Hashes.start().add(NAME).add(VERSION).add(input.name()).add(input.text()).add(Boolean.toString(input.library()));
        h.add(Integer.toString(input.also().size()));
        for (ScriptSource more : input.also()) h.add(more.name()).add(more.text());
        var so = o.stap(); // what conditionals can see: systemtap_v, arch, systemtap_privilege
        h.add(String.valueOf(so.compatible())).add(String.valueOf(so.arch())).add(so.privilegeLevel());
        h.add(Integer.toString(o.scriptArgs().size()));
        for (String a : o.scriptArgs()) h.add(a);
        h.add(Boolean.toString(o.guru())).add(o.runtime()).add(libraries);
        if (kernel != null) {
            h.add(kernel.release()).add(kernel.version()).add(kernel.arch());
            for (Map.Entry<String, String> e : new TreeMap<>(kernel.config()).entrySet()) h.add(e.getKey()).add(e.getValue());
        }
        return h.hex();
    }

    /** The script as source (pass 1) or the C (pass 3): nothing but the artefact goes into it. */
    @Override
    public boolean printDependsOnArtefactOnly() {
        return true;
    }

    @Override
    public void printResult(AstArtefact output, StageContext ctx) {
        // As bytes: a Latin-1 string in the script is printed as the byte it is, as stap -p1 does.
        byte[] b = org.jstap.api.ScriptBytes.encode(ScriptPrinter.print(output.script()));
        ctx.out().write(b, 0, b.length);
        ctx.out().flush();
    }
}
