package org.jstap.translate;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrConst;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.IrVar;
import org.jstap.api.ir.TargetAccess;

/** Terse hand-built IR for tests of constructs pass 2 may not produce yet. Every node is at s.stp:LINE:COL. */
final class Ir {
    private int line = 1;
    final List<IrGlobal> globals = new ArrayList<>();
    final List<IrFunction> functions = new ArrayList<>();
    final List<IrProbe> probes = new ArrayList<>();

    Span at() {
        return Span.at("s.stp", line++, 5);
    }

    static final IrType L = IrType.LONG, S = IrType.STRING, ST = IrType.STATS, V = IrType.VOID;

    IrExpr n(long v) { return new IrExpr.IntConst(at(), v); }
    IrExpr s(String v) { return new IrExpr.StrConst(at(), v); }
    IrExpr.LocalRef loc(String name, int slot, IrType t) { return new IrExpr.LocalRef(at(), t, name, slot); }
    IrExpr gref(String g, IrType t) { return new IrExpr.GlobalRef(at(), t, g); }
    IrExpr get(String g, IrType t, IrExpr... keys) { return new IrExpr.ArrayGet(at(), t, g, List.of(keys)); }
    IrExpr bin(BinaryOp op, IrExpr l, IrExpr r) {
        IrType t = op == BinaryOp.CONCAT ? S : L;
        return new IrExpr.Binary(at(), t, op, l, r);
    }
    IrExpr un(UnaryOp op, IrExpr e) { return new IrExpr.Unary(at(), L, op, e); }
    IrExpr assign(IrExpr target, IrExpr v) { return new IrExpr.Assign(at(), target.type(), AssignOp.ASSIGN, target, v); }
    IrExpr assign(AssignOp op, IrExpr target, IrExpr v) { return new IrExpr.Assign(at(), target.type(), op, target, v); }
    IrExpr inc(IrExpr target, boolean prefix) { return new IrExpr.IncDec(at(), target, true, prefix); }
    IrExpr agg(IrExpr target, IrExpr v) { return new IrExpr.Aggregate(at(), target, v); }
    IrExpr stat(StatFn fn, IrExpr st) { return new IrExpr.StatOp(at(), fn, st); }
    IrExpr call(String fn, IrType t, IrExpr... args) { return new IrExpr.CallFunction(at(), t, fn, List.of(args)); }
    IrExpr bi(Builtin b, IrExpr... args) { return new IrExpr.CallBuiltin(at(), b, List.of(args)); }
    IrExpr in(String g, IrExpr... keys) { return new IrExpr.In(at(), List.of(keys), g); }
    IrExpr any() { return new IrExpr.AnyKey(at()); }
    IrExpr tern(IrType t, IrExpr c, IrExpr a, IrExpr b) { return new IrExpr.Ternary(at(), t, c, a, b); }
    IrExpr hist(IrExpr st, HistParams h) { return new IrExpr.HistPrint(at(), st, h); }
    IrExpr bucket(IrExpr st, HistParams h, IrExpr i) { return new IrExpr.HistBucket(at(), st, h, i); }
    IrExpr target(String text, TargetAccess a, IrType t) { return new IrExpr.Target(at(), t, text, a); }
    IrExpr entry(int slot, IrType t) { return new IrExpr.EntryRef(at(), t, slot); }

    /** printf with a format written like C: %d/%s/%x/%-5s... arguments typed by their conversion. */
    IrExpr printf(String fmt, IrExpr... args) { return print(fmt, false, args); }
    IrExpr sprintf(String fmt, IrExpr... args) { return print(fmt, true, args); }

