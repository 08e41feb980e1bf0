package org.jstap.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Ops.AssignOp;
import org.jstap.api.ast.Ops.AtOp;
import org.jstap.api.ast.Ops.BinaryOp;
import org.jstap.api.ast.Ops.HistKind;
import org.jstap.api.ast.Ops.StatFn;
import org.jstap.api.ast.Ops.TypeName;
import org.jstap.api.ast.Ops.UnaryOp;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.Stmt;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;

import org.jstap.api.diag.Span;
import org.jstap.parse.grammar.StapLexer;
import org.jstap.parse.grammar.StapParser;
import org.jstap.parse.grammar.StapParserBaseVisitor;

/**
 * Parse tree to AST records, with the checks the grammar leaves open: number ranges, string escapes, reserved
 * words used as names, lvalues, foreach sort markers, alias and global-initialiser shapes, {@code return} outside
 * a function. Literals come out decoded. After syntax errors the tree may be partial; callers build each
 * declaration separately and drop the ones that cannot be built.
 */
final class AstBuilder extends StapParserBaseVisitor<Object> {
    private final Reporter diags;
    private final int[] errorTokens;
    private final boolean library;
    private boolean inFunction;
    /** Building the regular expression of =~ / !~: unknown escapes stay escaped ("a\.b" matches a dot). */
    private boolean regex;

    /**
     * @param errorTokens sorted token indexes of the syntax errors; checks near them are not reported
     * @param library a tapset file: unknown string escapes are warnings there (stap's own tapsets have some)
     */
    AstBuilder(Reporter diags, int[] errorTokens, boolean library) {
        this.diags = diags;
        this.errorTokens = errorTokens;
        this.library = library;
    }

    /**
     * True when a syntax error lies in {@code ctx} outside its nested statements and blocks: the partial tree
     * of that construct would only produce echoes of the error.
     */
    private boolean brokenHere(ParserRuleContext ctx) {
        if (ctx.exception != null) return true;
        if (errorTokens.length == 0 || ctx.getStart() == null) return false;
        int a = ctx.getStart().getTokenIndex();
        int b = ctx.getStop() == null ? Integer.MAX_VALUE : ctx.getStop().getTokenIndex();
        for (int e : errorTokens) {
            if (e < a || e > b) continue;
            boolean nested = false;
            for (int i = 0; i < ctx.getChildCount() && !nested; i++) {
                if (ctx.getChild(i) instanceof StapParser.StatementContext || ctx.getChild(i) instanceof StapParser.BlockContext) {
                    ParserRuleContext c = (ParserRuleContext) ctx.getChild(i);
                    int ca = c.getStart().getTokenIndex();
                    int cb = c.getStop() == null ? Integer.MAX_VALUE : c.getStop().getTokenIndex();
                    nested = e >= ca && e <= cb;
                }
            }
            if (!nested) return true;
        }
        return false;
    }

    private <T> T quietIf(boolean broken, java.util.function.Supplier<T> build) {
        if (!broken) return build.get();
        boolean old = diags.quiet(true);
        try {
            return build.get();
        } finally {
            diags.quiet(old);
        }
    }

    // ---- declarations

    List<Decl> decl(StapParser.DeclContext ctx) {
        return quietIf(brokenHere(ctx), () -> declUnchecked(ctx));
    }

    private List<Decl> declUnchecked(StapParser.DeclContext ctx) {
        if (ctx instanceof StapParser.ProbeDeclContext p) return probe(p);
        if (ctx instanceof StapParser.GlobalDeclContext g) return globals(g);
        if (ctx instanceof StapParser.FunctionDeclContext f) return List.of(function(f));
        StapParser.EmbeddedDeclContext e = (StapParser.EmbeddedDeclContext) ctx;
        return List.of(new Decl.Embedded(span(ctx), embeddedCode(e.EMBEDDED().getSymbol())));
    }

    /**
     * A probe or an alias; {@code probe a = b {P}, {E}} is one {@link Decl.Alias} with both bodies.
     */
    private List<Decl> probe(StapParser.ProbeDeclContext ctx) {
        List<ProbePoint> points = probePoints(ctx.probePoints(0));
        inFunction = false;
        Stmt.Block body = block(ctx.block(0));
        if (ctx.aliasOp == null) {
            if (ctx.epilogue != null) {
                error(Codes.PARSE_EXPECTED_TOKEN, span(ctx.epilogue), "only a probe alias ('probe name = ...') can "
                        + "have a second, epilogue body");
            }
            return List.of(new Decl.Probe(span(ctx), points, body));
        }
        for (ProbePoint p : points) {
            if (p.optional() || p.sufficient() || p.condition() != null) {
                error(Codes.PARSE_BAD_PROBE_POINT, p.span(),
                        "a probe alias name cannot be optional ('?'), sufficient ('!') or conditional ('if')");
            }
        }
        List<ProbePoint> targets = probePoints(ctx.targets);
        boolean epilogueOp = ctx.aliasOp.getType() == StapLexer.ADD_ASSIGN;
        if (ctx.epilogue == null) {
            return List.of(epilogueOp ? new Decl.Alias(span(ctx), points, targets, null, body)
                    : new Decl.Alias(span(ctx), points, targets, body, null));
        }
        if (epilogueOp) {
            error(Codes.PARSE_EXPECTED_TOKEN, span(ctx.epilogue), "an epilogue alias ('+=') takes one body; write "
                    + "'probe name = point { prologue }, { epilogue }' for both");
        }
        return List.of(new Decl.Alias(span(ctx), points, targets, body, block(ctx.epilogue)));
    }

