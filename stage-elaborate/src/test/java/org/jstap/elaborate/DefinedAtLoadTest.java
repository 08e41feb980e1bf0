package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.SessionOptions;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.spi.Backend;
import org.jstap.irtools.IrScanner;
import org.junit.jupiter.api.Test;

/**
 * {@code @defined(member)} as a condition: folded in pass 2 for kmod and interp (one kernel), kept with both branches
 * under a load-time existence check for a backend that {@linkplain Backend#decidesDefinedAtLoad decides it at load}
 * (bpf's CO-RE object runs on other kernels). The test BTF is Debian 6.1's: task_struct has pid, not no_such.
 */
class DefinedAtLoadTest {
    /** A backend like bpf for this question: it runs every probe and decides @defined at load. */
    private static final Backend LOAD_TIME = new Backend() {
        @Override public String name() { return "loadtime"; }
        @Override public String description() { return "decides @defined at load (test)"; }
        @Override public boolean supports(org.jstap.api.ir.IrSite s) { return true; }
        @Override public boolean decidesDefinedAtLoad() { return true; }
    };

    private static final String SCRIPT = """
            probe begin {
              t = 0
              a = @defined(@cast(t, "struct task_struct")->no_such) ? @cast(t, "struct task_struct")->no_such : -1
              b = @defined(@cast(t, "struct task_struct")->pid) ? @cast(t, "struct task_struct")->pid : @cast(t, "struct task_struct")->pid_old
              if (!@defined(@cast(t, "struct task_struct")->no_such)) println(a) else println(@cast(t, "struct task_struct")->no_such)
              c = @defined(@cast(t, "struct task_struct")->no_such->x) ? @cast(t, "struct task_struct")->no_such->x : 7
              println(a, b, c)
            }
            """;

    private record Seen(List<IrExpr> conds, List<TargetAccess> accesses) {}

    private static Seen scan(Elab.Out o) {
        Seen s = new Seen(new ArrayList<>(), new ArrayList<>());
        new IrScanner() {
            @Override public Void visitTernary(IrExpr.Ternary e) { s.conds.add(e.cond()); return super.visitTernary(e); }
            @Override public Void visitIf(IrStmt.If st) { s.conds.add(st.cond()); return super.visitIf(st); }
            @Override protected void access(TargetAccess a) { s.accesses.add(a); super.access(a); }
        }.program(o.program());
        return s;
    }

    @Test
    void kmodFoldsAsBefore() {
        Elab.Out o = Elab.run(SCRIPT);
        assertTrue(o.ok(), o.rendered());
        Seen s = scan(o);
        assertEquals(List.of(), s.conds, "every @defined condition folds for kmod");
        assertTrue(s.accesses.stream().noneMatch(a -> a.result() instanceof TargetAccess.Result.Exists
                || a.steps().stream().anyMatch(st -> st instanceof TargetAccess.Step.CoreMember)));
    }

    @Test
    void loadTimeBackendKeepsBothBranches() {
        Elab.Out o = Elab.run(SCRIPT, SessionOptions.builder().lastPass(2).runtime("loadtime").build(),
                Elab.stage(List.of(LOAD_TIME)));
        assertTrue(o.ok(), o.rendered());
        Seen s = scan(o);
        // a, b and the if: three load-time checks; c's dead branch goes through the missing member, so it folds
        assertEquals(3, s.conds.size(), s.conds.toString());
        List<String> checked = new ArrayList<>();
        for (IrExpr c : s.conds) {
            IrExpr t = c instanceof IrExpr.Unary u ? u.operand() : c;
            TargetAccess a = ((IrExpr.Target) t).access();
            assertTrue(a.result() instanceof TargetAccess.Result.Exists, a.toString());
            TargetAccess.Step st = a.steps().get(a.steps().size() - 1);
            TargetAccess.Field f = st instanceof TargetAccess.Step.CoreMember cm ? cm.field() : ((TargetAccess.Step.Deref) st).field();
            checked.add((c instanceof IrExpr.Unary ? "!" : "") + f.type() + "." + String.join(".", f.path())
                    + (st instanceof TargetAccess.Step.CoreMember ? " (absent)" : ""));
        }
        assertEquals(List.of("struct task_struct.no_such (absent)", "struct task_struct.pid",
                "!struct task_struct.no_such (absent)"), checked);
        // the branches this BTF rejects read the missing members by name, as CO-RE integer members
        long reads = s.accesses.stream().filter(a -> a.result() instanceof TargetAccess.Result.Int
                && a.steps().stream().anyMatch(st -> st instanceof TargetAccess.Step.CoreMember cm
                && List.of("no_such", "pid_old").contains(cm.field().path().get(0)))).count();
        assertEquals(3, reads);
    }
}
