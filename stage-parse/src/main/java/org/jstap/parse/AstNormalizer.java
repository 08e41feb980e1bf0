package org.jstap.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Span;

/**
 * Copies a tree with every {@link Span} replaced by {@link Span#NONE}, so that record equality compares structure
 * only (printer round trips, golden trees). The file text is replaced by "" too: it is source, not structure
 * (a printed and re-parsed file has different text but must compare equal).
 */
public final class AstNormalizer implements Decl.Visitor<Decl>, Stmt.Visitor<Stmt>, Expr.Visitor<Expr> {
    private static final Span N = Span.NONE;
    private static final AstNormalizer INSTANCE = new AstNormalizer();

    private AstNormalizer() {}

    public static Script stripSpans(Script script) {
        List<ScriptFile> files = new ArrayList<>();
        for (ScriptFile f : script.files()) files.add(stripSpans(f));
        return new Script(files);
    }

    public static ScriptFile stripSpans(ScriptFile file) {
        return new ScriptFile(file.name(), "", file.library(), map(file.decls(), d -> d.accept(INSTANCE)));
    }

    public static Expr stripSpans(Expr e) {
        return e == null ? null : e.accept(INSTANCE);
    }

    public static Stmt stripSpans(Stmt s) {
        return s == null ? null : s.accept(INSTANCE);
    }

    private static <T, R> List<R> map(List<T> in, Function<T, R> f) {
        if (in == null) return null;
        List<R> out = new ArrayList<>(in.size());
        for (T t : in) out.add(f.apply(t));
        return out;
    }

    private Expr e(Expr x) {
        return x == null ? null : x.accept(this);
    }

    private Stmt s(Stmt x) {
        return x == null ? null : x.accept(this);
    }

    private List<Expr> es(List<Expr> xs) {
        return map(xs, this::e);
    }

    private Stmt.Block block(Stmt.Block b) {
        return b == null ? null : (Stmt.Block) b.accept(this);
    }

    private ProbePoint point(ProbePoint p) {
        return new ProbePoint(N, map(p.components(), c -> new ProbePoint.Component(N, c.name(), e(c.arg()))),
                p.optional(), p.sufficient(), e(p.condition()));
    }

    private List<Expr.Accessor> path(List<Expr.Accessor> path) {
        return map(path, a -> a instanceof Expr.Accessor.Field f ? new Expr.Accessor.Field(N, f.name())
                : new Expr.Accessor.Index(N, e(((Expr.Accessor.Index) a).index())));
    }

    // ---- declarations

    @Override
    public Decl visitProbe(Decl.Probe d) {
        return new Decl.Probe(N, map(d.points(), this::point), block(d.body()));
    }

    @Override
    public Decl visitAlias(Decl.Alias d) {
        return new Decl.Alias(N, map(d.names(), this::point), map(d.targets(), this::point), block(d.prologue()),
                block(d.epilogue()));
    }

    @Override
    public Decl visitGlobal(Decl.Global d) {
        return new Decl.Global(N, d.name(), d.size(), d.wrap(), e(d.init()), d.isPrivate());
    }

    @Override
    public Decl visitFunction(Decl.Function d) {
        Decl.Body body = d.body() instanceof Decl.Body.C c ? new Decl.Body.C(N, c.code())
                : new Decl.Body.Script(block(((Decl.Body.Script) d.body()).block()));
        return new Decl.Function(N, d.name(), d.returnType(), map(d.params(), p -> new Decl.Param(N, p.name(), p.type())),
                d.priority(), body, d.isPrivate());
    }

    @Override
    public Decl visitEmbedded(Decl.Embedded d) {
        return new Decl.Embedded(N, d.code());
    }

    // ---- statements

    @Override
    public Stmt visitBlock(Stmt.Block x) {
        return new Stmt.Block(N, map(x.body(), this::s));
    }

    @Override
    public Stmt visitEmpty(Stmt.Empty x) {
        return new Stmt.Empty(N);
    }

    @Override
    public Stmt visitExprStmt(Stmt.ExprStmt x) {
        return new Stmt.ExprStmt(N, e(x.expr()));
    }

    @Override
    public Stmt visitIf(Stmt.If x) {
        return new Stmt.If(N, e(x.cond()), s(x.then()), s(x.otherwise()));
    }

    @Override
    public Stmt visitWhile(Stmt.While x) {
        return new Stmt.While(N, e(x.cond()), s(x.body()));
    }

    @Override
    public Stmt visitFor(Stmt.For x) {
        return new Stmt.For(N, e(x.init()), e(x.cond()), e(x.step()), s(x.body()));
    }