    private List<Decl> globals(StapParser.GlobalDeclContext ctx) {
        boolean isPrivate = ctx.PRIVATE() != null;
        List<Decl> out = new ArrayList<>();
        for (StapParser.GlobalVarContext v : ctx.globalVar()) {
            String name = declName(v.declName());
            Long size = null;
            if (v.NUMBER() != null) {
                size = number(v.NUMBER().getSymbol());
                if (size <= 0 && Literal.parseNumber(v.NUMBER().getText()) != null) error(Codes.PARSE_BAD_NUMBER, tokSpan(v.NUMBER()), "array size must be positive");
            }
            Expr init = null;
            if (v.globalInit() != null) init = globalInit(v.globalInit().expr());
            if (init != null && size != null) {
                error(Codes.PARSE_BAD_GLOBAL_INIT, span(v.globalInit()), "only scalar globals can be initialised, '"
                        + name + "' is an array");
            }
            if (init != null && !isPlainLiteral(v.globalInit().expr())) {
                error(Codes.PARSE_BAD_GLOBAL_INIT, init.span(),
                        "a global's initial value must be a number or a string literal");
            }
            out.add(new Decl.Global(span(v), name, size, v.PERCENT() != null, init, isPrivate));
        }
        return out;
    }

    private Expr globalInit(StapParser.ExprContext ctx) {
        Expr e = expr(ctx);
        if (e instanceof Expr.Unary u && u.operand() instanceof Expr.IntLit i && u.op() == UnaryOp.NEG) {
            return new Expr.IntLit(u.span(), -i.value());
        }
        return e;
    }

    /** {@code 5}, {@code -5}, {@code "s"} as written: no parentheses, no operators (stap takes only literals). */
    private static boolean isPlainLiteral(StapParser.ExprContext ctx) {
        if (ctx instanceof StapParser.UnaryExprContext u && u.op.getType() == StapLexer.MINUS) {
            return u.expr() instanceof StapParser.PrimaryExprContext p && p.primary() instanceof StapParser.LiteralPrimaryContext l
                    && l.literal().NUMBER() != null;
        }
        return ctx instanceof StapParser.PrimaryExprContext p && p.primary() instanceof StapParser.LiteralPrimaryContext;
    }

