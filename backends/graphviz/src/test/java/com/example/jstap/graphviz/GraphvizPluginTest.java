package com.example.jstap.graphviz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jstap.api.KernelInfo;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.spi.KernelLocator;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;

/** The plugin as jstap sees it: found through the Registry next to the real front end, run on real IR. */
class GraphvizPluginTest {
    static final String SCRIPT = """
            global count, names[10]
            function note(s) { names[s] = strlen(s); return count }
            probe begin { count = 1; note(execname()) }
            probe timer.ms(100) { count++; if (count > 3) exit() }
            probe end { printf("%d %d\\n", count, names["x"]) }
            """;

    /** A dot statement: a node with attributes, an edge with optional attributes, or a graph attribute. */
    private static final Pattern STATEMENT = Pattern.compile(
            "\\s*(\"(?:[^\"\\\\]|\\\\.)*\"( -> \"(?:[^\"\\\\]|\\\\.)*\")?( \\[[^\\]]*\\])?|rankdir=LR|node \\[[^\\]]*\\]);");

    @Test
    void registryFindsTheBackendAndItsStage() {
        Registry r = Registry.discover(getClass().getClassLoader());
        assertTrue(r.backend("graphviz").isPresent());
        Optional<Stage<?, ?>> s = r.stage(Pass.TRANSLATE, "graphviz");
        assertTrue(s.isPresent());
        assertEquals(GraphvizStage.class, s.get().getClass());
        assertTrue(r.stage(Pass.BUILD, "graphviz").isEmpty(), "the graphviz pipeline ends at pass 3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void realScriptGivesAValidCallGraph() throws Exception {
        Registry r = Registry.discover(getClass().getClassLoader());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        // The staged way (docs/plugins.md): the front end runs for kmod, as `jstap -p2 --emit=DIR` would, and
        // the graph is drawn from its ir.json.
        SessionOptions o = SessionOptions.builder().runtime("kmod").lastPass(3).build();
        StageContext ctx = new StageContext(o, new Diagnostics(false, false), new SourceTexts(), () -> kernel(r),
                out, out);
        ctx.sources().put("t.stp", SCRIPT);
        Object v = new ScriptSource("t.stp", SCRIPT);
        for (Pass p : new Pass[] {Pass.PARSE, Pass.ELABORATE}) {
            v = ((Stage<Object, Object>) r.stage(p, "kmod").orElseThrow()).run(v, ctx);
        }
        IrArtefact ir = (IrArtefact) v;
        GraphvizStage stage = (GraphvizStage) r.stage(Pass.TRANSLATE, "graphviz").orElseThrow();
        stage.printResult(stage.run(ir, ctx), ctx);
        String dot = buf.toString(StandardCharsets.UTF_8);

        assertTrue(dot.startsWith("digraph jstap {\n"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
        for (String line : dot.lines().skip(1).toList()) {
            if (line.equals("}")) continue;
            assertTrue(STATEMENT.matcher(line).matches(), "not a dot statement: " + line);
        }
        assertTrue(dot.contains("label=\"probe begin\""), dot);
        assertTrue(dot.contains("label=\"note()\""), dot);
        assertTrue(Pattern.compile("\"probe:[^\"]+\" -> \"fn:note\";").matcher(dot).find(), dot);
        assertTrue(dot.contains("-> \"builtin:execname\""), dot);
        assertTrue(dot.contains("-> \"builtin:strlen\"") || dot.contains("\"fn:strlen\""), dot);
        assertTrue(dot.contains("\"fn:note\" -> \"global:names\" [label=\"writes\", color=red];"), dot);
        assertTrue(Pattern.compile("\"global:count\" -> \"probe:[^\"]+\" \\[label=\"read by\"").matcher(dot).find(), dot);
        assertTrue(dot.contains("-> \"builtin:printf\""), dot);
        assertFalse(dot.contains("\"global:\""), "no empty global names: " + dot);
    }

    /**
     * The backend says it does not execute probes ({@code Backend.executesProbes}), so pass 2 run for the
     * graphviz runtime itself keeps a kernel probe that only kmod could fire, where it used to stop with
     * sem.backend.unsupported.
     */
    @Test
    @SuppressWarnings("unchecked")
    void frontEndRunsForTheGraphvizRuntimeWithKernelProbes() throws Exception {
        Registry r = Registry.discover(getClass().getClassLoader());
        assertFalse(r.backend("graphviz").orElseThrow().executesProbes());
        KernelInfo k = kernel(r);
        org.junit.jupiter.api.Assumptions.assumeTrue(k != null, "no kernel with BTF found");
        String script = "global n\nfunction bump(x) { return x + 1 }\n"
                + "probe kernel.function(\"vfs_read\") { n = bump(n) }\nprobe end { printf(\"%d\\n\", n) }\n";
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        SessionOptions o = SessionOptions.builder().runtime("graphviz").lastPass(3).build();
        Diagnostics diags = new Diagnostics(false, false);
        StageContext ctx = new StageContext(o, diags, new SourceTexts(), () -> k, out, out);
        ctx.sources().put("g.stp", script);
        Object v = new ScriptSource("g.stp", script);
        for (Pass p : new Pass[] {Pass.PARSE, Pass.ELABORATE}) {
            v = ((Stage<Object, Object>) r.stage(p, "graphviz").orElseThrow()).run(v, ctx);
        }
        assertFalse(diags.hasErrors(), diags.all().toString());
        GraphvizStage stage = (GraphvizStage) r.stage(Pass.TRANSLATE, "graphviz").orElseThrow();
        stage.printResult(stage.run((IrArtefact) v, ctx), ctx);
        String dot = buf.toString(StandardCharsets.UTF_8);
        assertTrue(dot.contains("label=\"probe kernel.function(\\\"vfs_read\\\")\""), dot);
        assertTrue(Pattern.compile("\"probe:[^\"]+\" -> \"fn:bump\";").matcher(dot).find(), dot);
    }

    private static KernelInfo kernel(Registry r) {
        for (KernelLocator l : r.kernelLocators()) {
            Optional<KernelInfo> k = l.locate(null);
            if (k.isPresent()) return k.get();
        }
        return null;
    }
}
