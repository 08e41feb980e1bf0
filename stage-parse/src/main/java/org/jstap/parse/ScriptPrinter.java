package org.jstap.parse;

import java.util.List;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Literals;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ast.Stmt;

/**
 * Prints a tree back as SystemTap source in the layout of {@code stap -p1}: one statement per line, no
 * indentation, every operand parenthesised ({@code (a) = ((1) + (2))}). Unlike stap it keeps what the tree
 * needs to read back identically: declaration order, types, priorities, {@code private}, and literals spelled so
 * they decode to the same value (negative numbers as 64-bit hex, strings escaped). {@code print(parse(print(t)))}
 * equals {@code print(t)} and the trees are equal modulo spans.
 */
public final class ScriptPrinter implements Decl.Visitor<Void>, Stmt.Visitor<Void>, Expr.Visitor<Void> {
    private final StringBuilder b = new StringBuilder();

    private ScriptPrinter() {}

    /** One file's declarations as source text. */
    public static String print(ScriptFile file) {
        ScriptPrinter p = new ScriptPrinter();
        for (Decl d : file.decls()) d.accept(p);
        return p.b.toString();
    }

    /** What {@code -p1} shows: a header comment, then each file. */
    public static String print(Script script) {
        StringBuilder out = new StringBuilder("# parse tree dump\n");
        for (ScriptFile f : script.files()) out.append("# file ").append(f.name()).append('\n').append(print(f));
        return out.toString();
    }

    /** One expression as source text (for messages and later passes' printers). */
    public static String print(Expr e) {
        ScriptPrinter p = new ScriptPrinter();
        e.accept(p);
        return p.b.toString();
    }

    /** One statement as source text. */
    public static String print(Stmt s) {
        ScriptPrinter p = new ScriptPrinter();
        s.accept(p);
        return p.b.toString();
    }

    // ---- declarations

    @Override
    public Void visitProbe(Decl.Probe d) {
        b.append("probe ");
        points(d.points());
        body(d.body());
        return null;
    }

    @Override
    public Void visitAlias(Decl.Alias d) {
        b.append("probe ");
        points(d.names());
        // 'probe a += b {E}' for an epilogue alone; 'probe a = b {P}, {E}' when there are both.
        b.append(d.prologue() == null ? " += " : " = ");
        points(d.targets());
        if (d.prologue() == null || d.epilogue() == null) {
            body(d.prologue() != null ? d.prologue() : d.epilogue());
            return null;
        }
        d.prologue().accept(this);
        b.append(", ");
        body(d.epilogue());
        return null;
    }

    private void body(Stmt.Block block) {
        block.accept(this);
        b.append('\n');
    }