    private Decl function(StapParser.FunctionDeclContext ctx) {
        String name = declName(ctx.declName());
        TypeName ret = ctx.functionType() == null ? null : type(ctx.functionType().typeName());
        List<Decl.Param> params = new ArrayList<>();
        for (StapParser.ParamContext p : ctx.param()) {
            params.add(new Decl.Param(span(p), declName(p.declName()),
                    p.functionType() == null ? null : type(p.functionType().typeName())));
        }
        for (int i = 0; i < params.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (params.get(i).name().equals(params.get(j).name())) {
                    error(Codes.SEM_DUPLICATE, params.get(i).span(),
                            "parameter '" + params.get(i).name() + "' of function '" + name + "' appears twice");
                }
            }
        }
        Long priority = ctx.priority == null ? null : signedNumber(ctx.priority);
        if (priority != null && priority <= 0) {
            error(Codes.PARSE_BAD_NUMBER, span(ctx.priority), "a function's priority must be greater than 0");
        }
        Decl.Body body;
        if (ctx.functionBody().EMBEDDED() != null) {
            Token t = ctx.functionBody().EMBEDDED().getSymbol();
            body = new Decl.Body.C(Tokens.span(t), embeddedCode(t));
        } else {
            inFunction = true;
            body = new Decl.Body.Script(block(ctx.functionBody().block()));
            inFunction = false;
        }
        return new Decl.Function(span(ctx), name, ret, params, priority, body, ctx.PRIVATE() != null, span(ctx.declName()));
    }

    private TypeName type(StapParser.TypeNameContext ctx) {
        if (ctx.LONG_KW() != null) return TypeName.LONG;
        if (ctx.STRING_KW() != null) return TypeName.STRING;
        error(Codes.PARSE_BAD_TYPE, span(ctx), "unknown type '" + ctx.getText() + "': expected 'long' or 'string'");
        return null;
    }

    private String declName(StapParser.DeclNameContext ctx) {
        return ctx.getText();
    }

    private static String embeddedCode(Token t) {
        String s = t.getText();
        int end = s.endsWith("%}") && s.length() >= 4 ? s.length() - 2 : s.length();
        return s.substring(2, end);
    }

    // ---- probe points

    private List<ProbePoint> probePoints(StapParser.ProbePointsContext ctx) {
        List<ProbePoint> out = new ArrayList<>();
        for (StapParser.ProbePointContext p : ctx.probePoint()) out.addAll(probePoint(p));
        return out;
    }

    /**
     * One written point, brace alternatives expanded as stap 4.8 does in pass 1: {@code kernel.{trace("a")!,
     * trace("b")}?} is {@code kernel.trace("a")!, kernel.trace("b")?}. A flag or condition inside the braces
     * belongs to that alternative, and only where nothing follows the braces ("must only be specified in
     * suffix"); one given both inside and after them is refused ("respecified").
     */
    private List<ProbePoint> probePoint(StapParser.ProbePointContext ctx) {
        List<Alt> alts = alternatives(ctx.component(), ctx);
        Flag outer = flag(ctx.pointFlag());
        Expr cond = ctx.expr() == null ? null : expr(ctx.expr());
        List<ProbePoint> out = new ArrayList<>();
        boolean respecified = false;
        for (Alt a : alts) {
            Flag f = a.flag;
            if (outer != Flag.NONE) {
                if (f != Flag.NONE) respecified = true;
                f = outer;
            }
            Expr c = a.cond;
            if (cond != null) {
                if (c != null) respecified = true;
                c = cond;
            }
            out.add(new ProbePoint(span(ctx), a.components, f == Flag.OPTIONAL, f == Flag.SUFFICIENT, c));
        }
        if (respecified) {
            Token at = ctx.pointFlag() != null ? ctx.pointFlag().getStart() : ctx.IF().getSymbol();
            error(Codes.PARSE_BAD_PROBE_POINT, Tokens.span(at, at), "'?', '!' or condition respecified: an alternative "
                    + "in the braces has its own");
        }
        return out;
    }

    private enum Flag { NONE, OPTIONAL, SUFFICIENT }

    /** A point's components with the flag and condition one brace alternative gave it. */
    private record Alt(List<ProbePoint.Component> components, Flag flag, Expr cond) {}

    private Flag flag(StapParser.PointFlagContext f) {
        if (f == null) return Flag.NONE;
        return f.QUESTION() != null ? Flag.OPTIONAL : Flag.SUFFICIENT;
    }

    /** Every expansion of {@code comps}, left to right; {@code where} is what a misplaced flag is reported at. */
    private List<Alt> alternatives(List<StapParser.ComponentContext> comps, ParserRuleContext where) {
        List<Alt> acc = new ArrayList<>();
        acc.add(new Alt(List.of(), Flag.NONE, null));
        boolean misplaced = false;
        for (StapParser.ComponentContext c : comps) {
            List<Alt> here = new ArrayList<>();
            if (c instanceof StapParser.BraceComponentContext b) {
                for (StapParser.BraceAltContext alt : b.braceAlt()) {
                    Flag f = flag(alt.pointFlag());
                    Expr cond = alt.expr() == null ? null : expr(alt.expr());
                    for (Alt inner : alternatives(alt.component(), where)) {
                        boolean both = f != Flag.NONE && inner.flag != Flag.NONE || cond != null && inner.cond != null;
                        if (both) {
                            error(Codes.PARSE_BAD_PROBE_POINT, span(alt), "'?', '!' or condition respecified");
                        }
                        here.add(new Alt(inner.components, f != Flag.NONE ? f : inner.flag, cond != null ? cond : inner.cond));
                    }
                }
            } else {
                here.add(new Alt(List.of(component((StapParser.NamedComponentContext) c)), Flag.NONE, null));
            }
            List<Alt> next = new ArrayList<>();
            for (Alt prefix : acc) {
                for (Alt h : here) {
                    if (prefix.flag != Flag.NONE || prefix.cond != null) misplaced = true;
                    List<ProbePoint.Component> cs = new ArrayList<>(prefix.components);
                    cs.addAll(h.components);
                    next.add(new Alt(cs, h.flag, h.cond));
                }
            }
            acc = next;
        }
        if (misplaced) {
            error(Codes.PARSE_BAD_PROBE_POINT, span(where), "'?', '!' or condition must only be specified in suffix: "
                    + "an alternative in the braces has one, but the point goes on after them");
        }
        return acc;
    }

    private ProbePoint.Component component(StapParser.NamedComponentContext n) {
        Expr arg = null;
        StapParser.ComponentArgContext a = n.componentArg();
        if (a != null) {
            if (a.signedNumber() != null) arg = new Expr.IntLit(span(a), signedNumber(a.signedNumber()));
            else arg = new Expr.StrLit(span(a), strings(a.STRING()));
        }
        return new ProbePoint.Component(span(n), n.componentName().getText(), arg);
    }

    private long signedNumber(StapParser.SignedNumberContext ctx) {
        long v = number(ctx.NUMBER().getSymbol());
        return ctx.MINUS() != null ? -v : v;
    }

    // ---- statements

    Stmt.Block block(StapParser.BlockContext ctx) {
        // Junk skipped between a block's statements belongs to no statement: it silences nothing.
        return quietIf(ctx.exception != null, () -> blockUnchecked(ctx));
    }

    private Stmt.Block blockUnchecked(StapParser.BlockContext ctx) {
        List<Stmt> body = new ArrayList<>(ctx.statement().size());
        for (StapParser.StatementContext s : ctx.statement()) body.add(stmt(s));
        return new Stmt.Block(span(ctx), body);
    }

    private Stmt stmt(StapParser.StatementContext ctx) {
        return quietIf(brokenHere(ctx), () -> (Stmt) ctx.accept(this));
    }

    @Override
    public Object visitBlockStmt(StapParser.BlockStmtContext ctx) {
        return block(ctx.block());
    }

    @Override
    public Object visitEmptyStmt(StapParser.EmptyStmtContext ctx) {
        return new Stmt.Empty(span(ctx));
    }

    @Override
    public Object visitIfStmt(StapParser.IfStmtContext ctx) {
        return new Stmt.If(span(ctx), expr(ctx.expr()), stmt(ctx.statement(0)),
                ctx.statement().size() > 1 ? stmt(ctx.statement(1)) : null);
    }

    @Override
    public Object visitWhileStmt(StapParser.WhileStmtContext ctx) {
        return new Stmt.While(span(ctx), expr(ctx.expr()), stmt(ctx.statement()));
    }

    @Override
    public Object visitForStmt(StapParser.ForStmtContext ctx) {
        return new Stmt.For(span(ctx), optExpr(ctx.init), optExpr(ctx.cond), optExpr(ctx.step), stmt(ctx.statement()));
    }

    /**
     * A '+'/'-' in a foreach header and the column it sorts: 0 the value, 1..n a key, and for an aggregate of a
     * statistics value ({@code @sum-}) {@code -(StatFn.ordinal() + 1)}, which Stmt.Sort has no field for.
     */
    private record SortMark(int column, StatFn aggregate, StapParser.SortMarkContext at) {
        SortMark(int column, StapParser.SortMarkContext at) { this(column, null, at); }
    }

    @Override
    public Object visitForeachStmt(StapParser.ForeachStmtContext ctx) {
        StapParser.ForeachHeadContext h = ctx.foreachHead();
        Stmt.Sort sort = null;
        Token sortAt = null;
        List<String> keys = new ArrayList<>();
        StapParser.ForeachKeysContext keysCtx = h.keys != null ? h.keys : h.foreachKeys(0);
        List<StapParser.ForeachKeyContext> keyCtxs = keysCtx.foreachKey();
        // Markers in source order: value variable, keys, array, slice or aggregate.
        List<SortMark> marks = new ArrayList<>();
        String value = null;
        if (h.keys != null) {
            StapParser.ForeachKeysContext v = h.foreachKeys(0);
            if (v.LBRACK() != null || v.foreachKey().size() != 1) {
                error(Codes.PARSE_EXPECTED_TOKEN, span(v), "expected the value variable's name before '=' in foreach");
            }
            StapParser.ForeachKeyContext vk = v.foreachKey(0);
            value = vk.declName().getText();
            if (vk.sortMark() != null) marks.add(new SortMark(0, vk.sortMark()));
        }
        for (int i = 0; i < keyCtxs.size(); i++) {
            keys.add(keyCtxs.get(i).declName().getText());
            if (keyCtxs.get(i).sortMark() != null) marks.add(new SortMark(i + 1, keyCtxs.get(i).sortMark()));
        }
        if (h.arraySort != null) marks.add(new SortMark(0, h.arraySort));
        if (h.sliceSort != null) marks.add(new SortMark(0, h.sliceSort));
        if (h.statSort != null) marks.add(new SortMark(0, statFn(h.statFn()), h.statSort));
        for (SortMark m : marks) {
            StapParser.SortMarkContext sm = m.at();
            if (sort != null) {
                diags.report(Diagnostic.error(Codes.PARSE_MULTIPLE_SORT, span(sm),
                        "foreach takes one sort marker ('+' or '-'), this is a second one")
                        .withRelated(Tokens.span(sortAt), "first sort marker"));
                break;
            }
            sort = new Stmt.Sort(m.column(), m.aggregate(), sm.MINUS() != null);
            sortAt = sm.getStart();
        }
        List<Expr> slice = h.keyList() == null ? null : keys(h.keyList());
        Expr limit = h.limit == null ? null : expr(h.limit);
        return new Stmt.Foreach(span(ctx), value, keys, h.array.getText(), slice, sort, limit, stmt(ctx.statement()));
    }

    @Override
    public Object visitDeleteStmt(StapParser.DeleteStmtContext ctx) {
        Expr target = expr(ctx.expr());
        if (!(target instanceof Expr.Ident || target instanceof Expr.ArrayRef || target instanceof Expr.TargetVar
                || target instanceof Expr.Cast || target instanceof Expr.Autocast || target instanceof Expr.AtVar)) {
            error(Codes.PARSE_EXPECTED_LVALUE, target.span(), "delete needs a variable, an array or an array element");
        }
        return new Stmt.Delete(span(ctx), target);
    }

    @Override
    public Object visitReturnStmt(StapParser.ReturnStmtContext ctx) {
        if (!inFunction) {
            error(Codes.SEM_RETURN_OUTSIDE_FUNCTION, span(ctx), "'return' outside a function (use 'next' to leave a probe)");
        }
        return new Stmt.Return(span(ctx), optExpr(ctx.expr()));
    }

    @Override
    public Object visitBreakStmt(StapParser.BreakStmtContext ctx) {
        return new Stmt.Break(span(ctx));
    }

    @Override
    public Object visitContinueStmt(StapParser.ContinueStmtContext ctx) {
        return new Stmt.Continue(span(ctx));
    }

    @Override
    public Object visitNextStmt(StapParser.NextStmtContext ctx) {
        return new Stmt.Next(span(ctx));
    }

    @Override
    public Object visitTryStmt(StapParser.TryStmtContext ctx) {
        String var = ctx.declName() == null ? null : declName(ctx.declName());
        return new Stmt.Try(span(ctx), block(ctx.block(0)), var, block(ctx.block(1)));
    }

    @Override
    public Object visitExprStmt(StapParser.ExprStmtContext ctx) {
        Expr e = expr(ctx.expr());
        return new Stmt.ExprStmt(e.span(), e);
    }

    // ---- expressions

    Expr expr(StapParser.ExprContext ctx) {
        return (Expr) ctx.accept(this);
    }

    private Expr optExpr(StapParser.ExprContext ctx) {
        return ctx == null ? null : expr(ctx);
    }

    @Override
    public Object visitPrimaryExpr(StapParser.PrimaryExprContext ctx) {
        return ctx.primary().accept(this);
    }

    @Override
    public Object visitPostfixExpr(StapParser.PostfixExprContext ctx) {
        Expr target = lvalue(expr(ctx.expr()), ctx.op);
        return new Expr.IncDec(span(ctx), target, ctx.op.getType() == StapLexer.INC, false);
    }

    @Override
    public Object visitPrefixExpr(StapParser.PrefixExprContext ctx) {
        Expr target = lvalue(expr(ctx.expr()), ctx.op);
        return new Expr.IncDec(span(ctx), target, ctx.op.getType() == StapLexer.INC, true);
    }

    @Override
    public Object visitUnaryExpr(StapParser.UnaryExprContext ctx) {
        UnaryOp op = switch (ctx.op.getType()) {
            case StapLexer.MINUS -> UnaryOp.NEG;
            case StapLexer.PLUS -> UnaryOp.PLUS;
            case StapLexer.BANG -> UnaryOp.NOT;
            case StapLexer.TILDE -> UnaryOp.BITNOT;
            default -> UnaryOp.ADDRESS;
        };
        return new Expr.Unary(span(ctx), op, expr(ctx.expr()));
    }

    @Override
    public Object visitBinaryExpr(StapParser.BinaryExprContext ctx) {
        BinaryOp op = binaryOp(ctx.op.getType());
        Expr left = expr(ctx.expr(0));
        regex = op == BinaryOp.MATCH || op == BinaryOp.NOMATCH;
        Expr right;
        try {
            right = expr(ctx.expr(1));
        } finally {
            regex = false;
        }
        if ((op == BinaryOp.MATCH || op == BinaryOp.NOMATCH) && !(right instanceof Expr.StrLit)) {
            error(Codes.PARSE_EXPECTED_TOKEN, right.span(),
                    "expected a string literal (the regular expression) after '" + op.symbol + "'");
        }
        return new Expr.Binary(span(ctx), op, left, right);
    }

    private static BinaryOp binaryOp(int type) {
        return switch (type) {
            case StapLexer.STAR -> BinaryOp.MUL;
            case StapLexer.SLASH -> BinaryOp.DIV;
            case StapLexer.PERCENT -> BinaryOp.MOD;
            case StapLexer.PLUS -> BinaryOp.ADD;
            case StapLexer.MINUS -> BinaryOp.SUB;
            case StapLexer.DOT -> BinaryOp.CONCAT;
            case StapLexer.SHL -> BinaryOp.SHL;
            case StapLexer.SHR -> BinaryOp.SHR;
            case StapLexer.USHR -> BinaryOp.USHR;
            case StapLexer.LT -> BinaryOp.LT;
            case StapLexer.LE -> BinaryOp.LE;
            case StapLexer.GT -> BinaryOp.GT;
            case StapLexer.GE -> BinaryOp.GE;
            case StapLexer.EQ -> BinaryOp.EQ;
            case StapLexer.NE -> BinaryOp.NE;
            case StapLexer.MATCH -> BinaryOp.MATCH;
            case StapLexer.NOMATCH -> BinaryOp.NOMATCH;
            case StapLexer.AMP -> BinaryOp.BITAND;
            case StapLexer.CARET -> BinaryOp.BITXOR;
            case StapLexer.PIPE -> BinaryOp.BITOR;
            case StapLexer.ANDAND -> BinaryOp.AND;
            default -> BinaryOp.OR;
        };
    }

    @Override
    public Object visitAutocastExpr(StapParser.AutocastExprContext ctx) {
        List<Expr.Accessor> path = new ArrayList<>();
        path.add(new Expr.Accessor.Field(Tokens.span(ctx.ARROW().getSymbol(), ctx.fieldName().getStop()),
                ctx.fieldName().getText()));
        path.addAll(accessors(ctx.accessor()));
        return withPretty(path, ctx.pretty(), (p, pretty) -> new Expr.Autocast(span(ctx), expr(ctx.expr()), p, pretty));
    }

    /** {@code (p)[1][2]}: an autocast value indexed; without a suffix the operand itself. */
    private Expr indexed(Expr operand, List<StapParser.IndexSuffixContext> suffixes, ParserRuleContext whole) {
        if (suffixes.isEmpty()) return operand;
        List<Expr.Accessor> path = new ArrayList<>();
        for (StapParser.IndexSuffixContext i : suffixes) path.add(new Expr.Accessor.Index(span(i), expr(i.expr())));
        return new Expr.Autocast(span(whole), operand, path, 0);
    }

    @Override
    public Object visitInExpr(StapParser.InExprContext ctx) {
        return new Expr.In(span(ctx), List.of(expr(ctx.expr())), ctx.IDENT().getText());
    }

    @Override
    public Object visitTernaryExpr(StapParser.TernaryExprContext ctx) {
        return new Expr.Ternary(span(ctx), expr(ctx.expr(0)), expr(ctx.expr(1)), expr(ctx.expr(2)));
    }

    @Override
    public Object visitAssignExpr(StapParser.AssignExprContext ctx) {
        Expr target = expr(ctx.expr(0));
        Expr value = expr(ctx.expr(1));
        if (ctx.op.getType() == StapLexer.AGG) {
            if (!(target instanceof Expr.Ident || target instanceof Expr.ArrayRef)) {
                error(Codes.PARSE_EXPECTED_LVALUE, target.span(),
                        "'<<<' needs a statistics variable or array element on its left");
            }
            return new Expr.Aggregate(span(ctx), target, value);
        }
        AssignOp op = switch (ctx.op.getType()) {
            case StapLexer.ASSIGN -> AssignOp.ASSIGN;
            case StapLexer.ADD_ASSIGN -> AssignOp.ADD;
            case StapLexer.SUB_ASSIGN -> AssignOp.SUB;
            case StapLexer.MUL_ASSIGN -> AssignOp.MUL;
            case StapLexer.DIV_ASSIGN -> AssignOp.DIV;
            case StapLexer.MOD_ASSIGN -> AssignOp.MOD;
            case StapLexer.SHL_ASSIGN -> AssignOp.SHL;
            case StapLexer.SHR_ASSIGN -> AssignOp.SHR;
            case StapLexer.AND_ASSIGN -> AssignOp.AND;
            case StapLexer.OR_ASSIGN -> AssignOp.OR;
            case StapLexer.XOR_ASSIGN -> AssignOp.XOR;
            default -> AssignOp.CONCAT;
        };
        return new Expr.Assign(span(ctx), op, lvalue(target, ctx.op), value);
    }

    private Expr lvalue(Expr e, Token op) {
        if (!(e instanceof Expr.Ident || e instanceof Expr.ArrayRef || e instanceof Expr.TargetVar
                || e instanceof Expr.Cast || e instanceof Expr.Autocast || e instanceof Expr.AtVar)) {
            diags.report(Diagnostic.error(Codes.PARSE_EXPECTED_LVALUE, e.span(),
                    "'" + op.getText() + "' needs a variable or array element to modify, not " + describe(e))
                    .withHint("only variables, array elements and target variables can be assigned"));
        }
        return e;
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.IntLit || e instanceof Expr.StrLit) return "a literal";
        if (e instanceof Expr.Call c) return "a call of '" + c.name() + "'";
        if (e instanceof Expr.AtOperator a) return "a call of '" + a.op().symbol + "'";
        return "an expression";
    }

    // ---- primaries

    @Override
    public Object visitLiteralPrimary(StapParser.LiteralPrimaryContext ctx) {
        return literal(ctx.literal());
    }

    private Expr literal(StapParser.LiteralContext ctx) {
        if (ctx.NUMBER() != null) return new Expr.IntLit(span(ctx), number(ctx.NUMBER().getSymbol()));
        return new Expr.StrLit(span(ctx), strings(ctx.STRING()));
    }

    @Override
    public Object visitParenPrimary(StapParser.ParenPrimaryContext ctx) {
        return indexed(expr(ctx.expr()), ctx.indexSuffix(), ctx);
    }

    @Override
    public Object visitMultiInPrimary(StapParser.MultiInPrimaryContext ctx) {
        return new Expr.In(span(ctx), keys(ctx.keyList()), ctx.IDENT().getText());
    }

    @Override
    public Object visitCallPrimary(StapParser.CallPrimaryContext ctx) {
        List<Expr> args = new ArrayList<>(ctx.expr().size());
        for (StapParser.ExprContext e : ctx.expr()) args.add(expr(e));
        if (FormatFlagsCheck.isFormatCall(ctx.IDENT().getText(), args) && args.get(0) instanceof Expr.StrLit) {
            FormatFlagsCheck.check(ctx.expr(0), diags);
        }
        printShape(ctx.IDENT().getText(), args, span(ctx));
        if (ctx.indexSuffix().isEmpty()) return new Expr.Call(span(ctx), ctx.IDENT().getText(), args);
        Expr.Call call = new Expr.Call(Tokens.span(ctx.getStart(), ctx.RPAREN().getSymbol()), ctx.IDENT().getText(), args);
        return indexed(call, ctx.indexSuffix(), ctx);
    }

    @Override
    public Object visitArrayPrimary(StapParser.ArrayPrimaryContext ctx) {
        if (ctx.indexSuffix().isEmpty()) return new Expr.ArrayRef(span(ctx), ctx.IDENT().getText(), keys(ctx.keyList()));
        Expr.ArrayRef element = new Expr.ArrayRef(Tokens.span(ctx.getStart(), ctx.RBRACK().getSymbol()),
                ctx.IDENT().getText(), keys(ctx.keyList()));
        return indexed(element, ctx.indexSuffix(), ctx);
    }

    @Override
    public Object visitIdentPrimary(StapParser.IdentPrimaryContext ctx) {
        return new Expr.Ident(span(ctx), ctx.IDENT().getText());
    }

    @Override
    public Object visitTargetPrimary(StapParser.TargetPrimaryContext ctx) {
        String name = ctx.TVAR().getText();
        List<Expr.Accessor> path = accessors(ctx.accessor());
        if (path.isEmpty() && ctx.pretty() == null) {
            int n = trailingDollars(name);
            if (n > 0) return new Expr.TargetVar(span(ctx), name.substring(0, name.length() - n), path, n);
        }
        return withPretty(path, ctx.pretty(), (p, pretty) -> new Expr.TargetVar(span(ctx), name, p, pretty));
    }

    /** '$' or '$$' at the end of a name ('$x$', 'field$$'): the pretty-print suffix, when the rest is a name. */
    private static int trailingDollars(String name) {
        int n = 0;
        while (n < name.length() && name.charAt(name.length() - 1 - n) == '$') n++;
        String rest = name.substring(0, name.length() - n);
        boolean restIsName = rest.replace("$", "").length() > 0 && !rest.endsWith("$");
        return n >= 1 && n <= 2 && restIsName ? n : 0;
    }

    /** Splits a pretty suffix glued to the last field ('->name$') off the path. */
    private <T> T withPretty(List<Expr.Accessor> path, StapParser.PrettyContext pc,
                             java.util.function.BiFunction<List<Expr.Accessor>, Integer, T> make) {
        int pretty = pretty(pc);
        if (pretty == 0 && !path.isEmpty() && path.get(path.size() - 1) instanceof Expr.Accessor.Field f) {
            int n = trailingDollars(f.name());
            if (n > 0) {
                List<Expr.Accessor> p = new ArrayList<>(path);
                p.set(p.size() - 1, new Expr.Accessor.Field(f.span(), f.name().substring(0, f.name().length() - n)));
                return make.apply(p, n);
            }
        }
        return make.apply(path, pretty);
    }

    @Override
    public Object visitCastPrimary(StapParser.CastPrimaryContext ctx) {
        List<Expr> a = atArgs(ctx.atArgs(), "@cast", 2, 3);
        String type = stringArg(a.get(1), "@cast", "second argument (the type)");
        String module = a.size() > 2 ? stringArg(a.get(2), "@cast", "third argument (the module)") : null;
        return withPretty(accessors(ctx.accessor()), ctx.pretty(),
                (p, pretty) -> new Expr.Cast(span(ctx), a.get(0), type, module, p, pretty));
    }

    @Override
    public Object visitAtVarPrimary(StapParser.AtVarPrimaryContext ctx) {
        List<Expr> a = atArgs(ctx.atArgs(), "@var", 1, 2);
        String name = stringArg(a.get(0), "@var", "first argument (name@file)");
        String module = a.size() > 1 ? stringArg(a.get(1), "@var", "second argument (the module)") : null;
        return withPretty(accessors(ctx.accessor()), ctx.pretty(),
                (p, pretty) -> new Expr.AtVar(span(ctx), name, module, p, pretty));
    }

    @Override
    public Object visitEntryPrimary(StapParser.EntryPrimaryContext ctx) {
        return new Expr.Entry(span(ctx), atArgs(ctx.atArgs(), "@entry", 1, 1).get(0));
    }

    @Override
    public Object visitDefinedPrimary(StapParser.DefinedPrimaryContext ctx) {
        return new Expr.Defined(span(ctx), atArgs(ctx.atArgs(), "@defined", 1, 1).get(0));
    }

    @Override
    public Object visitHistPrimary(StapParser.HistPrimaryContext ctx) {
        boolean linear = ctx.AT_HIST_LINEAR() != null;
        List<Expr> a = linear ? atArgs(ctx.atArgs(), "@hist_linear", 4, 4) : atArgs(ctx.atArgs(), "@hist_log", 1, 1);
        Expr.Hist h = new Expr.Hist(Tokens.span(ctx.getStart(), ctx.atArgs().getStop()),
                linear ? HistKind.LINEAR : HistKind.LOG, a.get(0), a.subList(1, a.size()));
        return ctx.bucket == null ? h : new Expr.HistBucket(span(ctx), h, expr(ctx.bucket));
    }

    @Override
    public Object visitStatPrimary(StapParser.StatPrimaryContext ctx) {
        StatFn fn = statFn(ctx.statFn());
        if (fn != StatFn.VARIANCE) return new Expr.StatOp(span(ctx), fn, atArgs(ctx.atArgs(), fn.symbol, 1, 1).get(0));
        List<Expr> args = atArgs(ctx.atArgs(), fn.symbol, 1, 2);
        return new Expr.StatOp(span(ctx), fn, args.get(0), args.size() > 1 ? bitShift(args.get(1)) : null);
    }

    /** {@code @variance(s, N)}: like stap, N must be a number literal (a leading minus allowed; pass 2 checks 0..62). */
    private Long bitShift(Expr e) {
        if (e instanceof Expr.IntLit n) return n.value();
        if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.operand() instanceof Expr.IntLit n) return -n.value();
        diags.report(Diagnostic.error(Codes.PARSE_BAD_AT_OPERATOR, e.span(),
                "@variance's bit shift must be a number literal").withHint("@variance(s, 4): a constant from 0 to 62"));
        return 0L;
    }

    private static StatFn statFn(StapParser.StatFnContext ctx) {
        return switch (ctx.getStart().getType()) {
            case StapLexer.AT_COUNT -> StatFn.COUNT;
            case StapLexer.AT_SUM -> StatFn.SUM;
            case StapLexer.AT_MIN -> StatFn.MIN;
            case StapLexer.AT_MAX -> StatFn.MAX;
            case StapLexer.AT_AVG -> StatFn.AVG;
            default -> StatFn.VARIANCE;
        };
    }

    /**
     * The arguments of an @-operator, checked for count; missing ones are filled with placeholders (after the
     * error) so the rest of the tree can still be built.
     */
    private List<Expr> atArgs(StapParser.AtArgsContext ctx, String op, int min, int max) {
        List<Expr> out = new ArrayList<>();
        for (StapParser.ExprContext e : ctx.expr()) out.add(expr(e));
        if (out.size() < min || out.size() > max) {
            String want = min == max ? Integer.toString(min) : min + " or " + max;
            diags.report(Diagnostic.error(Codes.PARSE_BAD_AT_OPERATOR, span(ctx), op + " takes " + want + " argument"
                    + (max == 1 ? "" : "s") + ", not " + out.size()));
        }
        while (out.size() < min) out.add(new Expr.IntLit(span(ctx), 0));
        return out;
    }

    private String stringArg(Expr e, String op, String what) {
        if (e instanceof Expr.StrLit s) return s.value();
        diags.report(Diagnostic.error(Codes.PARSE_BAD_AT_OPERATOR, e.span(), op + " needs a string literal as its " + what));
        return "";
    }

    @Override
    public Object visitUnknownAtPrimary(StapParser.UnknownAtPrimaryContext ctx) {
        // The one-argument @-operators (@const, @perf, ...) share one node. Any other name was already reported by
        // the preprocessor (unknown operator or macro); a 0 stands in for it so the builder can go on.
        String name = ctx.AT_IDENT().getText();
        AtOp op = AtOp.bySymbol(name);
        if (op == null) {
            if (ctx.atArgs() != null) for (StapParser.ExprContext e : ctx.atArgs().expr()) expr(e);
            return new Expr.IntLit(span(ctx), 0);
        }
        if (ctx.atArgs() == null) {
            diags.report(Diagnostic.error(Codes.PARSE_BAD_AT_OPERATOR, span(ctx), name + " needs its argument in parentheses"));
            return new Expr.AtOperator(span(ctx), op, new Expr.IntLit(span(ctx), 0));
        }
        return new Expr.AtOperator(span(ctx), op, atArgs(ctx.atArgs(), name, 1, 1).get(0));
    }

    @Override
    public Object visitEmbeddedPrimary(StapParser.EmbeddedPrimaryContext ctx) {
        return new Expr.Embedded(span(ctx), embeddedCode(ctx.EMBEDDED().getSymbol()));
    }

    private List<Expr> keys(StapParser.KeyListContext ctx) {
        List<Expr> out = new ArrayList<>(ctx.key().size());
        for (StapParser.KeyContext k : ctx.key()) {
            out.add(k.STAR() != null ? new Expr.Wildcard(span(k)) : expr(k.expr()));
        }
        return out;
    }

    private List<Expr.Accessor> accessors(List<StapParser.AccessorContext> ctxs) {
        List<Expr.Accessor> out = new ArrayList<>(ctxs.size());
        for (StapParser.AccessorContext a : ctxs) {
            if (a.fieldName() != null) out.add(new Expr.Accessor.Field(span(a), a.fieldName().getText()));
            else out.add(new Expr.Accessor.Index(span(a), expr(a.expr())));
        }
        return out;
    }

    private static int pretty(StapParser.PrettyContext ctx) {
        if (ctx == null) return 0;
        return ctx.DOLLAR2() != null ? 2 : 1;
    }

    // ---- literals

    private long number(Token t) {
        Long v = Literal.parseNumber(t.getText());
        if (v == null) {
            diags.report(Diagnostic.error(Codes.PARSE_BAD_NUMBER, Tokens.span(t),
                    "invalid or out of range number '" + Tokens.shortened(t.getText()) + "'")
                    .withHint("numbers are decimal, octal (0777) or hex (0x1f), at most 64 bits"));
            return 0;
        }
        return v;
    }

    private String strings(List<TerminalNode> parts) {
        if (parts.size() == 1) return string(parts.get(0).getSymbol());
        StringBuilder b = new StringBuilder();
        for (TerminalNode p : parts) b.append(string(p.getSymbol()));
        return b.toString();
    }

    private String string(Token t) {
        String text = t.getText();
        if (text.indexOf('\\') < 0) {
            return text.length() >= 2 && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text.substring(1);
        }
        boolean inRegex = regex;
        return Literal.decodeString(text, inRegex, offset -> {
            if (inRegex) return;
            int col = t.getCharPositionInLine() + 1 + offset;
            Span at = new Span(Tokens.file(t), t.getLine(), col, t.getLine(), col + 2);
            String seq = text.substring(offset, Math.min(offset + 2, text.length()));
            if (library) {
                diags.report(Diagnostic.warning(Codes.PARSE_BAD_ESCAPE, at, "unknown escape sequence '" + seq
                        + "' in a string stands for the character itself"));
                return;
            }
            diags.report(Diagnostic.error(Codes.PARSE_BAD_ESCAPE, at, "unknown escape sequence '" + seq
                    + "' in a string").withHint("known escapes: \\n \\t \\r \\a \\b \\f \\v \\\\ \\\" "
                    + "\\NNN (octal) \\xHH (hex); write \\\\ for a backslash"));
        });
    }

    // ---- helpers

    /**
     * The print family's shapes, which stap 4.8 checks in pass 1: printf/sprintf take a literal format first;
     * printd/printdln/sprintd/sprintdln a literal delimiter and at least two values; print/sprint at least one value.
     */
    private void printShape(String name, List<Expr> args, Span where) {
        switch (name) {
            case "printf", "sprintf" -> {
                if (args.isEmpty() || !(args.get(0) instanceof Expr.StrLit)) {
                    error(Codes.SEM_BAD_FORMAT, where, name + " needs a literal format string as its first argument");
                }
            }
            case "printd", "printdln", "sprintd", "sprintdln" -> {
                if (args.isEmpty() || !(args.get(0) instanceof Expr.StrLit)) { // stap points at the delimiter
                    error(Codes.SEM_BAD_FORMAT, args.isEmpty() ? where : args.get(0).span(),
                            name + " needs a literal delimiter string as its first argument");
                } else if (args.size() < 3) {
                    error(Codes.SEM_ARITY, where, name + " needs a delimiter and at least two values to put it between");
                }
            }
            case "print", "sprint" -> {
                if (args.isEmpty()) error(Codes.SEM_ARITY, where, name + " needs at least one value");
            }
            default -> { }
        }
    }

    private void error(String code, Span where, String message) {
        diags.error(code, where, message);
    }

    static Span span(ParserRuleContext ctx) {
        return Tokens.span(ctx.getStart(), ctx.getStop());
    }

    private static Span tokSpan(TerminalNode n) {
        return Tokens.span(n.getSymbol());
    }
}
