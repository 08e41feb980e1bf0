package org.jstap.elaborate.sem;

import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Stmt;

/** Whether a function body contains a {@code next} statement (it can fall through to another definition). */
final class NextFinder implements Stmt.Visitor<Boolean> {
    private static final NextFinder INSTANCE = new NextFinder();

    static boolean fallsThrough(Decl.Function fn) {
        return fn.body() instanceof Decl.Body.Script s && s.block().accept(INSTANCE);
    }

    private boolean any(Stmt s) {
        return s != null && s.accept(this);
    }

    @Override
    public Boolean visitBlock(Stmt.Block s) {
        for (Stmt st : s.body()) if (st.accept(this)) return true;
        return false;
    }

    @Override public Boolean visitEmpty(Stmt.Empty s) { return false; }
    @Override public Boolean visitExprStmt(Stmt.ExprStmt s) { return false; }
    @Override public Boolean visitIf(Stmt.If s) { return any(s.then()) || any(s.otherwise()); }
    @Override public Boolean visitWhile(Stmt.While s) { return any(s.body()); }
    @Override public Boolean visitFor(Stmt.For s) { return any(s.body()); }
    @Override public Boolean visitForeach(Stmt.Foreach s) { return any(s.body()); }
    @Override public Boolean visitDelete(Stmt.Delete s) { return false; }
    @Override public Boolean visitReturn(Stmt.Return s) { return false; }
    @Override public Boolean visitBreak(Stmt.Break s) { return false; }
    @Override public Boolean visitContinue(Stmt.Continue s) { return false; }
    @Override public Boolean visitNext(Stmt.Next s) { return true; }
    @Override public Boolean visitTry(Stmt.Try s) { return any(s.body()) || any(s.handler()); }
}
