package org.jstap.cli;

import org.jstap.api.Pass;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrProgram;

/**
 * The first words of stap's {@code -v} line for a finished pass, e.g. {@code parsed user script and 12 library
 * scripts}. Artefacts the driver knows get counts; others get the pass's plain wording.
 */
final class PassLines {
    private PassLines() {}

    static String describe(Pass pass, Object output) {
        switch (pass) {
            case PARSE:
                if (output instanceof AstArtefact ast && ast.script() != null) {
                    long libraries = ast.script().files().stream().filter(ScriptFile::library).count();
                    return "parsed user script and " + libraries + " library script" + (libraries == 1 ? "" : "s");
                }
                return "parsed user script";
            case ELABORATE:
                if (output instanceof IrArtefact ir && ir.program() != null) {
                    IrProgram p = ir.program();
                    return "analyzed script: " + count(p.probes().size(), "probe") + ", "
                            + count(p.functions().size(), "function") + ", " + count(p.embeds().size(), "embed")
                            + ", " + count(p.globals().size(), "global");
                }
                return "analyzed script";
            case TRANSLATE:
                return "translated to C";
            case BUILD:
                return "compiled C into a module";
            default:
                return "run completed";
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** stap's pass 4 and 5 lines give times only; passes 1-3 also the memory in use. */
    static boolean reportsMemory(Pass pass) {
        return pass.number <= 3;
    }

    /** The whole line, e.g. {@code Pass 1: parsed user script and 0 library scripts using ..., in ... ms.} */
    static String line(Pass pass, Object output, String usage) {
        return "Pass " + pass.number + ": " + describe(pass, output) + " " + usage + ".";
    }
}