    private void points(List<ProbePoint> points) {
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) b.append(',');
            ProbePoint p = points.get(i);
            for (int c = 0; c < p.components().size(); c++) {
                ProbePoint.Component comp = p.components().get(c);
                if (c > 0) b.append('.');
                b.append(comp.name());
                if (comp.arg() instanceof Expr.StrLit s) b.append("(\"").append(Literals.escape(s.value())).append("\")");
                else if (comp.arg() instanceof Expr.IntLit n) b.append('(').append(n.value()).append(')');
            }
            // stap takes one of the two; '!' implies optional, so a point marked both prints as '!'.
            if (p.sufficient()) b.append('!');
            else if (p.optional()) b.append('?');
            if (p.condition() != null) {
                b.append(" if (");
                p.condition().accept(this);
                b.append(')');
            }
        }
    }

    @Override
    public Void visitGlobal(Decl.Global d) {
        if (d.isPrivate()) b.append("private ");
        b.append("global ").append(d.name());
        if (d.wrap()) b.append('%');
        if (d.size() != null) b.append('[').append(d.size()).append(']');
        if (d.init() instanceof Expr.IntLit i) b.append(" = ").append(i.value());
        else if (d.init() != null) {
            b.append(" = ");
            d.init().accept(this);
        }
        b.append('\n');
        return null;
    }

    @Override
    public Void visitFunction(Decl.Function d) {
        if (d.isPrivate()) b.append("private ");
        b.append("function ").append(d.name());
        if (d.returnType() != null) b.append(':').append(d.returnType().symbol);
        b.append(" (");
        for (int i = 0; i < d.params().size(); i++) {
            if (i > 0) b.append(", ");
            Decl.Param p = d.params().get(i);
            b.append(p.name());
            if (p.type() != null) b.append(':').append(p.type().symbol);
        }
        b.append(')');
        if (d.priority() != null) b.append(" :").append(d.priority());
        if (d.body() instanceof Decl.Body.C c) {
            b.append(' ').append("%{").append(c.code()).append("%}\n");
        } else {
            b.append('\n');
            body(((Decl.Body.Script) d.body()).block());
        }
        return null;
    }

    @Override
    public Void visitEmbedded(Decl.Embedded d) {
        b.append("%{").append(d.code()).append("%}\n");
        return null;
    }

    // ---- statements (each ends without a newline; lists add them)

    @Override
    public Void visitBlock(Stmt.Block s) {
        b.append("{\n");
        for (Stmt st : s.body()) {
            st.accept(this);
            b.append('\n');
        }
        b.append('}');
        return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty s) {
        b.append(';');
        return null;
    }

    @Override
    public Void visitExprStmt(Stmt.ExprStmt s) {
        s.expr().accept(this);
        b.append(';');
        return null;
    }

    @Override
    public Void visitIf(Stmt.If s) {
        b.append("if (");
        s.cond().accept(this);
        b.append(") ");
        if (s.otherwise() != null && endsInIfWithoutElse(s.then())) {
            // Only a hand-built tree gets here (the parser binds 'else' to the nearest 'if'): keep its meaning.
            b.append("{\n");
            s.then().accept(this);
            b.append("\n}");
        } else {
            s.then().accept(this);
        }
        if (s.otherwise() != null) {
            b.append("\nelse ");
            s.otherwise().accept(this);
        }
        return null;
    }

    private static boolean endsInIfWithoutElse(Stmt s) {
        if (s instanceof Stmt.If i) return i.otherwise() == null || endsInIfWithoutElse(i.otherwise());
        if (s instanceof Stmt.While w) return endsInIfWithoutElse(w.body());
        if (s instanceof Stmt.For f) return endsInIfWithoutElse(f.body());
        if (s instanceof Stmt.Foreach f) return endsInIfWithoutElse(f.body());
        return false;
    }

    @Override
    public Void visitWhile(Stmt.While s) {
        b.append("while (");
        s.cond().accept(this);
        b.append(") ");
        s.body().accept(this);
        return null;
    }

    @Override
    public Void visitFor(Stmt.For s) {
        b.append("for (");
        if (s.init() != null) s.init().accept(this);
        b.append("; ");
        if (s.cond() != null) s.cond().accept(this);
        b.append("; ");
        if (s.step() != null) s.step().accept(this);
        b.append(") ");
        s.body().accept(this);
        return null;
    }

    @Override
    public Void visitForeach(Stmt.Foreach s) {
        b.append("foreach (");
        if (s.valueVar() != null) b.append(s.valueVar()).append(" = ");
        b.append('[');
        for (int i = 0; i < s.keys().size(); i++) {
            if (i > 0) b.append(", ");
            b.append(s.keys().get(i));
            if (s.sort() != null && s.sort().column() == i + 1) b.append(s.sort().descending() ? '-' : '+');
        }
        b.append("] in ").append(s.array());
        if (s.slice() != null) {
            b.append('[');
            list(s.slice());
            b.append(']');
        }
        if (s.sort() != null && s.sort().column() == 0) {
            if (s.sort().aggregate() != null) b.append(' ').append(s.sort().aggregate().symbol);
            b.append(s.sort().descending() ? '-' : '+');
        }
        if (s.limit() != null) {
            b.append(" limit ");
            s.limit().accept(this);
        }
        b.append(") ");
        s.body().accept(this);
        return null;
    }

    @Override
    public Void visitDelete(Stmt.Delete s) {
        b.append("delete ");
        s.target().accept(this);
        b.append(';');
        return null;
    }

    @Override
    public Void visitReturn(Stmt.Return s) {
        b.append("return");
        if (s.value() != null) {
            b.append(' ');
            s.value().accept(this);
        }
        b.append(';');
        return null;
    }

    @Override
    public Void visitBreak(Stmt.Break s) {
        b.append("break;");
        return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue s) {
        b.append("continue;");
        return null;
    }

    @Override
    public Void visitNext(Stmt.Next s) {
        b.append("next;");
        return null;
    }

    @Override
    public Void visitTry(Stmt.Try s) {
        b.append("try ");
        s.body().accept(this);
        b.append(" catch ");
        if (s.catchVar() != null) b.append('(').append(s.catchVar()).append(") ");
        s.handler().accept(this);
        return null;
    }

    // ---- expressions

    private void paren(Expr e) {
        b.append('(');
        e.accept(this);
        b.append(')');
    }

    private void list(List<Expr> es) {
        for (int i = 0; i < es.size(); i++) {
            if (i > 0) b.append(", ");
            es.get(i).accept(this);
        }
    }

    @Override
    public Void visitIntLit(Expr.IntLit e) {
        // A negative value can only come from a wrapped 64-bit literal: hex reads back as the same value.
        if (e.value() < 0) b.append("0x").append(Long.toHexString(e.value()));
        else b.append(e.value());
        return null;
    }

    @Override
    public Void visitStrLit(Expr.StrLit e) {
        b.append('"').append(Literals.escape(e.value())).append('"');
        return null;
    }

    @Override
    public Void visitIdent(Expr.Ident e) {
        b.append(e.name());
        return null;
    }

    @Override
    public Void visitArrayRef(Expr.ArrayRef e) {
        b.append(e.array()).append('[');
        list(e.keys());
        b.append(']');
        return null;
    }

    @Override
    public Void visitWildcard(Expr.Wildcard e) {
        b.append('*');
        return null;
    }

    @Override
    public Void visitIn(Expr.In e) {
        b.append('[');
        list(e.keys());
        b.append("] in ").append(e.array());
        return null;
    }

    @Override
    public Void visitBinary(Expr.Binary e) {
        paren(e.left());
        b.append(' ').append(e.op().symbol).append(' ');
        if (e.right() instanceof Expr.StrLit) e.right().accept(this);
        else paren(e.right());
        return null;
    }

    @Override
    public Void visitUnary(Expr.Unary e) {
        b.append(e.op().symbol);
        paren(e.operand());
        return null;
    }

    @Override
    public Void visitIncDec(Expr.IncDec e) {
        String op = e.increment() ? "++" : "--";
        if (e.prefix()) b.append(op);
        paren(e.target());
        if (!e.prefix()) b.append(op);
        return null;
    }

    @Override
    public Void visitAssign(Expr.Assign e) {
        paren(e.target());
        b.append(' ').append(e.op().symbol).append(' ');
        paren(e.value());
        return null;
    }

    @Override
    public Void visitAggregate(Expr.Aggregate e) {
        paren(e.target());
        b.append(" <<< ");
        paren(e.value());
        return null;
    }

    @Override
    public Void visitTernary(Expr.Ternary e) {
        paren(e.cond());
        b.append(" ? ");
        paren(e.then());
        b.append(" : ");
        paren(e.otherwise());
        return null;
    }

    @Override
    public Void visitCall(Expr.Call e) {
        b.append(e.name()).append('(');
        list(e.args());
        b.append(')');
        return null;
    }

    @Override
    public Void visitStatOp(Expr.StatOp e) {
        b.append(e.fn().symbol).append('(');
        e.operand().accept(this);
        if (e.bitShift() != null) b.append(", ").append(e.bitShift());
        b.append(')');
        return null;
    }

    @Override
    public Void visitHist(Expr.Hist e) {
        b.append(e.kind().symbol).append('(');
        e.operand().accept(this);
        for (Expr p : e.params()) {
            b.append(", ");
            p.accept(this);
        }
        b.append(')');
        return null;
    }

    @Override
    public Void visitHistBucket(Expr.HistBucket e) {
        e.hist().accept(this);
        b.append('[');
        e.bucket().accept(this);
        b.append(']');
        return null;
    }

    private void path(List<Expr.Accessor> path, int pretty) {
        for (Expr.Accessor a : path) {
            if (a instanceof Expr.Accessor.Field f) b.append("->").append(f.name());
            else {
                b.append('[');
                ((Expr.Accessor.Index) a).index().accept(this);
                b.append(']');
            }
        }
        if (pretty > 0) b.append(pretty == 1 ? "$" : "$$");
    }

    @Override
    public Void visitTargetVar(Expr.TargetVar e) {
        b.append(e.name());
        path(e.path(), e.pretty());
        return null;
    }

    @Override
    public Void visitAutocast(Expr.Autocast e) {
        // 'p->field' or 'p[i]' on an expression whose type the elaborator infers.
        paren(e.operand());
        path(e.path(), e.pretty());
        return null;
    }

    @Override
    public Void visitAtOperator(Expr.AtOperator e) {
        b.append(e.op().symbol).append('(');
        e.operand().accept(this);
        b.append(')');
        return null;
    }

    @Override
    public Void visitCast(Expr.Cast e) {
        b.append("@cast(");
        e.operand().accept(this);
        b.append(", \"").append(Literals.escape(e.type())).append('"');
        if (e.module() != null) b.append(", \"").append(Literals.escape(e.module())).append('"');
        b.append(')');
        path(e.path(), e.pretty());
        return null;
    }

    @Override
    public Void visitAtVar(Expr.AtVar e) {
        b.append("@var(\"").append(Literals.escape(e.name())).append('"');
        if (e.module() != null) b.append(", \"").append(Literals.escape(e.module())).append('"');
        b.append(')');
        path(e.path(), e.pretty());
        return null;
    }

    @Override
    public Void visitEntry(Expr.Entry e) {
        b.append("@entry(");
        e.operand().accept(this);
        b.append(')');
        return null;
    }

    @Override
    public Void visitDefined(Expr.Defined e) {
        b.append("@defined(");
        e.operand().accept(this);
        b.append(')');
        return null;
    }

    @Override
    public Void visitEmbedded(Expr.Embedded e) {
        b.append("%{").append(e.code()).append("%}");
        return null;
    }
}
