package org.jstap.translate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.artefact.ModuleSourceArtefact;

/** Dev tool: DumpDir SCRIPTDIR OUTDIR — passes 1-3 over every .stp, one module dir each; prints failures. */
public final class DumpDir {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".stp")).sorted().toList();
        }
        int ok = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String text = Files.readString(f);
            Frontend.Result r = Frontend.elaborate(name, text);
            if (r.ir() == null) {
                System.out.println("P2FAIL " + name + ": " + r.diagnostics().lines().findFirst().orElse(""));
                continue;
            }
            var ctx = Frontend.context(name, text);
            try {
                ModuleSourceArtefact a = new TranslateStage().run(r.ir(), ctx);
                Kbuild.layout(a, Path.of(args[1]).resolve(name.replace(".stp", "").replace('-', '_')));
                ok++;
            } catch (org.jstap.api.StageFailedException e) {
                System.out.println("P3FAIL " + name + ": " + Frontend.render(ctx).lines().findFirst().orElse(""));
            } catch (RuntimeException e) {
                System.out.println("P3CRASH " + name + ": " + e);
            }
        }
        System.out.println("translated " + ok + "/" + files.size());
    }
}
