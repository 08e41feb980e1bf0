package org.jstap.translate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jstap.api.artefact.ModuleSourceArtefact;

/** Dev tool: DumpScript FILE.stp DIR — passes 1-3 and lay out the module sources. */
public final class DumpScript {
    public static void main(String[] args) throws Exception {
        Path f = Path.of(args[0]);
        Frontend.Result r = Frontend.elaborate(f.getFileName().toString(), Files.readString(f));
        System.err.print(r.diagnostics());
        if (r.ir() == null) System.exit(2);
        var ctx = Frontend.context(f.getFileName().toString(), Files.readString(f));
        try {
            ModuleSourceArtefact a = new TranslateStage().run(r.ir(), ctx);
            Kbuild.layout(a, Path.of(args[1]));
        } catch (org.jstap.api.StageFailedException e) {
            System.err.print(Frontend.render(ctx));
            System.exit(3);
        }
    }
}
