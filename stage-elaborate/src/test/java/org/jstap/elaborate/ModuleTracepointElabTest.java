package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jstap.api.KernelInfo;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.TestBlobs;
import org.jstap.debuginfo.kernel.BtfCache;
import org.jstap.debuginfo.kernel.BtfDebugInfoProvider;
import org.jstap.elaborate.probes.TracepointProvider;
import org.jstap.elaborate.tapset.StageLibraryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernel.trace on a tracepoint of a loadable module: pass 2 finds it in the installed cloud kernel's watchdog.ko
 * (skipped when that kernel's modules are not installed), types it with the module's BTF and names the site
 * {@code module:tracepoint}; built-in tracepoints keep their plain name.
 */
class ModuleTracepointElabTest {
    @TempDir Path cache;

    private IrProgram elaborate(String script) throws Exception {
        Path wd = Path.of("/lib/modules", Elab.KERNEL.release(), "kernel/drivers/watchdog/watchdog.ko");
        assumeTrue(Files.isRegularFile(wd), "no " + wd);
        BtfDebugInfoProvider btf = new BtfDebugInfoProvider(Path.of("/"), new BtfCache(cache)) {
            @Override
            public Optional<BtfDebugInfo> kernelBtf(KernelInfo k) {
                return Optional.of(TestBlobs.kernel());        // the checked-in BTF of the same kernel
            }
        };
        ElaborateStage st = new ElaborateStage(List.of(new TracepointProvider()), List.of(btf),
                (name, text, ctx) -> StageLibraryParser.parseWith(Elab.PARSE, name, text, ctx));
        SessionOptions o = SessionOptions.builder().lastPass(2).build();
        PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        StageContext ctx = new StageContext(o, new Diagnostics(), new SourceTexts(), () -> Elab.KERNEL, ps, ps);
        AstArtefact ast = Elab.PARSE.run(new ScriptSource("s.stp", script), ctx);
        return st.run(ast, ctx).program();
    }

    @Test
    void moduleTracepointsAreFoundTypedAndNamedWithTheirModule() throws Exception {
        IrProgram p = elaborate("probe kernel.trace(\"watchdog_st*\") { println($arg2) }\n"
                + "probe kernel.trace(\"sched_switch\") { println($prev) }");
        List<String> sites = p.probes().stream().map(IrProbe::site).map(s -> ((IrSite.Tracepoint) s).name()).sorted().toList();
        assertEquals(List.of("sched_switch", "watchdog:watchdog_start", "watchdog:watchdog_stop"), sites);
        List<String> points = p.probes().stream().map(IrProbe::point).sorted().toList();
        assertEquals(List.of("kernel.trace(\"sched_switch\")", "kernel.trace(\"watchdog_start\")",
                "kernel.trace(\"watchdog_stop\")"), points);
        IrProbe start = p.probes().stream().filter(x -> x.point().contains("watchdog_start")).findFirst().orElseThrow();
        assertEquals(2, ((IrSite.Tracepoint) start.site()).args().size());
    }
}
