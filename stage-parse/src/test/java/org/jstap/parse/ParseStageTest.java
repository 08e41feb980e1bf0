package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jstap.api.Pass;
import org.jstap.api.ScriptSource;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;

class ParseStageTest {
    private static AstArtefact run(String text, SessionOptions o) throws StageFailedException {
        return new ParseStage().run(new ScriptSource("s.stp", text), StageContext.of(o, () -> Parsing.KERNEL));
    }

    @Test
    void describesItself() {
        ParseStage s = new ParseStage();
        assertEquals(Pass.PARSE, s.pass());
        assertEquals("parse", s.name());
        assertEquals(ParseStage.VERSION, s.version());
        assertEquals("2", s.version());
        assertEquals("*", s.backend());
        assertEquals(ScriptSource.class, s.inputType());
        assertEquals(AstArtefact.class, s.outputType());
    }

    @Test
    void headerAndInputHash() throws Exception {
        SessionOptions o = SessionOptions.builder().build();
        AstArtefact a = run("probe begin { exit() }", o);
        assertEquals(AstArtefact.FORMAT_VERSION, a.header().formatVersion());
        assertEquals("ast", a.header().kind());
        assertEquals("parse", a.header().producer());
        assertEquals(ParseStage.VERSION, a.header().producerVersion());
        assertEquals(a.header().inputHash(), run("probe begin { exit() }", o).header().inputHash());
        assertNotEquals(a.header().inputHash(), run("probe begin { exit();}", o).header().inputHash());
        assertNotEquals(a.header().inputHash(),
                run("probe begin { exit() }", o.toBuilder().scriptArgs(List.of("x")).build()).header().inputHash());
        assertNotEquals(a.header().inputHash(), run("probe begin { exit() }", o.toBuilder().guru(true).build()).header().inputHash());
        assertEquals(1, a.script().files().size());
        assertEquals("s.stp", a.script().user().name());
        assertEquals("probe begin { exit() }", a.script().user().text());
    }

    @Test
    void inputHashFollowsTheKernelOnlyWhenAConditionLooksAtIt() throws Exception {
        SessionOptions o = SessionOptions.builder().build();
        org.jstap.api.KernelInfo other = new org.jstap.api.KernelInfo("6.12.0", "#2", "x86_64", java.util.Map.of(), null, null);
        String plain = "probe begin { exit() }";
        String cond = "probe begin { %( kernel_v > \"5\" %? exit() %) }";
        assertEquals(new ParseStage().run(new ScriptSource("s", plain), StageContext.of(o, () -> Parsing.KERNEL)).header().inputHash(),
                new ParseStage().run(new ScriptSource("s", plain), StageContext.of(o, () -> other)).header().inputHash());
        assertNotEquals(new ParseStage().run(new ScriptSource("s", cond), StageContext.of(o, () -> Parsing.KERNEL)).header().inputHash(),
                new ParseStage().run(new ScriptSource("s", cond), StageContext.of(o, () -> other)).header().inputHash());
    }

    @Test
    void emptyScriptsAreRejectedLikeStap() {
        assertEquals(List.of("parse.empty.script@1:1"), Parsing.run("").errorsAt());
        assertEquals(List.of("parse.empty.script@1:1"), Parsing.run("# nothing\n/* at all */").errorsAt());
        Parsing.Result r = Parsing.run("%( 1 == 0 %? probe begin {} %)");
        assertTrue(r.rendered().contains("empty after preprocessing"), r.rendered());
        Parsing.ok("global x");
    }

    @Test
    void failureReportsThenThrows() {
        StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> null);
        StageFailedException e = assertThrows(StageFailedException.class,
                () -> new ParseStage().run(new ScriptSource("bad.stp", "probe begin { x = }\nprobe end { y = 09 }"), ctx));
        assertEquals(Pass.PARSE, e.pass());
        assertEquals("2 parse errors.", e.getMessage());
        assertEquals("probe end { y = 09 }", ctx.sources().line("bad.stp", 2));
    }

    @Test
    void printResultWritesTheP1Form() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StageContext ctx = new StageContext(SessionOptions.builder().build(), new Diagnostics(), new SourceTexts(),
                () -> null, new PrintStream(buf, true, StandardCharsets.UTF_8), System.err);
        ParseStage s = new ParseStage();
        s.printResult(s.run(new ScriptSource("<input>", "probe begin { println(\"x\"); a = 1 + 2 * 3 }"), ctx), ctx);
        assertEquals("# parse tree dump\n# file <input>\nprobe begin{\nprintln(\"x\");\n(a) = ((1) + ((2) * (3)));\n}\n",
                buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goldenP1Output() throws Exception {
        String script = resource("golden/p1.stp");
        String expected = resource("golden/p1.expected");
        StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> Parsing.KERNEL);
        AstArtefact a = new ParseStage().run(new ScriptSource("p1.stp", script), ctx);
        assertEquals(expected, ScriptPrinter.print(a.script()));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ParseStageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void registeredThroughTheModule() {
        Registry r = Registry.discover(ParseStageTest.class.getClassLoader());
        assertInstanceOf(ParseStage.class, r.stage(Pass.PARSE, "kmod").orElseThrow());
        assertTrue(r.stages().stream().anyMatch(s -> s instanceof ParseStage));
    }

    @Test
    void libraryFilesParseToo() {
        StageContext ctx = StageContext.of(SessionOptions.builder().build(), () -> null);
        var f = ScriptParser.parse(new ScriptSource("tapset/x.stp", "function x() { return 1 }"), true, ctx);
        assertTrue(f.library());
        assertEquals(1, f.decls().size());
    }
}
