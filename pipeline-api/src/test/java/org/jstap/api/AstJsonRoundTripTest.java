package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.artefact.Codecs;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Ops;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Span;
import org.junit.jupiter.api.Test;

class AstJsonRoundTripTest {
    private static final Span S = new Span("t.stp", 1, 2, 1, 9);

    private static AstArtefact sample() {
        Expr call = new Expr.Call(S, "printf", List.of(new Expr.StrLit(S, "%d\n\"q\""),
                new Expr.Binary(S, Ops.BinaryOp.ADD, new Expr.Ident(S, "n"), new Expr.IntLit(S, -1))));
        Stmt body = new Stmt.Foreach(S, "v", List.of("k"), "arr", null, new Stmt.Sort(1, null, true),
                new Expr.IntLit(S, 5), new Stmt.ExprStmt(S, call));
        Expr target = new Expr.TargetVar(S, "$file", List.of(new Expr.Accessor.Field(S, "f_path"),
                new Expr.Accessor.Index(S, new Expr.IntLit(S, 0))), 1);
        ProbePoint pp = new ProbePoint(S, List.of(new ProbePoint.Component(S, "kernel", null),
                new ProbePoint.Component(S, "function", new Expr.StrLit(S, "vfs_*")),
                new ProbePoint.Component(S, "return", null)), true, false, new Expr.Ident(S, "on"));
        Decl probe = new Decl.Probe(S, List.of(pp), new Stmt.Block(S, List.of(body,
                new Stmt.ExprStmt(S, new Expr.Aggregate(S, new Expr.Ident(S, "st"), target)),
                new Stmt.Try(S, new Stmt.Block(S, List.of()), null, new Stmt.Block(S, List.of())))));
        Decl fn = new Decl.Function(S, "f", Ops.TypeName.LONG, List.of(new Decl.Param(S, "a", null)), null,
                new Decl.Body.C(S, "STAP_RETURN(1); /* pure */"), false);
        Decl global = new Decl.Global(S, "arr", 100L, true, null, false);
        Stmt.Block aliasBody = new Stmt.Block(S, List.of(
                new Stmt.Foreach(S, null, List.of("k"), "st", null, new Stmt.Sort(0, Ops.StatFn.SUM, false), null,
                        new Stmt.ExprStmt(S, new Expr.Autocast(S, new Expr.Ident(S, "p"),
                                List.of(new Expr.Accessor.Field(S, "x")), 0))),
                new Stmt.ExprStmt(S, new Expr.AtOperator(S, Ops.AtOp.CONST, new Expr.StrLit(S, "HZ")))));
        Decl alias = new Decl.Alias(S, List.of(pp), List.of(pp), aliasBody, new Stmt.Block(S, List.of()));
        return new AstArtefact(new ArtefactHeader(AstArtefact.FORMAT_VERSION, "ast", "parse", "1", "abc"),
                new Script(List.of(new ScriptFile("t.stp", "text", false, List.of(global, fn, probe, alias)))));
    }

    @Test
    void astSurvivesJson() throws Exception {
        AstArtefact a = sample();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codecs.AST.write(a, out);
        AstArtefact back = Codecs.AST.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(a, back);
        assertEquals("kernel.function(\"vfs_*\").return",
                ((Decl.Probe) back.script().user().decls().get(2)).points().get(0).text());
    }

    @Test
    void wrongKindAndVersionAreRejected() {
        String other = "{\"header\":{\"formatVersion\":1,\"kind\":\"ir\",\"producer\":\"x\",\"producerVersion\":\"1\",\"inputHash\":\"\"}}";
        var e = assertThrows(ArtefactException.class,
                () -> Codecs.AST.read(new ByteArrayInputStream(other.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("expected a 'ast' artefact"), e.getMessage());
        String newer = other.replace("\"ir\"", "\"ast\"").replace(":1,", ":99,");
        var e2 = assertThrows(ArtefactException.class,
                () -> Codecs.AST.read(new ByteArrayInputStream(newer.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e2.getMessage().contains("format version 99"), e2.getMessage());
        assertThrows(ArtefactException.class,
                () -> Codecs.AST.read(new ByteArrayInputStream("{trunc".getBytes(StandardCharsets.UTF_8))));
    }
}