    private IrExpr print(String fmt, boolean toText, IrExpr... args) {
        List<Format.Segment> segs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char ch = fmt.charAt(i);
            if (ch != '%') {
                text.append(ch);
                i++;
                continue;
            }
            if (fmt.charAt(i + 1) == '%') {
                text.append('%');
                i += 2;
                continue;
            }
            if (text.length() > 0) {
                segs.add(new Format.Text(text.toString()));
                text.setLength(0);
            }
            int j = i + 1;
            StringBuilder flags = new StringBuilder();
            while ("-+ #0".indexOf(fmt.charAt(j)) >= 0) flags.append(fmt.charAt(j++));
            int width = -1, prec = -1;
            if (fmt.charAt(j) == '*') { width = -2; j++; }
            else if (Character.isDigit(fmt.charAt(j))) {
                int k = j;
                while (Character.isDigit(fmt.charAt(j))) j++;
                width = Integer.parseInt(fmt.substring(k, j));
            }
            if (fmt.charAt(j) == '.') {
                j++;
                if (fmt.charAt(j) == '*') { prec = -2; j++; }
                else {
                    int k = j;
                    while (Character.isDigit(fmt.charAt(j))) j++;
                    prec = Integer.parseInt(fmt.substring(k, j));
                }
            }
            char conv = fmt.charAt(j);
            segs.add(new Format.Conv(flags.toString(), width, prec, conv, conv == 's' ? S : L, fmt.substring(i, j + 1)));
            i = j + 1;
        }
        if (text.length() > 0) segs.add(new Format.Text(text.toString()));
        return new IrExpr.Print(at(), new Format(segs), List.of(args), toText);
    }

    IrStmt ex(IrExpr e) { return new IrStmt.ExprStmt(e.span(), e); }
    IrStmt.Block block(IrStmt... s) { return new IrStmt.Block(at(), List.of(s)); }
    IrStmt iff(IrExpr c, IrStmt t, IrStmt e) { return new IrStmt.If(at(), c, t, e); }
    IrStmt whil(IrExpr c, IrStmt b) { return new IrStmt.While(at(), c, b); }
    IrStmt forr(IrExpr i, IrExpr c, IrExpr st, IrStmt b) { return new IrStmt.For(at(), i, c, st, b); }
    IrStmt foreach(String g, List<IrExpr.LocalRef> keys, IrExpr.LocalRef value, List<IrExpr> slice, int col,
                   boolean desc, IrExpr limit, IrStmt body) {
        return new IrStmt.Foreach(at(), g, keys, value, slice, col, desc, null, limit, body);
    }
    IrStmt del(IrExpr t) { return new IrStmt.Delete(at(), t); }
    IrStmt ret(IrExpr v) { return new IrStmt.Return(at(), v); }
    IrStmt brk() { return new IrStmt.Break(at()); }
    IrStmt cont() { return new IrStmt.Continue(at()); }
    IrStmt next() { return new IrStmt.Next(at()); }
    IrStmt tryCatch(IrStmt.Block b, IrExpr.LocalRef v, IrStmt.Block h) { return new IrStmt.Try(at(), b, v, h); }

    Ir global(String name, IrType t, IrType... keys) {
        return global(name, t, null, false, null, List.of(), keys);
    }

    Ir global(String name, IrType t, Long max, boolean wrap, IrConst init, List<HistParams> hs, IrType... keys) {
        globals.add(new IrGlobal(at(), name, name, t, List.of(keys), max, wrap, init, false, hs, List.of(), true, true));
        return this;
    }

    Ir function(String id, IrType ret, List<IrVar> params, List<IrVar> locals, IrStmt.Block body) {
        functions.add(new IrFunction(at(), id, id, ret, params, locals, new IrFunction.Body.Script(body), false, false));
        return this;
    }

    Ir probe(String point, IrSite site, IrExpr cond, List<IrVar> locals, List<IrProbe.EntrySave> saves, IrStmt... body) {
        String id = "probe_" + probes.size();
        String fn = site instanceof IrSite.KernelFunction k ? k.function() : "";
        probes.add(new IrProbe(at(), id, probes.size(), point, point, fn, site, cond, block(body), locals, saves, false));
        return this;
    }

    Ir probe(String point, IrSite site, IrStmt... body) {
        return probe(point, site, null, List.of(), List.of(), body);
    }

    IrArtefact artefact() {
        IrProgram p = new IrProgram("s.stp", globals, functions, probes, List.of(), false, IrProgram.Elided.NONE);
        return new IrArtefact(new ArtefactHeader(IrArtefact.FORMAT_VERSION, IrArtefact.KIND, "test", "0", "0"), p);
    }

    static IrVar var(String name, IrType t, int slot) {
        return new IrVar(name, t, slot);
    }

    static IrSite begin() { return new IrSite.Begin(0); }
    static IrSite end() { return new IrSite.End(0); }
}
