package org.jstap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Ops;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

/** Each construct of the language gives the documented tree. */
class ConstructsTest {
    private static Decl.Probe probe(String text) {
        return (Decl.Probe) Parsing.ok(text).decls().get(0);
    }

    @Test
    void probePointsWithEveryDecoration() {
        Decl.Probe p = probe("probe kernel.function(\"vfs_*\").return ?, timer.s(1) !, begin(-1), a.b*c.** if (x > 1),"
                + " syscall.{open,close}.return, {x,y.z(3)}, p.q(\"a\" \"b\") ? {}");
        List<ProbePoint> pts = p.points();
        assertEquals(9, pts.size()); // brace alternatives expanded in pass 1, as stap 4.8
        assertEquals("kernel.function(\"vfs_*\").return", pts.get(0).text());
        assertTrue(pts.get(0).optional());
        assertFalse(pts.get(0).sufficient());
        assertTrue(pts.get(1).sufficient());
        assertEquals(new Expr.IntLit(pts.get(1).components().get(1).arg().span(), 1), pts.get(1).components().get(1).arg());
        assertEquals(-1, ((Expr.IntLit) pts.get(2).components().get(0).arg()).value());
        assertEquals(List.of("a", "b*c", "**"), pts.get(3).components().stream().map(ProbePoint.Component::name).toList());
        assertInstanceOf(Expr.Binary.class, pts.get(3).condition());
        assertEquals("syscall.open.return", pts.get(4).text());
        assertEquals("syscall.close.return", pts.get(5).text());
        assertEquals("x", pts.get(6).text());
        assertEquals("y.z(3)", pts.get(7).text());
        assertEquals("ab", ((Expr.StrLit) pts.get(8).components().get(1).arg()).value());
        assertTrue(pts.get(8).optional() && !pts.get(8).sufficient());
    }

    @Test
    void keywordsAreValidProbePointComponents() {
        Decl.Probe p = probe("probe module(\"m\").function(\"f\").return, process.next.if.string {}");
        assertEquals("module(\"m\").function(\"f\").return", p.points().get(0).text());
        assertEquals("process.next.if.string", p.points().get(1).text());
    }