    @Override
    public Stmt visitForeach(Stmt.Foreach x) {
        return new Stmt.Foreach(N, x.valueVar(), x.keys(), x.array(), es(x.slice()), x.sort(), e(x.limit()), s(x.body()));
    }

    @Override
    public Stmt visitDelete(Stmt.Delete x) {
        return new Stmt.Delete(N, e(x.target()));
    }

    @Override
    public Stmt visitReturn(Stmt.Return x) {
        return new Stmt.Return(N, e(x.value()));
    }

    @Override
    public Stmt visitBreak(Stmt.Break x) {
        return new Stmt.Break(N);
    }

    @Override
    public Stmt visitContinue(Stmt.Continue x) {
        return new Stmt.Continue(N);
    }

    @Override
    public Stmt visitNext(Stmt.Next x) {
        return new Stmt.Next(N);
    }

    @Override
    public Stmt visitTry(Stmt.Try x) {
        return new Stmt.Try(N, block(x.body()), x.catchVar(), block(x.handler()));
    }

    // ---- expressions

    @Override
    public Expr visitIntLit(Expr.IntLit x) {
        return new Expr.IntLit(N, x.value());
    }

    @Override
    public Expr visitStrLit(Expr.StrLit x) {
        return new Expr.StrLit(N, x.value());
    }

    @Override
    public Expr visitIdent(Expr.Ident x) {
        return new Expr.Ident(N, x.name());
    }

    @Override
    public Expr visitArrayRef(Expr.ArrayRef x) {
        return new Expr.ArrayRef(N, x.array(), es(x.keys()));
    }

    @Override
    public Expr visitWildcard(Expr.Wildcard x) {
        return new Expr.Wildcard(N);
    }

    @Override
    public Expr visitIn(Expr.In x) {
        return new Expr.In(N, es(x.keys()), x.array());
    }

    @Override
    public Expr visitBinary(Expr.Binary x) {
        return new Expr.Binary(N, x.op(), e(x.left()), e(x.right()));
    }

    @Override
    public Expr visitUnary(Expr.Unary x) {
        return new Expr.Unary(N, x.op(), e(x.operand()));
    }

    @Override
    public Expr visitIncDec(Expr.IncDec x) {
        return new Expr.IncDec(N, e(x.target()), x.increment(), x.prefix());
    }

    @Override
    public Expr visitAssign(Expr.Assign x) {
        return new Expr.Assign(N, x.op(), e(x.target()), e(x.value()));
    }

    @Override
    public Expr visitAggregate(Expr.Aggregate x) {
        return new Expr.Aggregate(N, e(x.target()), e(x.value()));
    }

    @Override
    public Expr visitTernary(Expr.Ternary x) {
        return new Expr.Ternary(N, e(x.cond()), e(x.then()), e(x.otherwise()));
    }

    @Override
    public Expr visitCall(Expr.Call x) {
        return new Expr.Call(N, x.name(), es(x.args()));
    }

    @Override
    public Expr visitStatOp(Expr.StatOp x) {
        return new Expr.StatOp(N, x.fn(), e(x.operand()), x.bitShift());
    }

    @Override
    public Expr visitHist(Expr.Hist x) {
        return new Expr.Hist(N, x.kind(), e(x.operand()), es(x.params()));
    }

    @Override
    public Expr visitHistBucket(Expr.HistBucket x) {
        return new Expr.HistBucket(N, (Expr.Hist) e(x.hist()), e(x.bucket()));
    }

    @Override
    public Expr visitTargetVar(Expr.TargetVar x) {
        return new Expr.TargetVar(N, x.name(), path(x.path()), x.pretty());
    }

    @Override
    public Expr visitCast(Expr.Cast x) {
        return new Expr.Cast(N, e(x.operand()), x.type(), x.module(), path(x.path()), x.pretty());
    }

    @Override
    public Expr visitAutocast(Expr.Autocast x) {
        return new Expr.Autocast(N, e(x.operand()), path(x.path()), x.pretty());
    }

    @Override
    public Expr visitAtOperator(Expr.AtOperator x) {
        return new Expr.AtOperator(N, x.op(), e(x.operand()));
    }

    @Override
    public Expr visitAtVar(Expr.AtVar x) {
        return new Expr.AtVar(N, x.name(), x.module(), path(x.path()), x.pretty());
    }

    @Override
    public Expr visitEntry(Expr.Entry x) {
        return new Expr.Entry(N, e(x.operand()));
    }

    @Override
    public Expr visitDefined(Expr.Defined x) {
        return new Expr.Defined(N, e(x.operand()));
    }

    @Override
    public Expr visitEmbedded(Expr.Embedded x) {
        return new Expr.Embedded(N, x.code());
    }
}
