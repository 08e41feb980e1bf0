package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.HistKind;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.HistParams;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;

/**
 * Turns one probe or function body into IR: resolves every name, infers types (each run offers what it learns
 * to the persistent {@link TypeSlot}s; the caller repeats until nothing changes), and in the final run
 * ({@code report}) reports the semantic errors. Target variables go to {@link TargetResolver}, print forms to
 * {@link PrintLowering}.
 */
final class BodyElaborator implements Expr.Visitor<IrExpr>, Stmt.Visitor<IrStmt> {
    final Elaboration el;
    final Scope scope;
    final FunctionSym fn;
    final Derived probe;
    final boolean report;
    final List<IrProbe.EntrySave> entries = new ArrayList<>();
    private final TargetResolver targets;
    /** The C types of this body's target values (for autocasts), by identity of the IR node. */
    final java.util.IdentityHashMap<IrExpr, TargetResolver.AutoType> typed = new java.util.IdentityHashMap<>();
    private final PrintLowering prints;
    private int loops;
    boolean inEntry;
    /** Elaborating the probe's {@code if (...)} condition (set by the caller around it). */
    boolean inCondition;

    BodyElaborator(Elaboration el, Scope scope, FunctionSym fn, Derived probe, boolean report) {
        this.el = el;
        this.scope = scope;
        this.fn = fn;
        this.probe = probe;
        this.report = report;
        this.targets = new TargetResolver(this);
        this.prints = new PrintLowering(this);
    }

    // ------------------------------------------------------------------ reporting and typing helpers

    private final java.util.Set<String> reported = new java.util.HashSet<>();

    /** Reports once per code and place (one misuse often reaches several checks). */
    void error(Diagnostic d) {
        if (speculating > 0) { // a branch tried for a load-time @defined: its errors only say it cannot be kept
            if (d.isError()) speculativeErrors++;
            return;
        }
        if (!report) return;
        if (reported.add(d.code() + "@" + d.span())) el.diagnostics.report(d);
    }

    /** An undeclared name is reported once per body, at its first use. */
    void unresolved(String name, Span span, String message, String hint) {
        if (speculating > 0) {
            speculativeErrors++;
            return;
        }
        if (!report || !reported.add("unresolved:" + name)) return;
        Diagnostic d = Diagnostic.error(Codes.SEM_UNRESOLVED_VARIABLE, span, message);
        el.diagnostics.report(hint == null ? d : d.withHint(hint));
    }

    boolean isReturnProbe() {
        return probe != null && probe.point().returnType() != null
                || probe != null && TargetResolver.isReturnSite(probe.point().site());
    }

    /** Where {@code @entry} has an entry to run at: a return probe, or a syscall exit event (the bpf tapset's returns). */
    private boolean entryAllowed() {
        return isReturnProbe() || probe != null && org.jstap.irtools.EntrySite.of(probe.point().site()) != null;
    }

    TypeSlot slotOf(IrExpr e) {
        if (e instanceof IrExpr.LocalRef l) {
            LocalSym s = scope.get(l.name());
            return s == null ? null : s.type;
        }
        if (e instanceof IrExpr.GlobalRef g) return globalSlot(g.global());
        if (e instanceof IrExpr.ArrayGet a) return globalSlot(a.global());
        if (e instanceof IrExpr.CallFunction c) {
            FunctionSym f = el.symbols.functionsById.get(c.function());
            return f == null ? null : f.ret;
        }
        return null;
    }

    private TypeSlot globalSlot(String mangled) {
        GlobalSym g = el.symbols.globalsByMangled.get(mangled);
        return g == null ? null : g.value;
    }

    /** Pushes an expected type into whatever variable or function result {@code e} is; reports a clash. */
    void expect(IrExpr e, IrType t, Span at, String what) {
        expect(e, t, at, what, null);
    }

    /** {@code origin}: where {@code t} itself came from, named in a clash. */
    void expect(IrExpr e, IrType t, Span at, String what, Span origin) {
        if (t == null || t == IrType.VOID || e == null) return;
        if (e instanceof IrExpr.Ternary tn) {
            // Its type came from unify, which pushed it into both branches already: going down again at every
            // level made a chain of n nested ?: cost n² (30,000 levels: 40 s).
            if (tn.type() == t) return;
            expect(tn.then(), t, at, what, origin);
            expect(tn.otherwise(), t, at, what, origin);
            return;
        }
        if (e instanceof IrExpr.Assign a) {
            expect(a.target(), t, at, what, origin);
            return;
        }
        TypeSlot s = slotOf(e);
        if (s != null && s.type == IrType.STATS && t != IrType.STATS) {
            noStats(e);
            return;
        }
        if (s != null) {
            if (!s.offer(t, at)) mismatch(e.span(), s.type, t, s.where, what);
        } else if (e.type() != null && e.type() != IrType.VOID && e.type() != t) {
            mismatch(e.span(), e.type(), t, origin, what);
        } else if (e.type() == IrType.VOID && report) {
            error(Diagnostic.error(Codes.SEM_TYPE_MISMATCH, e.span(),
                    "this expression has no value (" + what + " needs a " + t.label + ")"));
        }
    }

    /** The common type of two expressions, pushed into both. */
    IrType unify(IrExpr a, IrExpr b, Span at, String what) {
        IrType t = a.type() != null && a.type() != IrType.VOID ? a.type() : b.type();
        if (t == IrType.VOID) t = null;
        if (t == null) {
            TypeSlot sa = slotOf(a), sb = slotOf(b);
            t = sa != null && sa.known() ? sa.type : sb != null && sb.known() ? sb.type : null;
        }
        if (t != null) {
            TypeSlot sa = slotOf(a), sb = slotOf(b);
            expect(a, t, at, what, sb != null ? sb.where : null);
            expect(b, t, at, what, sa != null ? sa.where : null);
        }
        return t;
    }

    private void mismatch(Span at, IrType have, IrType want, Span first, String what) {
        if (!report) return;
        Diagnostic d = Diagnostic.error(Codes.SEM_TYPE_MISMATCH, at,
                "type mismatch (" + have.label + " vs. " + want.label + ") in " + what);
        if (first != null && first.isKnown() && !first.equals(at)) {
            d = d.withRelated(first, "the other type was inferred here");
        }
        error(d);
    }

    void noStats(IrExpr e) {
        if (e != null && e.type() == IrType.STATS) {
            error(Diagnostic.error(Codes.SEM_STATS_MISUSE, e.span(),
                    "statistic used as a value").withHint("extract a value with @count, @sum, @min, @max, @avg"));
        }
    }

    private String file(Span s) {
        return s == null ? "" : s.file();
    }

    // ------------------------------------------------------------------ variables

    private IrExpr local(LocalSym l, Span span, boolean write, boolean read) {
        if (write) l.assigned = true;
        if (read) l.read = true;
        return new IrExpr.LocalRef(span, l.type.type, l.name, l.slot);
    }

