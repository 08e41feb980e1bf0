package org.jstap.translate;

import java.nio.file.Path;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.ModuleSourceArtefact;
import org.jstap.api.ir.IrArtefact;

/** Dev tool: java -cp ... DumpMain NAME DIR writes the module sources of a test program. */
public final class DumpMain {
    public static void main(String[] args) throws Exception {
        IrArtefact ir = switch (args[0]) {
            case "hello" -> Programs.hello();
            case "language" -> Programs.language();
            default -> Programs.families();
        };
        StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> null);
        ModuleSourceArtefact a = new TranslateStage().run(ir, ctx);
        Kbuild.layout(a, Path.of(args[1]));
    }
}
