package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jstap.api.ScriptSource;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.artefact.Codecs;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

/** The printer's output parses back to the same tree, and the JSON codec keeps every detail. */
class RoundTripTest {
    static final String EVERYTHING = String.join("\n",
            "#! /usr/bin/env stap",
            "global a, b[100], c%, d%[10], e = 5, f = \"s\\n\\t\\\"q\\\"\", g = -7, h = 0xffffffffffffffff",
            "private global p",
            "%{ #include <linux/sched.h> %}",
            "function f:long (a:string, b) :5 { return strlen(a) + b }",
            "private function g:string () %{ /* pure */ STAP_RETURN(\"x\"); %}",
            "function h() { while (a < 3) { a++; if (a) break; else continue } for (i = 0; i < 10; i++) next;",
            "  for (;;) { } ; ; { } { a = 1 } delete a; delete b[1]; delete b[*]; return; return 1;",
            "  try { a = 1 } catch (msg) { println(msg) } try { a = 1 } catch { b = 2 }",
            "  if (a) { b } else if (c) d else { e } }",
            "probe kernel.function(\"vfs_*\").return ?, timer.s(1) !, begin(-1), a.b*c.** if (e > 1),",
            "      syscall.{open,close}.return, {x,y.z(3)}, p.q(\"a\\001\") ! {",
            "  foreach ([x, y] in b- limit 5) print(x)",
            "  foreach (v = [k] in b[*, 3]+) { }",
            "  foreach (v = k in c @avg-) { }",
            "  foreach ([k1, k2-] in d) { }",
            "}",
            "probe a.b = x.y, z { v = 1 }",
            "probe c, d += e.f { w = 2 }",
            "probe begin {",
            "  w = a < b == c; x = a << b . c; y = a . b << c; z = a >> b >>> c; v = a in b; u = a =~ \"x\"; q = a !~ \"y\"",
            "  p = [a, b] in c; o = a + b in c; n = [a, *] in c",
            "  a = b = c; a += 1; a .= \"x\"; a -= 1; a *= 2; a /= 2; a %= 3; a <<= 1; a >>= 1; a &= 1; a |= 1; a ^= 1",
            "  x = a ? b : c ? d : e; y = a || b && c; z = a | b ^ c & d; t = -a * !b; s = ~a; r = &a; q = +a",
            "  x = $x$ . $x$$ . $$parms . $$vars . $$locals . $$return . $return . $$parms$ . $$vars$$",
            "  x = @entry($a) + @cast(p, \"struct x\")->f + @cast(p, \"struct x\", \"mod\")->f->g[1]$",
            "  x = $x->a->b + $x[3] + $x->a[2]->next + @var(\"n@f.c\") + @var(\"n@f.c\", \"m\")->a$$",
            "  x = @defined($y) ? 1 : 2",
            "  x <<< 1; x[1, \"k\"] <<< 2; a = @hist_log(x)[3]; print(@hist_linear(x[1], 0, 100, 10))",
            "  a = @avg(x) + @min(x) * @max(x) - @variance(x) + @count(x[1,2]) + @sum(x)",
            "  a = 0777; a = -9223372036854775808; a = 9223372036854775807; s = \"\\x41\\101\\0\\1234\\a\\b\\f\\v\\r\\\\\"",
            "  x = %{ 1 + 2 %}; i++; i--; ++i; --i; x = -(-(i)); s = \"\u00e9\\377\"",
            "  printf(\"%d %s\\n\", 1, \"x\"); exit()",
            "}");

    private static ScriptFile parse(String text) { // EVERYTHING has embedded C: a -g run
        return Parsing.guruOk(text);
    }

    @Test
    void printedScriptParsesBackToTheSameTree() {
        ScriptFile first = parse(EVERYTHING);
        String printed = ScriptPrinter.print(first);
        ScriptFile second = parse(printed);
        assertEquals(AstNormalizer.stripSpans(first), AstNormalizer.stripSpans(second), printed);
        // And printing is a fixed point.
        assertEquals(printed, ScriptPrinter.print(second));
    }

    @Test
    void normalizerRemovesEverySpan() {
        ScriptFile f = AstNormalizer.stripSpans(parse(EVERYTHING));
        String json = new String(Codecs.AST.toBytes(new AstArtefact(new org.jstap.api.artefact.ArtefactHeader(AstArtefact.FORMAT_VERSION, "ast", "parse", "1", "h"),
                new Script(List.of(f)))), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"<none>\""));
        assertTrue(!json.contains("[\"t.stp\",") , "a span survived");
        assertEquals(Span.NONE, AstNormalizer.stripSpans(Parsing.expr("a + b")).span());
        assertEquals(Span.NONE, AstNormalizer.stripSpans(Parsing.body("if (a) b").get(0)).span());
        assertEquals(AstNormalizer.stripSpans(new Script(List.of(f))).files().get(0), f);
    }

    @Test
    void spansMatterBeforeNormalisation() {
        assertNotEquals(Parsing.expr("a+b"), Parsing.expr("a + b"));
        assertEquals(AstNormalizer.stripSpans(Parsing.expr("a+b")), AstNormalizer.stripSpans(Parsing.expr("a + b")));
    }

    @Test
    void jsonCodecRoundTrip() throws Exception {
        StageContext ctx = StageContext.of(Parsing.GURU, () -> Parsing.KERNEL);
        AstArtefact art = new ParseStage().run(new ScriptSource("everything.stp", EVERYTHING), ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codecs.AST.write(art, out);
        AstArtefact back;
        try (InputStream in = new ByteArrayInputStream(out.toByteArray())) {
            back = Codecs.AST.read(in);
        }
        assertEquals(art, back);
        assertEquals(art.header(), back.header());
    }

    @Test
    void expressionAndStatementPrinting() {
        assertEquals("0xffffffffffffffff", ScriptPrinter.print(new Expr.IntLit(Span.NONE, -1)));
        assertEquals("\"a\\\"b\"", ScriptPrinter.print(new Expr.StrLit(Span.NONE, "a\"b")));
        assertEquals("foreach (v = [a, b-] in x[*, 1] limit 3) ;",
                ScriptPrinter.print(Parsing.body("foreach (v = [a, b-] in x[*, 1] limit 3) ;").get(0)));
    }

    @Test
    void handBuiltDanglingElseKeepsItsMeaning() {
        Span n = Span.NONE;
        org.jstap.api.ast.Stmt inner = new org.jstap.api.ast.Stmt.If(n, new Expr.Ident(n, "b"),
                new org.jstap.api.ast.Stmt.ExprStmt(n, new Expr.Ident(n, "c")), null);
        org.jstap.api.ast.Stmt outer = new org.jstap.api.ast.Stmt.If(n, new Expr.Ident(n, "a"), inner,
                new org.jstap.api.ast.Stmt.ExprStmt(n, new Expr.Ident(n, "d")));
        String printed = ScriptPrinter.print(outer);
        org.jstap.api.ast.Stmt.If back = (org.jstap.api.ast.Stmt.If) Parsing.body(printed).get(0);
        assertTrue(back.otherwise() != null, printed);
        assertTrue(back.then() instanceof org.jstap.api.ast.Stmt.Block, printed);
    }
}
