package org.jstap.irtools;

import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;

/** Terse IR construction for the toolkit's tests. */
final class Ir {
    static final Span S = Span.NONE;

    private Ir() {}

    static IrExpr.IntConst num(long v) { return new IrExpr.IntConst(S, v); }
    static IrExpr.StrConst str(String v) { return new IrExpr.StrConst(S, v); }
    static IrExpr.LocalRef local(String n, int slot) { return new IrExpr.LocalRef(S, IrType.LONG, n, slot); }
    static IrExpr.GlobalRef global(String n) { return new IrExpr.GlobalRef(S, IrType.LONG, n); }
    static IrExpr add(IrExpr a, IrExpr b) { return new IrExpr.Binary(S, IrType.LONG, BinaryOp.ADD, a, b); }
    static IrExpr assign(IrExpr t, IrExpr v) { return new IrExpr.Assign(S, IrType.LONG, AssignOp.ASSIGN, t, v); }
    static IrExpr call(String f, IrExpr... args) { return new IrExpr.CallFunction(S, IrType.LONG, f, List.of(args)); }
    static IrExpr builtin(Builtin b, IrExpr... args) { return new IrExpr.CallBuiltin(S, b, List.of(args)); }
    static IrExpr print(IrExpr... args) {
        return new IrExpr.Print(S, new Format(List.of(new Format.Text("x"))), List.of(args), false);
    }
    static IrExpr sprint(IrExpr... args) {
        return new IrExpr.Print(S, new Format(List.of(new Format.Text("x"))), List.of(args), true);
    }
    static IrStmt stmt(IrExpr e) { return new IrStmt.ExprStmt(S, e); }
    static IrStmt.Block block(IrStmt... s) { return new IrStmt.Block(S, List.of(s)); }
    static IrStmt ret(IrExpr e) { return new IrStmt.Return(S, e); }

    static IrFunction fn(String id, IrStmt... body) {
        return new IrFunction(S, id, id, IrType.LONG, List.of(), List.of(new IrVar("x", IrType.LONG, 0)),
                new IrFunction.Body.Script(block(body)), false, false);
    }

    static IrFunction embedded(String id) {
        return new IrFunction(S, id, id, IrType.LONG, List.of(), List.of(), new IrFunction.Body.EmbeddedC("0", List.of()),
                false, false);
    }

    static IrProbe probe(IrExpr condition, List<IrProbe.EntrySave> saves, IrStmt... body) {
        return new IrProbe(S, "probe_0", 0, "begin", "begin", "", new IrSite.Begin(0), condition, block(body),
                List.of(new IrVar("x", IrType.LONG, 0)), saves, false);
    }

    static IrProgram program(List<IrFunction> fns, IrProbe... probes) {
        return new IrProgram("t.stp", List.of(), fns, List.of(probes), List.of(), false, IrProgram.Elided.NONE);
    }
}