    /** A scalar variable reference: declared local, else global, else a new local. */
    IrExpr scalar(String name, Span span, boolean write, boolean read) {
        LocalSym l = scope.get(name);
        if (l != null && l.declared) return local(l, span, write, read);
        GlobalSym g = el.symbols.global(name, file(span));
        if (g != null) {
            useGlobal(g, write, read);
            if (g.arity > 0 || (g.arity < 0 && g.declaredArray())) {
                error(Diagnostic.error(Codes.SEM_ARRAY_AS_SCALAR, span, "array '" + name + "' used as a scalar")
                        .withRelated(g.arityWhere != null ? g.arityWhere : g.decl.span(), "used as an array here")
                        .withHint("index it: " + name + "[key]"));
            } else if (g.arity < 0) {
                g.arity = 0;
                g.arityWhere = span;
            }
            return new IrExpr.GlobalRef(span, g.value.type, g.mangled);
        }
        GlobalSym hidden = el.symbols.hiddenGlobal(name, file(span));
        if (hidden != null && report) {
            error(Diagnostic.error(Codes.SEM_PRIVATE_ACCESS, span, "global '" + name + "' is private to "
                    + hidden.file).withRelated(hidden.decl.span(), "declared private here"));
        }
        l = scope.declare(name, span, false, null);
        return local(l, span, write, read);
    }

    private void useGlobal(GlobalSym g, boolean write, boolean read) {
        g.used = true;
        if (g.firstUse < 0) g.firstUse = el.globalUses++;
        if (write) g.written = true;
        if (read) g.read = true;
    }