    @Test
    void wildcardsMustBeGluedToTheirName() {
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_EXPECTED_TOKEN), Parsing.errors("probe a *b {}"));
    }

    @Test
    void aliasesPrologueAndEpilogue() {
        ScriptFile f = Parsing.ok("probe a.b = x.y, z { v = 1 } probe c, d += e.f { w = 2 }");
        Decl.Alias a = (Decl.Alias) f.decls().get(0);
        assertNotNull(a.prologue());
        assertNull(a.epilogue());
        assertEquals(1, a.names().size());
        assertEquals(2, a.targets().size());
        Decl.Alias b = (Decl.Alias) f.decls().get(1);
        assertNull(b.prologue());
        assertNotNull(b.epilogue());
        assertEquals(List.of("c", "d"), b.names().stream().map(ProbePoint::text).toList());
    }

    @Test
    void globalsAllForms() {
        ScriptFile f = Parsing.ok("global a, b[100], c%, d%[10], e = 5, f = \"s\", g = -3, h = 0x10;\nprivate global p");
        List<Decl> d = f.decls();
        assertEquals(9, d.size());
        Decl.Global b = (Decl.Global) d.get(1);
        assertEquals(100L, b.size());
        assertTrue(((Decl.Global) d.get(2)).wrap());
        Decl.Global dd = (Decl.Global) d.get(3);
        assertTrue(dd.wrap());
        assertEquals(10L, dd.size());
        assertEquals(5, ((Expr.IntLit) ((Decl.Global) d.get(4)).init()).value());
        assertEquals("s", ((Expr.StrLit) ((Decl.Global) d.get(5)).init()).value());
        assertEquals(-3, ((Expr.IntLit) ((Decl.Global) d.get(6)).init()).value());
        assertEquals(16, ((Expr.IntLit) ((Decl.Global) d.get(7)).init()).value());
        assertTrue(((Decl.Global) d.get(8)).isPrivate());
        assertFalse(((Decl.Global) d.get(0)).isPrivate());
        assertNull(((Decl.Global) d.get(0)).size());
    }

    @Test
    void functionsWithTypesPriorityAndEmbeddedBodies() {
        ScriptFile f = Parsing.guruOk("function f:long (a:string, b) :5 { return 1 }\n"
                + "private function g() %{ /* pure */ STAP_RETURN(1); %}\nfunction h:string() {}\n%{ #include <linux/x.h> %}");
        Decl.Function fn = (Decl.Function) f.decls().get(0);
        assertEquals(Ops.TypeName.LONG, fn.returnType());
        assertEquals(Ops.TypeName.STRING, fn.params().get(0).type());
        assertNull(fn.params().get(1).type());
        assertEquals(5L, fn.priority());
        assertFalse(fn.isPrivate());
        Decl.Function g = (Decl.Function) f.decls().get(1);
        assertTrue(g.isPrivate());
        assertEquals(" /* pure */ STAP_RETURN(1); ", ((Decl.Body.C) g.body()).code());
        assertEquals(Ops.TypeName.STRING, ((Decl.Function) f.decls().get(2)).returnType());
        assertEquals(" #include <linux/x.h> ", ((Decl.Embedded) f.decls().get(3)).code());
    }

    @Test
    void statements() {
        ScriptFile f = Parsing.ok("function f() { while (a < 3) { a++; if (a) break; else continue } "
                + "for (i = 0; i < 10; i++) next; for (;;) {} ; {} delete a; delete b[1]; delete c[*, 2]; return; return 1;"
                + " try { a = 1 } catch (msg) { println(msg) } try { a = 1 } catch { b = 2 } }");
        List<Stmt> s = ((Decl.Body.Script) ((Decl.Function) f.decls().get(0)).body()).block().body();
        assertInstanceOf(Stmt.While.class, s.get(0));
        Stmt.If ifs = (Stmt.If) ((Stmt.Block) ((Stmt.While) s.get(0)).body()).body().get(1);
        assertInstanceOf(Stmt.Break.class, ifs.then());
        assertInstanceOf(Stmt.Continue.class, ifs.otherwise());
        Stmt.For f1 = (Stmt.For) s.get(1);
        assertInstanceOf(Stmt.Next.class, f1.body());
        Stmt.For f2 = (Stmt.For) s.get(2);
        assertNull(f2.init());
        assertNull(f2.cond());
        assertNull(f2.step());
        assertInstanceOf(Stmt.Empty.class, s.get(3));
        assertInstanceOf(Stmt.Block.class, s.get(4));
        assertInstanceOf(Expr.Ident.class, ((Stmt.Delete) s.get(5)).target());
        assertInstanceOf(Expr.ArrayRef.class, ((Stmt.Delete) s.get(6)).target());
        assertInstanceOf(Expr.Wildcard.class, ((Expr.ArrayRef) ((Stmt.Delete) s.get(7)).target()).keys().get(0));
        assertNull(((Stmt.Return) s.get(8)).value());
        assertInstanceOf(Expr.IntLit.class, ((Stmt.Return) s.get(9)).value());
        assertEquals("msg", ((Stmt.Try) s.get(10)).catchVar());
        assertNull(((Stmt.Try) s.get(11)).catchVar());
    }

    @Test
    void foreachForms() {
        List<Stmt> s = Parsing.body("foreach (k in a) x; foreach ([a,b] in arr) x; foreach (v = [a,b] in arr) x;"
                + " foreach ([a+,b] in arr) x; foreach ([a,b-] in arr limit 5) x; foreach (v- = [a,b] in arr) x;"
                + " foreach ([a,b] in arr+) x; foreach (v = [a, b] in arr[*, 3]- limit 1 + 2) x;"
                + " foreach (v = k in lat @sum-) x; foreach (k in lat[*] @count+) x");
        Stmt.Foreach f0 = (Stmt.Foreach) s.get(0);
        assertEquals(List.of("k"), f0.keys());
        assertNull(f0.valueVar());
        assertNull(f0.sort());
        assertNull(f0.slice());
        assertEquals("v", ((Stmt.Foreach) s.get(2)).valueVar());
        assertEquals(new Stmt.Sort(1, null, false), ((Stmt.Foreach) s.get(3)).sort());
        Stmt.Foreach f4 = (Stmt.Foreach) s.get(4);
        assertEquals(new Stmt.Sort(2, null, true), f4.sort());
        assertEquals(5, ((Expr.IntLit) f4.limit()).value());
        assertEquals(new Stmt.Sort(0, null, true), ((Stmt.Foreach) s.get(5)).sort());
        assertEquals(new Stmt.Sort(0, null, false), ((Stmt.Foreach) s.get(6)).sort());
        Stmt.Foreach f7 = (Stmt.Foreach) s.get(7);
        assertEquals(2, f7.slice().size());
        assertInstanceOf(Expr.Wildcard.class, f7.slice().get(0));
        assertEquals(new Stmt.Sort(0, null, true), f7.sort());
        assertInstanceOf(Expr.Binary.class, f7.limit());
        // Sorting by an aggregate of a statistics value: column 0 (the value) with the aggregate named.
        assertEquals(new Stmt.Sort(0, Ops.StatFn.SUM, true), ((Stmt.Foreach) s.get(8)).sort());
        assertEquals(new Stmt.Sort(0, Ops.StatFn.COUNT, false), ((Stmt.Foreach) s.get(9)).sort());
        ScriptFile sorted = Parsing.ok("global lat probe begin { foreach (v = k in lat @sum- limit 3) x = v }");
        String printed = ScriptPrinter.print(sorted);
        assertTrue(printed.contains("in lat @sum- limit 3)"), printed);
        assertEquals(AstNormalizer.stripSpans(sorted), AstNormalizer.stripSpans(Parsing.ok(printed)));
    }

    @Test
    void targetVariablesAndAtOperators() {
        Expr.TargetVar t = (Expr.TargetVar) Parsing.expr("$x->a[2]->next$$");
        assertEquals("$x", t.name());
        assertEquals(3, t.path().size());
        assertEquals("next", ((Expr.Accessor.Field) t.path().get(2)).name());
        assertInstanceOf(Expr.Accessor.Index.class, t.path().get(1));
        assertEquals(2, t.pretty());
        assertEquals(1, ((Expr.TargetVar) Parsing.expr("$$parms$")).pretty());
        assertEquals("$$return", ((Expr.TargetVar) Parsing.expr("$$return")).name());
        assertEquals("$return", ((Expr.TargetVar) Parsing.expr("$return")).name());
        Expr.Cast c = (Expr.Cast) Parsing.expr("@cast(p, \"struct task_struct\", \"kernel\")->pid");
        assertEquals("struct task_struct", c.type());
        assertEquals("kernel", c.module());
        assertNull(((Expr.Cast) Parsing.expr("@cast(p, \"int\")")).module());
        Expr.AtVar v = (Expr.AtVar) Parsing.expr("@var(\"n@f.c\", \"mod\")->a$");
        assertEquals("n@f.c", v.name());
        assertEquals("mod", v.module());
        assertEquals(1, v.pretty());
        assertInstanceOf(Expr.Entry.class, Parsing.expr("@entry($a)"));
        assertInstanceOf(Expr.Defined.class, Parsing.expr("@defined($a->b)"));
        assertEquals(" 1 + 2 ", ((Expr.Embedded) ((Stmt.ExprStmt) ((Decl.Probe) Parsing.guruOk("probe begin { %{ 1 + 2 %} }")
                .decls().get(0)).body().body().get(0)).expr()).code());
    }

    @Test
    void statisticsAndHistograms() {
        Expr.StatOp s = (Expr.StatOp) Parsing.expr("@sum(x[1, 2])");
        assertEquals(Ops.StatFn.SUM, s.fn());
        assertInstanceOf(Expr.ArrayRef.class, s.operand());
        Expr.Hist h = (Expr.Hist) Parsing.expr("@hist_linear(x, 0, 100, 10)");
        assertEquals(Ops.HistKind.LINEAR, h.kind());
        assertEquals(3, h.params().size());
        Expr.HistBucket b = (Expr.HistBucket) Parsing.expr("@hist_log(x)[3]");
        assertEquals(Ops.HistKind.LOG, b.hist().kind());
        Expr.Aggregate a = (Expr.Aggregate) Parsing.expr("x[k] <<< 5");
        assertInstanceOf(Expr.ArrayRef.class, a.target());
    }

    @Test
    void anArrayElementIndexedAgainIsAnUntypedIndex() {
        // stap's parser reads a[1][2] as (a[1])[2]; pass 2 refuses it (sem.untyped.dereference).
        Expr.Autocast c = (Expr.Autocast) ((Expr.Assign) Parsing.expr("a[1][2] = 3")).target();
        assertEquals("a", ((Expr.ArrayRef) c.operand()).array());
        assertEquals(1, c.path().size());
        assertInstanceOf(Expr.Accessor.Index.class, c.path().get(0));
        assertEquals("(a[1])[2]", Parsing.printed("a[1][2]"));
        assertEquals("(a[1, 2])[3][4]", Parsing.printed("a[1, 2][3][4]"));
        assertInstanceOf(Expr.ArrayRef.class, Parsing.expr("a[1, 2]"));
    }

    @Test
    void callsInAndLiterals() {
        Expr.Call c = (Expr.Call) Parsing.expr("printf(\"%d\\n\", 1)");
        assertEquals("printf", c.name());
        assertEquals("%d\n", ((Expr.StrLit) c.args().get(0)).value());
        Expr.In in = (Expr.In) Parsing.expr("[a, *] in c");
        assertInstanceOf(Expr.Wildcard.class, in.keys().get(1));
        assertEquals("c", in.array());
        assertEquals(-1, ((Expr.IntLit) Parsing.expr("0xffffffffffffffff")).value());
        assertEquals(-1, ((Expr.IntLit) Parsing.expr("18446744073709551615")).value());
        assertEquals(Long.MIN_VALUE, ((Expr.IntLit) Parsing.expr("9223372036854775808")).value());
        assertEquals(511, ((Expr.IntLit) Parsing.expr("0777")).value());
        assertEquals(0, ((Expr.IntLit) Parsing.expr("0")).value());
        assertEquals("ab\u0007\b\f\u000b\r\t\\\"'AS4\u0000",
                ((Expr.StrLit) Parsing.expr("\"a\" \"b\\a\\b\\f\\v\\r\\t\\\\\\\"\\'\\x41\\1234\\0\"")).value());
    }

    @Test
    void spansAreOneBasedWithExclusiveEnd() {
        ScriptFile f = Parsing.ok("probe begin {\n  x = 42 + y\n}");
        Decl.Probe p = (Decl.Probe) f.decls().get(0);
        assertEquals(new Span("t.stp", 1, 1, 3, 2), p.span());
        Expr.Assign a = (Expr.Assign) ((Stmt.ExprStmt) p.body().body().get(0)).expr();
        assertEquals(new Span("t.stp", 2, 3, 2, 13), a.span());
        assertEquals(new Span("t.stp", 2, 7, 2, 9), ((Expr.Binary) a.value()).left().span());
        assertEquals(new Span("t.stp", 1, 7, 1, 12), p.points().get(0).span());
    }

    @Test
    void commentsOfAllKinds() {
        ScriptFile f = Parsing.ok("#! /usr/bin/stap\n# hash\n// slashes\n/* block\n # not a comment end */ probe begin { x = \"#not\" /* in */ }");
        Expr.Assign a = (Expr.Assign) ((Stmt.ExprStmt) ((Decl.Probe) f.decls().get(0)).body().body().get(0)).expr();
        assertEquals("#not", ((Expr.StrLit) a.value()).value());
    }

    @Test
    void ternaryWhileIfElseChains() {
        Stmt.If i = (Stmt.If) Parsing.body("if (a) { b } else if (c) d else { e }").get(0);
        assertInstanceOf(Stmt.If.class, i.otherwise());
        assertInstanceOf(Stmt.Block.class, ((Stmt.If) i.otherwise()).otherwise());
    }

    @Test
    void autocastOnAnyExpressionIsAnAutocast() {
        Expr.Autocast c = (Expr.Autocast) Parsing.expr("l->a->b[1]");
        assertEquals(new Expr.Ident(c.operand().span(), "l"), c.operand());
        assertEquals(3, c.path().size());
        Expr.Autocast i = (Expr.Autocast) Parsing.expr("(a)[1]");
        assertInstanceOf(Expr.Accessor.Index.class, i.path().get(0));
        assertEquals(1, ((Expr.Autocast) Parsing.expr("f(1)->x$")).pretty());
        assertEquals("", ((Expr.Cast) Parsing.expr("@cast(p, \"\")->a")).type()); // a written empty type stays a Cast
        assertEquals("-((p)->a)", ScriptPrinter.print(Parsing.expr("-p->a")));
    }

    @Test
    void dollarsInsideNamesAndPrettySuffixes() {
        assertEquals("a$b", ((Expr.Ident) ((Expr.Assign) Parsing.expr("a$b = 1")).target()).name());
        Expr.TargetVar t = (Expr.TargetVar) Parsing.expr("$x$");
        assertEquals("$x", t.name());
        assertEquals(1, t.pretty());
        assertEquals(2, ((Expr.TargetVar) Parsing.expr("$x$$")).pretty());
        assertEquals("$x$y", ((Expr.TargetVar) Parsing.expr("$x$y")).name());
        assertEquals("$$$$provider", ((Expr.TargetVar) Parsing.expr("$$$$provider")).name());
        Expr.TargetVar f = (Expr.TargetVar) Parsing.expr("$x->a$");
        assertEquals("a", ((Expr.Accessor.Field) f.path().get(0)).name());
        assertEquals(1, f.pretty());
        assertEquals("a$b", ((Expr.Accessor.Field) ((Expr.TargetVar) Parsing.expr("$x->a$b")).path().get(0)).name());
        assertEquals(2, ((Expr.Cast) Parsing.expr("@cast(p, \"t\")->b$$")).pretty());
        assertEquals(1, ((Expr.Cast) Parsing.expr("@cast(p, \"t\")$")).pretty());
        assertEquals(1, ((Expr.AtVar) Parsing.expr("@var(\"x\")->y$")).pretty());
    }

    @Test
    void privateGlobalWithoutTheGlobalKeyword() {
        ScriptFile f = Parsing.ok("private x, y = 1\nprobe begin { x = y }");
        assertTrue(((Decl.Global) f.decls().get(0)).isPrivate());
        assertEquals(1, ((Expr.IntLit) ((Decl.Global) f.decls().get(1)).init()).value());
    }

    @Test
    void aliasWithPrologueAndEpilogueIsOneAlias() {
        ScriptFile f = Parsing.ok("probe a = begin { x = 1 }, { y = 2 }\nprobe a { }");
        Decl.Alias alias = (Decl.Alias) f.decls().get(0);
        assertEquals(1, ((Stmt.Block) alias.prologue()).body().size());
        assertEquals(1, alias.epilogue().body().size());
        assertInstanceOf(Decl.Probe.class, f.decls().get(1));
        String printed = ScriptPrinter.print(f);
        assertTrue(printed.startsWith("probe a = begin{\n(x) = (1);\n}, {\n(y) = (2);\n}\n"), printed);
        assertEquals(AstNormalizer.stripSpans(f), AstNormalizer.stripSpans(Parsing.ok(printed)));
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_EXPECTED_TOKEN), Parsing.errors("probe a += b { }, { }"));
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_EXPECTED_TOKEN), Parsing.errors("probe a { }, { }"));
    }

    @Test
    void oneArgumentAtOperatorsAreAtOperatorNodes() {
        Expr.AtOperator c = (Expr.AtOperator) Parsing.expr("@const(\"X\")");
        assertEquals(Ops.AtOp.CONST, c.op());
        assertEquals("X", ((Expr.StrLit) c.operand()).value());
        assertEquals(Ops.AtOp.PROBEWRITE, ((Expr.AtOperator) Parsing.expr("@probewrite(x)")).op());
        assertEquals(Ops.AtOp.KREGISTER, guruExpr("@kregister(1)").op());
        assertEquals(Ops.AtOp.UREGISTER, guruExpr("@uregister(1)").op());
        // stap 4.8 refuses the raw register reads without -g in pass 1
        assertEquals(List.of(org.jstap.api.diag.Codes.SEM_EMBEDDED_NEEDS_GURU), Parsing.errors("probe begin { x = @kregister(1) }"));
        assertEquals(Ops.AtOp.PERF, ((Expr.AtOperator) Parsing.expr("@perf(\"c\")")).op());
        assertEquals("@perf(\"c\")", ScriptPrinter.print(Parsing.expr("@perf(\"c\")")));
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_BAD_AT_OPERATOR), Parsing.errors("probe begin { x = @const }"));
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_BAD_AT_OPERATOR), Parsing.errors("probe begin { x = @const(1, 2) }"));
    }

    private static Expr.AtOperator guruExpr(String e) {
        ScriptFile f = Parsing.guruOk("probe begin { " + e + " }");
        return (Expr.AtOperator) ((Stmt.ExprStmt) ((Decl.Probe) f.decls().get(0)).body().body().get(0)).expr();
    }

    @Test
    void regularExpressionsKeepUnknownEscapes() {
        Expr.Binary m = (Expr.Binary) Parsing.expr("s =~ \"lib([-\\._a-z]+)\\.so\\n\"");
        assertEquals("lib([-\\._a-z]+)\\.so\n", ((Expr.StrLit) m.right()).value());
        // Elsewhere an unknown escape is an error in a script and a warning in a tapset.
        assertEquals(List.of(org.jstap.api.diag.Codes.PARSE_BAD_ESCAPE), Parsing.errors("probe begin { x = \"\\.\" }"));
        var ctx = org.jstap.api.StageContext.of(org.jstap.api.SessionOptions.builder().build(), () -> null);
        ScriptFile lib = ScriptParser.parse(new org.jstap.api.ScriptSource("lib.stp", "function f() { return \"\\{\" }"), true, ctx);
        assertFalse(ctx.diagnostics().hasErrors());
        assertEquals(1, ctx.diagnostics().all().size());
        assertEquals(1, lib.decls().size());
    }
}
