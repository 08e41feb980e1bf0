package org.jstap.elaborate.sem;

import java.util.List;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.Stmt;
import org.jstap.api.ir.ResolvedPoint;

/**
 * One concrete point reached from a user's probe point: the provider's resolution plus what the aliases on
 * the way contributed (prologues, run first, innermost first; epilogues, run after the user's body) and the
 * conditions of every point on the way. {@code listName} is the name {@code -l} shows: the alias as the user
 * reached it ({@code syscall.read}) or the concrete point. {@code written}: the user's point it came from, as
 * written ({@code pn()}), set once the user's point list is expanded (null before).
 */
record Derived(ResolvedPoint point, List<Stmt.Block> prologues, List<Stmt.Block> epilogues, List<Expr> conditions,
               String listName, boolean optional, String written) {
    Derived {
        prologues = List.copyOf(prologues);
        epilogues = List.copyOf(epilogues);
        conditions = List.copyOf(conditions);
    }

    Derived(ResolvedPoint point, List<Stmt.Block> prologues, List<Stmt.Block> epilogues, List<Expr> conditions,
            String listName, boolean optional) {
        this(point, prologues, epilogues, conditions, listName, optional, null);
    }

    Derived withWritten(String text) {
        return new Derived(point, prologues, epilogues, conditions, listName, optional, text);
    }
}