    /** {@code a[k...]} of a global array; {@code wildcards} allows {@code *} keys (slices). */
    IrExpr element(String name, List<Expr> keys, Span span, boolean write, boolean read, boolean wildcards) {
        GlobalSym g = el.symbols.global(name, file(span));
        if (g == null) {
            LocalSym l = scope.get(name);
            if (l != null) {
                error(Diagnostic.error(Codes.SEM_SCALAR_AS_ARRAY, span, "local '" + name
                        + "' used as an array (local arrays do not exist)").withHint("declare it: global " + name));
            } else {
                unresolved(name, span, "unresolved array '" + name + "' (arrays must be declared global)",
                        "declare it: global " + name);
            }
            for (Expr k : keys) if (!(k instanceof Expr.Wildcard)) k.accept(this);
            return new IrExpr.IntConst(span, 0);
        }
        useGlobal(g, write, read);
        if (g.arity == 0) {
            error(Diagnostic.error(Codes.SEM_SCALAR_AS_ARRAY, span, "scalar '" + name + "' used as an array")
                    .withRelated(g.arityWhere != null ? g.arityWhere : g.decl.span(), "used as a scalar here"));
        } else if (g.arity < 0) {
            g.arity = keys.size();
            g.arityWhere = span;
        } else if (g.arity != keys.size()) {
            error(Diagnostic.error(Codes.SEM_INDEX_ARITY, span, "array '" + name + "' has " + g.arity
                    + " key(s), indexed here with " + keys.size())
                    .withRelated(g.arityWhere, "first indexed here"));
        }
        while (g.keys.size() < keys.size()) g.keys.add(new TypeSlot(el.symbols.inference));
        List<IrExpr> ks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Expr k = keys.get(i);
            if (k instanceof Expr.Wildcard w) {
                if (!wildcards) error(Diagnostic.error(Codes.SEM_NOT_LVALUE, w.span(), "'*' is only allowed in array slices"));
                ks.add(new IrExpr.AnyKey(w.span()));
                continue;
            }
            IrExpr ke = k.accept(this);
            noStats(ke);
            TypeSlot slot = g.keys.get(i);
            if (ke.type() != null && ke.type() != IrType.VOID) {
                if (!slot.offer(ke.type(), ke.span())) mismatch(ke.span(), slot.type, ke.type(), slot.where, "key " + (i + 1) + " of '" + name + "'");
            } else if (slot.known()) {
                expect(ke, slot.type, ke.span(), "key " + (i + 1) + " of '" + name + "'");
            }
            ks.add(ke);
        }
        return new IrExpr.ArrayGet(span, g.value.type, g.mangled, ks);
    }

    /** {@code read}: the old value is used; {@code globalRead}: it counts as a read of a global (stap's display). */
    private IrExpr lvalue(Expr target, boolean read, boolean globalRead) {
        if (target instanceof Expr.Ident id) {
            LocalSym l = scope.get(id.name());
            boolean global = !(l != null && l.declared) && el.symbols.global(id.name(), file(id.span())) != null;
            return scalar(id.name(), id.span(), true, global ? globalRead : read);
        }
        if (target instanceof Expr.ArrayRef a) return element(a.array(), a.keys(), a.span(), true, globalRead, false);
        if (target instanceof Expr.Autocast ac) return untypedDeref(ac);
        if (target instanceof Expr.TargetVar tv && (tv.name().startsWith("$$") || tv.pretty() > 0)
                || target instanceof Expr.Cast c && c.pretty() > 0) {
            error(Diagnostic.error(Codes.SEM_NOT_LVALUE, target.span(), "'" + (target instanceof Expr.TargetVar t2 ? t2.name() : "@cast")
                    + "' is a printed text, it cannot be assigned to"));
            return target.accept(this);
        }
        if (target instanceof Expr.TargetVar || target instanceof Expr.Cast) {
            boolean procfsValue = target instanceof Expr.TargetVar tv && tv.name().equals("$value") && probe != null
                    && probe.point().site() instanceof org.jstap.api.ir.IrSite.Procfs;
            if (!el.options.guru() && !procfsValue) {
                error(Diagnostic.error(Codes.SEM_TARGET_WRITE_NEEDS_GURU, target.span(),
                        "writing a target variable needs guru mode").withHint("run with -g"));
            }
            return target.accept(this);
        }
        error(Diagnostic.error(Codes.SEM_NOT_LVALUE, target.span(), "this cannot be assigned to"));
        return target.accept(this);
    }

    // ------------------------------------------------------------------ expressions

    @Override public IrExpr visitIntLit(Expr.IntLit e) { return new IrExpr.IntConst(e.span(), e.value()); }

    @Override public IrExpr visitStrLit(Expr.StrLit e) { return new IrExpr.StrConst(e.span(), e.value()); }

    @Override
    public IrExpr visitIdent(Expr.Ident e) {
        IrExpr v = scalar(e.name(), e.span(), false, true); // consumers check for statistics used as values
        if (inEntry && v instanceof IrExpr.LocalRef) { // stap 4.8: never-assigned there, then "unresolved type"
            error(Diagnostic.error(Codes.SEM_UNRESOLVED_TYPE, e.span(), "'" + e.name() + "' is a local of the return "
                    + "probe: @entry evaluates its operand at the function's entry, where no local is assigned")
                    .withHint("use a $parameter, a global or a function call in @entry(...)"));
        }
        return v;
    }

    @Override
    public IrExpr visitArrayRef(Expr.ArrayRef e) {
        return element(e.array(), e.keys(), e.span(), false, true, false);
    }

    @Override
    public IrExpr visitWildcard(Expr.Wildcard e) {
        error(Diagnostic.error(Codes.SEM_NOT_LVALUE, e.span(), "'*' is only allowed in array slices"));
        return new IrExpr.AnyKey(e.span());
    }

    @Override
    public IrExpr visitIn(Expr.In e) {
        IrExpr r = element(e.array(), e.keys(), el.nameAfter(e.span(), "in", e.array()), false, true, true);
        List<IrExpr> keys = r instanceof IrExpr.ArrayGet a ? a.keys() : List.of();
        String g = r instanceof IrExpr.ArrayGet a ? a.global() : e.array();
        return new IrExpr.In(e.span(), keys, g);
    }

    @Override
    public IrExpr visitBinary(Expr.Binary e) {
        BinaryOp op = e.op();
        if (op == BinaryOp.MATCH || op == BinaryOp.NOMATCH) {
            IrExpr v = e.left().accept(this);
            expect(v, IrType.STRING, v.span(), "regular expression match");
            if (!(e.right() instanceof Expr.StrLit re)) {
                error(Diagnostic.error(Codes.SEM_BAD_REGEX, e.right().span(),
                        "the right side of " + op.symbol + " must be a literal regular expression"));
                return new IrExpr.Match(e.span(), v, "", op == BinaryOp.NOMATCH);
            }
            try {
                Pattern.compile(re.value());
            } catch (PatternSyntaxException x) {
                String why = x.getDescription().contains("internal error") ? "it ends with a lone backslash" : x.getDescription();
                error(Diagnostic.error(Codes.SEM_BAD_REGEX, re.span(), "invalid regular expression: " + why));
            }
            return new IrExpr.Match(e.span(), v, re.value(), op == BinaryOp.NOMATCH);
        }
        IrExpr l = e.left().accept(this), r = e.right().accept(this);
        noStats(l);
        noStats(r);
        switch (op) {
            case CONCAT -> {
                expect(l, IrType.STRING, l.span(), "operator '.'");
                expect(r, IrType.STRING, r.span(), "operator '.'");
                return new IrExpr.Binary(e.span(), IrType.STRING, op, l, r);
            }
            case LT, LE, GT, GE, EQ, NE -> {
                unify(l, r, e.span(), "operator '" + op.symbol + "'");
                return new IrExpr.Binary(e.span(), IrType.LONG, op, l, r);
            }
            default -> {
                expect(l, IrType.LONG, l.span(), "operator '" + op.symbol + "'");
                expect(r, IrType.LONG, r.span(), "operator '" + op.symbol + "'");
                // Division and modulo can fail at run time: their node carries the operator's own position.
                Span at = op == BinaryOp.DIV || op == BinaryOp.MOD
                        ? el.operator(e.left().span(), e.right().span(), op.symbol, e.span()) : e.span();
                return new IrExpr.Binary(at, IrType.LONG, op, l, r);
            }
        }
    }

    @Override
    public IrExpr visitUnary(Expr.Unary e) {
        if (e.op() == UnaryOp.ADDRESS) {
            if (e.operand() instanceof Expr.TargetVar tv) return targets.targetVar(tv, true);
            if (e.operand() instanceof Expr.Autocast ac) return untypedDeref(ac);
            if (e.operand() instanceof Expr.Cast c) return targets.cast(c, true);
            if (e.operand() instanceof Expr.AtVar av) return targets.atVar(av, true);
            error(Diagnostic.error(Codes.SEM_NOT_LVALUE, e.span(), "'&' applies only to target variables"));
        }
        IrExpr o = e.operand().accept(this);
        noStats(o);
        expect(o, IrType.LONG, o.span(), "operator '" + e.op().symbol + "'");
        return new IrExpr.Unary(e.span(), IrType.LONG, e.op(), o);
    }

    @Override
    public IrExpr visitIncDec(Expr.IncDec e) {
        IrExpr t = lvalue(e.target(), true, readsTarget(e));
        noStats(t);
        expect(t, IrType.LONG, e.span(), "operator '" + (e.increment() ? "++" : "--") + "'");
        return new IrExpr.IncDec(e.span(), t, e.increment(), e.prefix());
    }

    @Override
    public IrExpr visitAssign(Expr.Assign e) {
        IrExpr t = lvalue(e.target(), e.op() != AssignOp.ASSIGN, e.op() != AssignOp.ASSIGN && readsTarget(e));
        IrExpr v = e.value().accept(this);
        if (e.op() == AssignOp.ASSIGN && (t instanceof IrExpr.LocalRef || t instanceof IrExpr.GlobalRef)) {
            TypeSlot slot = slotOf(t); // autocast: the variable keeps the C type of the target value stored
            if (slot != null) slot.offerAuto(autoType(v));
        }
        if (t.type() == IrType.STATS) {
            error(Diagnostic.error(Codes.SEM_STATS_MISUSE, e.span(), "cannot assign to a statistic")
                    .withHint("add values with <<<"));
            return new IrExpr.Assign(e.span(), IrType.STATS, e.op(), t, v);
        }
        noStats(v);
        String what = "assignment '" + e.op().symbol + "'";
        IrType type;
        switch (e.op()) {
            case ASSIGN -> type = unify(t, v, e.span(), what);
            case CONCAT -> {
                expect(t, IrType.STRING, e.span(), what);
                expect(v, IrType.STRING, v.span(), what);
                type = IrType.STRING;
            }
            default -> {
                expect(t, IrType.LONG, e.span(), what);
                expect(v, IrType.LONG, v.span(), what);
                type = IrType.LONG;
            }
        }
        return new IrExpr.Assign(e.span(), type, e.op(), t, v);
    }

    /** The statistic an aggregate, @count or @hist works on: a global scalar or array element. */
    private IrExpr statsRef(Expr target, boolean write, String what) {
        IrExpr r;
        if (target instanceof Expr.Ident id) {
            LocalSym l = scope.get(id.name());
            GlobalSym g = el.symbols.global(id.name(), file(id.span()));
            if (g == null || (l != null && l.declared)) {
                // stap 4.8 has no statistics in locals ("stat locals not supported, missing global declaration?"):
                // reported once per variable and body, at its first use; the local is then left out of the
                // type checks (its type is no type at all)
                if (report && reported.add("statlocal:" + id.name())) {
                    error(Diagnostic.error(Codes.SEM_STATS_LOCAL, id.span(), "'" + id.name() + "' is a local variable: "
                            + "statistics in locals are not supported, missing global declaration?")
                            .withHint("declare it: global " + id.name()));
                }
                IrExpr ref = scalar(id.name(), id.span(), write, !write);
                LocalSym made = scope.get(id.name());
                if (made != null) made.statLocal = true;
                return ref;
            }
            r = scalar(id.name(), id.span(), write, !write);
        } else if (target instanceof Expr.ArrayRef a) {
            r = element(a.array(), a.keys(), a.span(), write, !write, false);
        } else {
            error(Diagnostic.error(Codes.SEM_STATS_MISUSE, target.span(), what + " needs a statistic variable"));
            return target.accept(this);
        }
        TypeSlot s = slotOf(r);
        if (s != null && !s.offer(IrType.STATS, target.span())) {
            error(Diagnostic.error(Codes.SEM_STATS_MISUSE, target.span(), what + " on a " + s.type.label
                    + ", not a statistic").withRelated(s.where, "type " + s.type.label + " inferred here"));
        }
        return r;
    }

    private GlobalSym globalOf(IrExpr r) {
        String m = r instanceof IrExpr.GlobalRef g ? g.global() : r instanceof IrExpr.ArrayGet a ? a.global() : null;
        return m == null ? null : el.symbols.globalsByMangled.get(m);
    }

    @Override
    public IrExpr visitAggregate(Expr.Aggregate e) {
        IrExpr t = statsRef(e.target(), true, "'<<<'");
        IrExpr v = e.value().accept(this);
        noStats(v);
        expect(v, IrType.LONG, v.span(), "operator '<<<'");
        return new IrExpr.Aggregate(e.span(), t, v);
    }

    @Override
    public IrExpr visitTernary(Expr.Ternary e) {
        int defined = definedSeen;
        IrExpr c = condition(e.cond());
        expect(c, IrType.LONG, c.span(), "condition");
        Boolean known = knownByDefined(c, defined);
        if (known == null) c = withLoadChecks(c);
        if (known != null) {
            AtLoad<IrExpr> kept = definedAtLoad(c, known, () -> e.then().accept(this), () -> e.otherwise().accept(this));
            if (kept == null) return (known ? e.then() : e.otherwise()).accept(this);
            IrType t = kept.then().type();
            if (t != kept.otherwise().type() || t == IrType.STATS) return known ? kept.then() : kept.otherwise();
            return new IrExpr.Ternary(e.span(), t, kept.cond(), kept.then(), kept.otherwise());
        }
        IrExpr a = e.then().accept(this), b = e.otherwise().accept(this);
        noStats(a);
        noStats(b);
        IrType t = unify(a, b, e.span(), "operator '?:'");
        return new IrExpr.Ternary(e.span(), t, c, a, b);
    }

    @Override
    public IrExpr visitCall(Expr.Call e) {
        if (PrintLowering.NAMES.contains(e.name())) return prints.lower(e);
        String name = e.name();
        int arity = e.args().size();
        List<FunctionSym> fs = el.symbols.functions(name, file(e.span()));
        for (FunctionSym f : fs) if (f.arity() == arity) return callFunction(e, f);
        Builtin b = Builtin.lookup(name, arity);
        if (b != null) {
            List<IrExpr> args = new ArrayList<>();
            for (int i = 0; i < arity; i++) {
                IrExpr a = e.args().get(i).accept(this);
                noStats(a);
                expect(a, b.params.get(i), a.span(), "argument " + (i + 1) + " of " + name + "()");
                args.add(a);
            }
            return new IrExpr.CallBuiltin(e.span(), b, args);
        }
        for (Expr a : e.args()) a.accept(this);
        if (!fs.isEmpty() || Builtin.isBuiltinName(name)) {
            List<String> arities = new ArrayList<>();
            for (FunctionSym f : fs) arities.add(Integer.toString(f.arity()));
            for (Builtin x : Builtin.values()) if (x.scriptName.equals(name)) arities.add(Integer.toString(x.params.size()));
            error(Diagnostic.error(Codes.SEM_ARITY, e.span(), "function '" + name + "' called with " + arity
                    + " argument(s), but takes " + String.join(" or ", arities)));
        } else if (!el.symbols.hiddenFunctions(name, file(e.span())).isEmpty()) {
            FunctionSym h = el.symbols.hiddenFunctions(name, file(e.span())).get(0);
            error(Diagnostic.error(Codes.SEM_PRIVATE_ACCESS, e.span(), "function '" + name + "' is private to " + h.file)
                    .withRelated(h.decl.span(), "declared private here"));
        } else if (DwarfOnlyFunctions.message(name) != null) {
            if (report) {
                error(Diagnostic.error(Codes.SEM_NEEDS_DWARF, e.span(), DwarfOnlyFunctions.message(name))
                        .withHint("use ubacktrace()/usymname() for the interpreter's native frames"));
            }
            // stap's return type, so the error does not cascade into type mismatches
            if (DwarfOnlyFunctions.returnsString(name)) return new IrExpr.StrConst(e.span(), "");
        } else if (report) {
            java.util.Set<String> known = el.symbols.knownFunctionNames();
            for (Builtin x : Builtin.values()) known.add(x.scriptName);
            known.addAll(PrintLowering.NAMES);
            Diagnostic d = Diagnostic.error(Codes.SEM_UNRESOLVED_FUNCTION, e.span(), "unresolved function '" + name + "'");
            String hint = Hints.didYouMean(name, known);
            error(hint == null ? d : d.withHint(hint));
        }
        return new IrExpr.IntConst(e.span(), 0);
    }

    private IrExpr callFunction(Expr.Call e, FunctionSym f) {
        // a tapset function marked /* guru */ (dump_stack, the set_kernel_* writers) needs -g, as in stap (its wording)
        if (report && f.library && !el.options.guru() && f.decl.body() instanceof Decl.Body.C c
                && GURU_PRAGMA.matcher(c.code()).find()) {
            error(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, e.span(),
                    "function may not be used unless -g is specified: identifier '" + f.name() + "'")
                    .withHint("run with -g"));
        }
        el.reach(f);
        List<IrExpr> args = new ArrayList<>();
        for (int i = 0; i < e.args().size(); i++) {
            IrExpr a = e.args().get(i).accept(this);
            noStats(a);
            TypeSlot p = f.params.get(i);
            String what = "argument " + (i + 1) + " of " + f.name() + "()";
            if (a.type() != null && a.type() != IrType.VOID) {
                if (!p.offer(a.type(), a.span())) mismatch(a.span(), p.type, a.type(), p.where, what);
            } else if (p.known()) {
                expect(a, p.type, a.span(), what);
            }
            args.add(a);
        }
        IrType t = f.ret.type != null ? f.ret.type : (f.elaborated && !f.hasValueReturn ? IrType.VOID : null);
        return new IrExpr.CallFunction(e.span(), t, f.id, args);
    }

    private static final Pattern GURU_PRAGMA = Pattern.compile("/\\*\\s*guru\\s*\\*/");

    @Override
    public IrExpr visitStatOp(Expr.StatOp e) {
        IrExpr s = statsRef(e.operand(), false, e.fn().symbol);
        GlobalSym g = globalOf(s);
        if (g != null) g.statFns.add(e.fn().symbol);
        if (e.fn() == StatFn.VARIANCE) bitShift(e, g);
        return new IrExpr.StatOp(e.span(), e.fn(), s);
    }

    /** {@code @variance(s, N)}: N in 0..62 (stap's bounds: the scaled values are 64-bit), one N per statistic. */
    private void bitShift(Expr.StatOp e, GlobalSym g) {
        long shift = e.bitShift() == null ? 0 : e.bitShift();
        if (shift < 0 || shift > 62) {
            error(Diagnostic.error(Codes.SEM_BAD_BIT_SHIFT, e.span(), "bit shift (" + shift + ") out of range <0..62>")
                    .withHint("a larger shift keeps more fractional bits of the running mean, at the risk of overflow"));
            return;
        }
        if (g == null) return;
        if (g.bitShift == null) g.bitShift = shift;
        else if (g.bitShift != shift) {
            error(Diagnostic.error(Codes.SEM_BAD_BIT_SHIFT, e.span(), "conflicting bit shifts declared (previously "
                    + g.bitShift + ") on '" + g.name() + "'").withHint("use the same @variance(" + g.name() + ", "
                    + g.bitShift + ") everywhere"));
        }
    }

    HistParams histParams(Expr.Hist h) {
        if (h.kind() == HistKind.LOG) {
            if (!h.params().isEmpty()) error(Diagnostic.error(Codes.SEM_BAD_HISTOGRAM, h.span(), "@hist_log takes no parameters"));
            return HistParams.LOG;
        }
        if (h.params().size() != 3) {
            error(Diagnostic.error(Codes.SEM_BAD_HISTOGRAM, h.span(), "@hist_linear needs (stat, low, high, step)"));
            return new HistParams(HistParams.Kind.LINEAR, 0, 1, 1);
        }
        long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            Expr p = h.params().get(i);
            if (p instanceof Expr.IntLit n) v[i] = n.value();
            else if (p instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.operand() instanceof Expr.IntLit n) v[i] = -n.value();
            else {
                error(Diagnostic.error(Codes.SEM_BAD_HISTOGRAM, p.span(), "histogram parameters must be literal numbers"));
                return new HistParams(HistParams.Kind.LINEAR, 0, 1, 1);
            }
        }
        if (v[2] <= 0 || v[1] <= v[0]) {
            error(Diagnostic.error(Codes.SEM_BAD_HISTOGRAM, h.span(), "@hist_linear needs high > low and step > 0"));
            return new HistParams(HistParams.Kind.LINEAR, 0, 1, 1);
        }
        if ((v[1] - v[0]) / v[2] > 100_000) {
            error(Diagnostic.error(Codes.SEM_BAD_HISTOGRAM, h.span(), "@hist_linear has too many buckets"));
        }
        return new HistParams(HistParams.Kind.LINEAR, v[0], v[1], v[2]);
    }

    IrExpr histPrint(Expr.Hist h, Span span) {
        IrExpr s = statsRef(h.operand(), false, h.kind().symbol);
        HistParams p = histParams(h);
        GlobalSym g = globalOf(s);
        if (g != null) g.hists.add(p);
        return new IrExpr.HistPrint(span, s, p);
    }

    @Override
    public IrExpr visitHist(Expr.Hist e) {
        error(Diagnostic.error(Codes.SEM_STATS_MISUSE, e.span(), "a histogram can only be printed or indexed")
                .withHint("print(" + e.kind().symbol + "(...))"));
        return histPrint(e, e.span());
    }

    @Override
    public IrExpr visitHistBucket(Expr.HistBucket e) {
        IrExpr s = statsRef(e.hist().operand(), false, e.hist().kind().symbol);
        HistParams p = histParams(e.hist());
        GlobalSym g = globalOf(s);
        if (g != null) g.hists.add(p);
        IrExpr b = e.bucket().accept(this);
        expect(b, IrType.LONG, b.span(), "histogram bucket index");
        return new IrExpr.HistBucket(e.span(), s, p, b);
    }

    @Override public IrExpr visitTargetVar(Expr.TargetVar e) { return targets.targetVar(e, false); }

    @Override
    public IrExpr visitCast(Expr.Cast e) {
        return targets.cast(e, false);
    }

    /**
     * {@code a[1][2]}, {@code f(x)[0]}, {@code (p)->f}: an autocast. Nothing gives the operand a C type (jstap
     * has no autocast), so there is nothing to index or dereference.
     */
    @Override
    public IrExpr visitAutocast(Expr.Autocast e) {
        IrExpr v = e.operand().accept(this);
        TargetResolver.AutoType t = autoType(v);
        if (t != null) return targets.autocast(e, v, t);
        return untypedDeref(e, false);
    }

    /**
     * The C type {@code v} carries for an autocast: a target value's own, or that of the local, global or function
     * return it reads (stap's autocast: {@code f = $file; f->f_flags}; a function returning a typed pointer).
     */
    TargetResolver.AutoType autoType(IrExpr v) {
        TargetResolver.AutoType t = typed.get(v);
        if (t != null) return t;
        if (v instanceof IrExpr.LocalRef || v instanceof IrExpr.GlobalRef || v instanceof IrExpr.CallFunction) {
            TypeSlot s = slotOf(v);
            return s == null ? null : s.auto;
        }
        return null;
    }

    private IrExpr untypedDeref(Expr.Autocast e) {
        return untypedDeref(e, true);
    }

    private IrExpr untypedDeref(Expr.Autocast e, boolean visitOperand) {
        if (visitOperand) e.operand().accept(this); // its own mistakes are reported too
        Expr.Accessor first = e.path().get(0);
        String op = first instanceof Expr.Accessor.Field f ? "'->" + f.name() + "'" : "'[...]'";
        Diagnostic d;
        if (e.operand() instanceof Expr.ArrayRef a && first instanceof Expr.Accessor.Index) {
            d = Diagnostic.error(Codes.SEM_UNTYPED_DEREF, first.span(), "an element of array '" + a.array()
                    + "' cannot be indexed again: it is a number, a string or a statistic, not a value with a C type")
                    .withHint("an array takes all its keys in one bracket: " + a.array() + "[k1, k2]");
        } else {
            d = Diagnostic.error(Codes.SEM_UNTYPED_DEREF, first.span(), "cannot apply " + op
                    + " to a value of unknown C type").withHint("only target variables ($var) and @cast(value, \"type\") "
                    + "values can be dereferenced");
        }
        error(d);
        return new IrExpr.IntConst(e.span(), 0);
    }

    /**
     * {@code @const}, {@code @probewrite}, {@code @kregister}, {@code @uregister}, {@code @perf}: not implemented.
     * Reported under the unresolved-function code they had when pass 1 still made them calls.
     */
    @Override
    public IrExpr visitAtOperator(Expr.AtOperator e) {
        if (e.op() == org.jstap.api.ast.Ops.AtOp.PERF) return perfRead(e);
        if (e.op() == org.jstap.api.ast.Ops.AtOp.KREGISTER || e.op() == org.jstap.api.ast.Ops.AtOp.UREGISTER) {
            return registerByNumber(e);
        }
        e.operand().accept(this);
        if (report) {
            error(Diagnostic.error(Codes.SEM_UNRESOLVED_FUNCTION, e.span(), "operator " + e.op().symbol
                    + " is not supported by jstap"));
        }
        return new IrExpr.IntConst(e.span(), 0);
    }

    /**
     * {@code @kregister(N)} / {@code @uregister(N)} (guru mode): a register by x86-64 DWARF number. stap 4.8
     * (measured) accepts them only in a function body ("invalid operator" in any probe body, begin to kprobes) and
     * N 0..15 (16 and up fail its pass 4 in C, where jstap refuses in pass 2); which registers exist is decided at
     * run time, since one function serves probes of every kind.
     */
    private IrExpr registerByNumber(Expr.AtOperator e) {
        boolean user = e.op() == org.jstap.api.ast.Ops.AtOp.UREGISTER;
        long n = e.operand() instanceof Expr.IntLit lit ? lit.value() : -1;
        if (fn == null) {
            error(Diagnostic.error(Codes.SEM_REGISTER_OPERATOR, e.span(), "invalid operator: operator " + e.op().symbol
                    + " is accepted only inside a function (as stap's)").withHint("function r() { return "
                    + e.op().symbol + "(" + Math.max(n, 0) + ") } and call r() from the probe"));
        } else if (n < 0 || n >= Builtin.X86_64_DWARF_REGISTERS.size()) {
            error(Diagnostic.error(Codes.SEM_REGISTER_OPERATOR, e.span(), e.op().symbol + " takes an x86-64 DWARF register "
                    + "number from 0 to 15 as a literal").withHint("0 ax, 1 dx, 2 cx, 3 bx, 4 si, 5 di, 6 bp, 7 sp, 8-15 r8-r15"));
        } else {
            // at the function's name, which stap's "register access fault" names
            Span at = fn.decl.nameSpan();
            return new IrExpr.CallBuiltin(at, user ? Builtin.UREGISTER_N : Builtin.KREGISTER_N,
                    List.of(new IrExpr.IntConst(e.operand().span(), n), new IrExpr.StrConst(at, fn.decl.name())));
        }
        return new IrExpr.IntConst(e.span(), 0);
    }

    /**
     * {@code @perf("NAME")}: reads counter NAME, which some {@code perf....counter("NAME")} probe defines; only in
     * a process probe (a uprobe runs in the counted task), where stap 4.8 translates it too.
     */
    private IrExpr perfRead(Expr.AtOperator e) {
        if (!(e.operand() instanceof Expr.StrLit name)) {
            e.operand().accept(this);
            error(Diagnostic.error(Codes.SEM_PERF_COUNTER, e.span(), "@perf takes a counter name as a string literal")
                    .withHint("@perf(\"NAME\") with perf.sw.task_clock.process(\"PATH\").counter(\"NAME\")"));
            return new IrExpr.IntConst(e.span(), 0);
        }
        if (probe == null || !(probe.point().site() instanceof IrSite.Process)) {
            error(Diagnostic.error(Codes.SEM_PERF_CONTEXT, e.span(), "@perf(\"" + name.value()
                    + "\") can only be read in a process(...).function/.statement probe")
                    .withHint("read it in a probe on a function of the counted program"));
            return new IrExpr.IntConst(e.span(), 0);
        }
        if (!el.perfCounters.contains(name.value())) {
            error(Diagnostic.error(Codes.SEM_PERF_COUNTER, e.span(), "perf counter '" + name.value() + "' is not defined")
                    .withHint(el.perfCounters.isEmpty() ? "define it: probe perf.sw.task_clock.process(\"PATH\").counter(\""
                            + name.value() + "\") {}" : "defined counters: " + String.join(", ", el.perfCounters)));
            return new IrExpr.IntConst(e.span(), 0);
        }
        return new IrExpr.CallBuiltin(e.span(), Builtin.PERF_READ, List.of(new IrExpr.StrConst(name.span(), name.value())));
    }

    @Override
    public IrExpr visitAtVar(Expr.AtVar e) {
        return targets.atVar(e, false);
    }

    @Override
    public IrExpr visitEntry(Expr.Entry e) {
        if (!entryAllowed()) {
            error(Diagnostic.error(Codes.SEM_ENTRY_NOT_RETURN, e.span(), "@entry is only meaningful in a .return probe"));
            return e.operand().accept(this);
        }
        // stap 4.8 moves @entry's operand into an entry probe, where another @entry or the return probe's
        // condition has no .return probe around it: both refused ("@entry is only valid in .return probes")
        if (inEntry || inCondition) {
            error(Diagnostic.error(Codes.SEM_ENTRY_NOT_RETURN, e.span(), inEntry ? "@entry inside @entry: the inner one "
                    + "would run at the entry already" : "@entry cannot be used in a probe's condition")
                    .withHint(inEntry ? "drop the inner @entry" : "test the entry value in the body: if (@entry(...) ...) ..."));
            return e.operand().accept(this);
        }
        boolean was = inEntry;
        inEntry = true;
        IrExpr v = e.operand().accept(this);
        inEntry = was;
        if (v instanceof IrExpr.EntryRef) return v; // a $param already saved implicitly
        return saveEntry(v);
    }

    IrExpr saveEntry(IrExpr v) {
        int slot = entries.size();
        entries.add(new IrProbe.EntrySave(slot, v.type(), v));
        return new IrExpr.EntryRef(v.span(), v.type(), slot);
    }

    /** How many {@code @defined} this body has elaborated: tells whether a condition used one. */
    private int definedSeen;

    /**
     * A condition that uses {@code @defined} and folds to a constant picks its branch at compile time, and the other
     * branch is never elaborated: {@code @defined($new) ? $new : $old} is how scripts span kernel versions, and the
     * dead side names what this kernel lacks (stap drops it the same way). Null when the branch is not known.
     */
    private Boolean knownByDefined(IrExpr cond, int definedBefore) {
        if (definedSeen == definedBefore) return null;
        return cond.accept(new ConstantFolder()) instanceof IrExpr.IntConst k ? k.value() != 0 : null;
    }

    /** Elaborating a branch that may not be kept (see {@link #definedAtLoad}): errors are counted, not reported. */
    private int speculating, speculativeErrors;

    /** Inside a branch kept for a load-time {@code @defined}: a kernel integer member this BTF lacks may be read. */
    boolean speculative() {
        return speculating > 0;
    }

    /** A condition decided at load and its two branches (a missing else: null). */
    private record AtLoad<T>(IrExpr cond, T then, T otherwise) {}

    /**
     * For a backend that decides {@code @defined} when the program loads ({@link Elaboration#definedAtLoad}): an
     * if/?: condition pass 2 could decide from its {@code @defined(M)} on kernel members ({@code @defined(M)},
     * {@code !@defined(M)}, {@code @defined(A) && !@defined(B)}, ...), with both branches, its {@code @defined}
     * parts load-time existence checks ({@link TargetResolver#existence}). The branch this kernel's BTF rejects is
     * tried first, quietly (it may read an integer member this BTF lacks, by name); when it does not elaborate, or
     * no part of the condition can be checked at load, null: the condition folds as for any other backend.
     * {@code known}: the branch this BTF takes.
     */
    private <T> AtLoad<T> definedAtLoad(IrExpr cond, boolean known, java.util.function.Supplier<T> then,
                                        java.util.function.Supplier<T> otherwise) {
        if (!el.definedAtLoad) return null;
        IrExpr c = withLoadChecks(cond);
        if (c == cond) return null;
        List<T> dead = new ArrayList<>(1);
        if (!quietly(() -> dead.add((known ? otherwise : then).get()))) return null;
        T live = (known ? then : otherwise).get();
        return known ? new AtLoad<>(c, live, dead.get(0)) : new AtLoad<>(c, dead.get(0), live);
    }

    /**
     * The load-time existence checks of the {@code @defined(M)} values pass 2 answered in an if/?: condition, by
     * the constant it answered (identity); outside conditions a {@code @defined(M)} is the check itself.
     */
    private final java.util.IdentityHashMap<IrExpr, IrExpr> loadChecks = new java.util.IdentityHashMap<>();
    /** Elaborating an if/?: condition: {@code @defined(M)} answers this BTF's constant (recorded in loadChecks). */
    private boolean inBranchCondition;

    /** An if/?: condition, whose {@code @defined} parts pass 2 answers first (see {@link #definedAtLoad}). */
    private IrExpr condition(Expr cond) {
        boolean was = inBranchCondition;
        inBranchCondition = true;
        try {
            return cond.accept(this);
        } finally {
            inBranchCondition = was;
        }
    }

    /** {@code c} with its {@code @defined} constants replaced by their load-time checks; {@code c} itself if none. */
    private IrExpr withLoadChecks(IrExpr c) {
        if (loadChecks.isEmpty()) return c;
        boolean[] any = new boolean[1];
        IrExpr r = new org.jstap.irtools.IrRewriter() {
            @Override
            public IrExpr visitIntConst(IrExpr.IntConst e) {
                IrExpr check = loadChecks.get(e);
                if (check == null) return e;
                any[0] = true;
                return check;
            }
        }.expr(c);
        return any[0] ? r : c;
    }

    /** Runs {@code r} with errors counted instead of reported; whether it had none. */
    private boolean quietly(Runnable r) {
        int before = speculativeErrors;
        speculating++;
        try {
            r.run();
        } finally {
            speculating--;
        }
        return speculativeErrors == before;
    }

    /** The target of {@code @defined(&@cast(...)->m)} or {@code @defined($v->m)}: a member question; else null. */
    private static Expr memberQuestion(Expr o) {
        if (o instanceof Expr.Unary u && u.op() == UnaryOp.ADDRESS
                && (u.operand() instanceof Expr.TargetVar || u.operand() instanceof Expr.Cast)) o = u.operand();
        return o instanceof Expr.TargetVar || o instanceof Expr.Cast ? o : null;
    }

    @Override
    public IrExpr visitDefined(Expr.Defined e) {
        definedSeen++;
        Expr o = e.operand();
        // @defined(&@cast(0, "T")->member): whether the member exists (the type_defined macros)
        if (o instanceof Expr.Unary u && u.op() == org.jstap.api.ast.Ops.UnaryOp.ADDRESS
                && (u.operand() instanceof Expr.TargetVar || u.operand() instanceof Expr.Cast)) o = u.operand();
        if (o instanceof Expr.TargetVar || o instanceof Expr.Cast) {
            IrExpr k = new IrExpr.IntConst(e.span(), targets.defined(o) ? 1 : 0);
            if (!el.definedAtLoad) return k;
            // decided at load: a value (v = @defined(M), an argument, a return) is the existence check; a
            // condition's answer stays this BTF's until its if/?: knows whether it can keep both branches
            Expr q = o;
            IrExpr[] check = new IrExpr[1];
            if (!quietly(() -> check[0] = targets.existence(q)) || check[0] == null) return k;
            if (!inBranchCondition) return check[0];
            loadChecks.put(k, check[0]);
            return k;
        }
        if (o instanceof Expr.Autocast ac) {
            ac.operand().accept(this); // an autocast never resolves (no C type), but its operand is still checked
            return new IrExpr.IntConst(e.span(), 0);
        }
        return new IrExpr.IntConst(e.span(), 1);
    }

    @Override
    public IrExpr visitEmbedded(Expr.Embedded e) {
        boolean lib = probe == null ? fn != null && fn.library : false;
        if (!el.options.guru() && !lib && !e.span().file().startsWith("tapset/")) {
            error(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, e.span(), "embedded C code needs guru mode")
                    .withHint("run with -g"));
        }
        IrType t = e.code().contains("/* string */") ? IrType.STRING : IrType.LONG;
        return new IrExpr.Embedded(e.span(), t, e.code());
    }

    // ------------------------------------------------------------------ statements

    IrStmt.Block block(Stmt.Block b) {
        List<IrStmt> out = new ArrayList<>();
        for (Stmt s : b.body()) {
            IrStmt i = s.accept(this);
            if (i != null) out.add(i);
        }
        return new IrStmt.Block(b.span(), out);
    }

    private IrStmt nonNull(IrStmt s, Span span) {
        return s == null ? new IrStmt.Block(span, List.of()) : s;
    }

    @Override public IrStmt visitBlock(Stmt.Block s) { return block(s); }

    @Override public IrStmt visitEmpty(Stmt.Empty s) { return null; }

    @Override
    public IrStmt visitExprStmt(Stmt.ExprStmt s) {
        return new IrStmt.ExprStmt(s.span(), discarded(s.expr()));
    }

    /**
     * An expression whose value nobody uses. stap counts {@code n++}, {@code n += v} and the like there as pure
     * writes of a global (so {@code n} is still shown at the end of the run); used as a value, they read it too.
     * (Measured with {@code stap -p2}: {@code n++;} and {@code for (...; ...; n++)} display n, {@code x = n++;
     * println(x)} and {@code println(n += 1)} do not.)
     */
    private IrExpr discarded(Expr e) {
        Expr outer = valueUnused;
        valueUnused = e;
        try {
            return e.accept(this);
        } finally {
            valueUnused = outer;
        }
    }

    /** The expression being elaborated as a statement (see {@link #discarded}), or null. */
    private Expr valueUnused;

    /** Does a read-modify-write of {@code e}'s target read it, as stap sees it (not when its value is unused)? */
    private boolean readsTarget(Expr e) {
        return e != valueUnused;
    }

    @Override
    public IrStmt visitIf(Stmt.If s) {
        int defined = definedSeen;
        IrExpr c = condition(s.cond());
        noStats(c);
        expect(c, IrType.LONG, c.span(), "if condition");
        Boolean known = knownByDefined(c, defined);
        if (known == null) c = withLoadChecks(c);
        AtLoad<IrStmt> kept = known == null ? null : definedAtLoad(c, known,
                () -> nonNull(s.then().accept(this), s.then().span()),
                () -> s.otherwise() == null ? null : nonNull(s.otherwise().accept(this), s.otherwise().span()));
        if (kept != null) return new IrStmt.If(s.span(), kept.cond(), kept.then(), kept.otherwise());
        if (known != null) {
            Stmt live = known ? s.then() : s.otherwise();
            return live == null ? new IrStmt.Block(s.span(), List.of()) : nonNull(live.accept(this), live.span());
        }
        IrStmt t = nonNull(s.then().accept(this), s.then().span());
        IrStmt o = s.otherwise() == null ? null : nonNull(s.otherwise().accept(this), s.otherwise().span());
        return new IrStmt.If(s.span(), c, t, o);
    }

    @Override
    public IrStmt visitWhile(Stmt.While s) {
        IrExpr c = s.cond().accept(this);
        expect(c, IrType.LONG, c.span(), "while condition");
        loops++;
        IrStmt b = nonNull(s.body().accept(this), s.body().span());
        loops--;
        return new IrStmt.While(s.span(), c, b);
    }

    @Override
    public IrStmt visitFor(Stmt.For s) {
        IrExpr i = s.init() == null ? null : discarded(s.init());
        IrExpr c = s.cond() == null ? null : s.cond().accept(this);
        if (c != null) expect(c, IrType.LONG, c.span(), "for condition");
        IrExpr st = s.step() == null ? null : discarded(s.step());
        loops++;
        IrStmt b = nonNull(s.body().accept(this), s.body().span());
        loops--;
        return new IrStmt.For(s.span(), i, c, st, b);
    }

    @Override
    public IrStmt visitForeach(Stmt.Foreach s) {
        GlobalSym g = el.symbols.global(s.array(), file(s.span()));
        LocalSym declaredLocal = scope.get(s.array());
        int n = s.keys().size();
        if (g == null && declaredLocal == null) {
            unresolved(s.array(), el.nameAfter(s.span(), "in", s.array()), "foreach over unresolved array '" + s.array() + "'",
                    "declare it: global " + s.array());
            return bodyOnly(s);
        }
        if (g == null || declaredLocal != null && declaredLocal.declared) {
            error(Diagnostic.error(Codes.SEM_FOREACH_NOT_ARRAY, s.span(), "foreach over '" + s.array()
                    + "', which is not a global array").withHint("declare it: global " + s.array()));
            return bodyOnly(s);
        }
        useGlobal(g, false, true);
        if (g.arity == 0) {
            error(Diagnostic.error(Codes.SEM_FOREACH_NOT_ARRAY, s.span(), "foreach over scalar '" + s.array() + "'")
                    .withRelated(g.arityWhere, "used as a scalar here"));
            return bodyOnly(s);
        }
        if (g.arity < 0) {
            g.arity = n;
            g.arityWhere = s.span();
        } else if (g.arity != n) {
            error(Diagnostic.error(Codes.SEM_INDEX_ARITY, s.span(), "foreach binds " + n + " key(s) of '" + s.array()
                    + "', which has " + g.arity).withRelated(g.arityWhere, "first indexed here"));
            return bodyOnly(s);
        }
        while (g.keys.size() < n) g.keys.add(new TypeSlot(el.symbols.inference));
        List<IrExpr.LocalRef> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalSym k = scope.declare(s.keys().get(i), s.span(), true, null);
            k.assigned = true;
            TypeSlot ks = g.keys.get(i);
            if (ks.known() && !k.type.offer(ks.type, s.span())) mismatch(s.span(), k.type.type, ks.type, k.type.where, "foreach key '" + k.name + "'");
            if (k.type.known()) ks.offer(k.type.type, s.span());
            keys.add(new IrExpr.LocalRef(s.span(), k.type.type, k.name, k.slot));
        }
        IrExpr.LocalRef value = null;
        if (s.valueVar() != null) {
            LocalSym v = scope.declare(s.valueVar(), s.span(), true, null);
            v.assigned = true;
            if (g.value.type == IrType.STATS) {
                error(Diagnostic.error(Codes.SEM_STATS_MISUSE, s.span(), "a foreach value variable cannot hold a statistic")
                        .withHint("use @count(" + s.array() + "[...]) and friends in the body"));
            } else {
                if (g.value.known() && !v.type.offer(g.value.type, s.span())) mismatch(s.span(), v.type.type, g.value.type, v.type.where, "foreach value");
                if (v.type.known()) g.value.offer(v.type.type, s.span());
            }
            value = new IrExpr.LocalRef(s.span(), v.type.type, v.name, v.slot);
        }
        List<IrExpr> slice = null;
        if (s.slice() != null) {
            IrExpr r = element(s.array(), s.slice(), s.span(), false, true, true);
            slice = r instanceof IrExpr.ArrayGet a ? a.keys() : null;
        }
        int col = -1;
        boolean desc = false;
        String sortStat = null;
        if (s.sort() != null) {
            col = s.sort().column();
            desc = s.sort().descending();
            if (s.sort().aggregate() != null) {
                // foreach (k in a @sum-): sort by that extractor of each statistic
                sortStat = s.sort().aggregate().symbol;
                if (g.value.type != IrType.STATS) {
                    error(Diagnostic.error(Codes.SEM_STATS_MISUSE, s.span(), "sorting by " + sortStat
                            + " needs an array of statistics"));
                } else {
                    g.statFns.add(sortStat);
                }
            } else if (col > n) {
                error(Diagnostic.error(Codes.SEM_INDEX_ARITY, s.span(), "sort column " + col + " out of range"));
                col = -1;
            }
        }
        IrExpr limit = null;
        if (s.limit() != null) {
            limit = s.limit().accept(this);
            expect(limit, IrType.LONG, limit.span(), "foreach limit");
        }
        loops++;
        IrStmt body = nonNull(s.body().accept(this), s.body().span());
        loops--;
        if (sortStat == null && col == 0 && g.value.type == IrType.STATS) sortStat = "@count";
        return new IrStmt.Foreach(s.span(), g.mangled, keys, value, slice, col, desc, sortStat, limit, body);
    }

    private IrStmt bodyOnly(Stmt.Foreach s) {
        // The loop is already reported: type its variables so nothing cascades from them.
        for (String k : s.keys()) scope.declare(k, s.span(), true, IrType.LONG).assigned = true;
        if (s.valueVar() != null) scope.declare(s.valueVar(), s.span(), true, IrType.LONG).assigned = true;
        loops++;
        IrStmt b = s.body().accept(this);
        loops--;
        return b;
    }

    @Override
    public IrStmt visitDelete(Stmt.Delete s) {
        Expr t = s.target();
        IrExpr target;
        if (t instanceof Expr.Ident id) {
            LocalSym l = scope.get(id.name());
            GlobalSym g = l != null && l.declared ? null : el.symbols.global(id.name(), file(id.span()));
            if (g != null) {
                useGlobal(g, true, false);
                target = new IrExpr.GlobalRef(id.span(), g.value.type, g.mangled);
            } else {
                target = scalar(id.name(), id.span(), true, false);
            }
        } else if (t instanceof Expr.ArrayRef a) {
            target = element(a.array(), a.keys(), a.span(), true, false, true);
        } else if (t instanceof Expr.Autocast ac) {
            untypedDeref(ac); // 'delete a[1][2]': the second index is the mistake
            return null;
        } else {
            error(Diagnostic.error(Codes.SEM_NOT_LVALUE, t.span(), "delete needs a variable, an array or an array element"));
            return null;
        }
        return new IrStmt.Delete(s.span(), target);
    }

    @Override
    public IrStmt visitReturn(Stmt.Return s) {
        if (fn == null) {
            error(Diagnostic.error(Codes.SEM_RETURN_OUTSIDE_FUNCTION, s.span(), "return outside a function")
                    .withHint("use 'next' to leave a probe early"));
            return new IrStmt.Next(s.span());
        }
        if (s.value() == null) return new IrStmt.Return(s.span(), null);
        IrExpr v = s.value().accept(this);
        noStats(v);
        fn.hasValueReturn = true;
        fn.ret.offerAuto(autoType(v)); // autocast through a function's typed pointer result
        if (v.type() != null && v.type() != IrType.VOID) {
            if (!fn.ret.offer(v.type(), v.span())) mismatch(v.span(), fn.ret.type, v.type(), fn.ret.where, "return value of " + fn.name() + "()");
        } else if (fn.ret.known()) {
            expect(v, fn.ret.type, v.span(), "return value of " + fn.name() + "()");
        }
        return new IrStmt.Return(s.span(), v);
    }

    @Override
    public IrStmt visitBreak(Stmt.Break s) {
        if (loops == 0) error(Diagnostic.error(Codes.SEM_BREAK_OUTSIDE_LOOP, s.span(), "break outside a loop"));
        return new IrStmt.Break(s.span());
    }

    @Override
    public IrStmt visitContinue(Stmt.Continue s) {
        if (loops == 0) error(Diagnostic.error(Codes.SEM_BREAK_OUTSIDE_LOOP, s.span(), "continue outside a loop"));
        return new IrStmt.Continue(s.span());
    }

    @Override public IrStmt visitNext(Stmt.Next s) { return new IrStmt.Next(s.span()); }

    @Override
    public IrStmt visitTry(Stmt.Try s) {
        IrStmt.Block body = block(s.body());
        IrExpr.LocalRef var = null;
        if (s.catchVar() != null) {
            LocalSym l = scope.declare(s.catchVar(), s.handler().span(), true, IrType.STRING);
            l.assigned = true;
            if (l.type.type != IrType.STRING) mismatch(s.span(), l.type.type, IrType.STRING, l.type.where, "catch variable");
            var = new IrExpr.LocalRef(s.span(), IrType.STRING, l.name, l.slot);
        }
        return new IrStmt.Try(s.span(), body, var, block(s.handler()));
    }
}
