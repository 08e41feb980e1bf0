package org.jstap.translate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.jstap.irtools.IrScanner;

/**
 * What one probe body or function touches, for the kmod locks: globals (and whether it writes them, for the lock
 * mode) and arrays iterated. Statistics reads aggregate per-CPU data, so they count as writes. Calls are the
 * {@link org.jstap.irtools.CallGraph}'s business.
 */
final class IrScan extends IrScanner {
    /** global mangled name to "needs the write lock". */
    final Map<String, Boolean> globals = new LinkedHashMap<>();
    final Set<String> iterated = new LinkedHashSet<>();
    private final Map<String, IrGlobal> byName;

    IrScan(Map<String, IrGlobal> byName) {
        this.byName = byName;
    }

    private void use(String g, boolean write) {
        globals.merge(g, write, Boolean::logicalOr);
    }

    private boolean isStats(String g) {
        IrGlobal ig = byName.get(g);
        return ig != null && ig.type() == IrType.STATS;
    }

    /** The global behind an lvalue or stats operand, marked with the given mode; its keys are scanned. */
    private void target(IrExpr t, boolean write) {
        if (t instanceof IrExpr.GlobalRef g) use(g.global(), write);
        else if (t instanceof IrExpr.ArrayGet a) {
            use(a.global(), write);
            exprs(a.keys());
        } else expr(t);
    }

    @Override
    public Void visitForeach(IrStmt.Foreach s) {
        // a sorted foreach reorders the array itself (as stap), so it needs the write lock
        use(s.global(), isStats(s.global()) || s.sortColumn() >= 0);
        iterated.add(s.global());
        return super.visitForeach(s);
    }

    @Override public Void visitDelete(IrStmt.Delete s) { target(s.target(), true); return null; }
    @Override public Void visitGlobalRef(IrExpr.GlobalRef e) { use(e.global(), isStats(e.global())); return null; }
    @Override public Void visitArrayGet(IrExpr.ArrayGet e) { use(e.global(), isStats(e.global())); return super.visitArrayGet(e); }
    @Override public Void visitIn(IrExpr.In e) { use(e.global(), isStats(e.global())); return super.visitIn(e); }
    @Override public Void visitAssign(IrExpr.Assign e) { target(e.target(), true); expr(e.value()); return null; }
    @Override public Void visitIncDec(IrExpr.IncDec e) { target(e.target(), true); return null; }
    @Override public Void visitAggregate(IrExpr.Aggregate e) { target(e.target(), false); expr(e.value()); return null; }
    @Override public Void visitStatOp(IrExpr.StatOp e) { target(e.stats(), true); return null; }
    @Override public Void visitHistPrint(IrExpr.HistPrint e) { target(e.stats(), true); return null; }
    @Override public Void visitHistBucket(IrExpr.HistBucket e) { target(e.stats(), true); expr(e.bucket()); return null; }
}
