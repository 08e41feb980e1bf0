package org.jstap.irtools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.ir.TargetAccess.Field;
import org.jstap.api.ir.TargetAccess.Step;

/**
 * {@code @defined} decided at load ({@link org.jstap.api.spi.Backend#decidesDefinedAtLoad}): which kernel members
 * an access names (what a load-time {@link TargetAccess.Result.Exists} check tests), and which members a program
 * reads that pass 2's BTF lacks ({@link Step.CoreMember}), by the struct they are in (a CO-RE backend declares
 * them in a local flavour of that struct, so the compiler can name them).
 */
public final class CoreExistence {
    private CoreExistence() {}

    /**
     * The kernel members {@code a}'s steps name, outermost first; null when one of them cannot be checked on the
     * running kernel (a module's, a header's or user space's type): pass 2 then folds the {@code @defined}.
     */
    public static List<Field> fields(TargetAccess a) {
        List<Field> out = new ArrayList<>();
        for (Step st : a.steps()) {
            Field f = st instanceof Step.Deref d ? d.field() : st instanceof Step.Offset o ? o.field()
                    : st instanceof Step.Bitfield b ? b.field() : st instanceof Step.CoreMember c ? c.field() : null;
            if (f == null) continue; // no member (a pointer's own target, an anonymous type): nothing moves
            if (!f.kernel() || a.userSpace()) return null;
            out.add(f);
        }
        return out;
    }

    /** Whether {@code f} is a member pass 2's BTF lacks (read by a {@link Step.CoreMember}) in {@code a}. */
    public static boolean absent(TargetAccess a, Field f) {
        for (Step st : a.steps()) if (st instanceof Step.CoreMember c && c.field().equals(f)) return true;
        return false;
    }

    /**
     * {@code p} with every load-time existence check ({@link TargetAccess.Result.Exists}) replaced by pass 2's
     * answer (0 where a step names a member its BTF lacks, a {@link Step.CoreMember}; else 1): for a part of the
     * program that runs where there is no load (a CO-RE backend's begin/end/timer bodies in user space).
     */
    public static IrProgram answeredAtBuild(IrProgram p) {
        IrRewriter fold = new IrRewriter() {
            @Override
            public org.jstap.api.ir.IrExpr visitTarget(org.jstap.api.ir.IrExpr.Target e) {
                if (!(e.access().result() instanceof TargetAccess.Result.Exists)) return super.visitTarget(e);
                boolean absent = e.access().steps().stream().anyMatch(st -> st instanceof Step.CoreMember);
                return new org.jstap.api.ir.IrExpr.IntConst(e.span(), absent ? 0 : 1);
            }
        };
        List<org.jstap.api.ir.IrProbe> probes = new ArrayList<>();
        for (org.jstap.api.ir.IrProbe pr : p.probes()) {
            probes.add(IrEdit.probe(pr, pr.id(), fold.expr(pr.condition()), fold.block(pr.body()), pr.locals()));
        }
        List<org.jstap.api.ir.IrFunction> fns = new ArrayList<>();
        for (org.jstap.api.ir.IrFunction f : p.functions()) {
            fns.add(f.body() instanceof org.jstap.api.ir.IrFunction.Body.Script s
                    ? IrEdit.withBody(f, new org.jstap.api.ir.IrFunction.Body.Script(fold.block(s.block()))) : f);
        }
        return IrEdit.withFunctions(IrEdit.withProbes(p, probes), fns);
    }

    /** The members pass 2's BTF lacks that {@code p} reads or tests, by struct spelling, in program order. */
    public static Map<String, Set<String>> absentMembers(IrProgram p) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        new IrScanner() {
            @Override
            protected void access(TargetAccess a) {
                for (Step st : a.steps()) {
                    if (st instanceof Step.CoreMember c) {
                        out.computeIfAbsent(c.field().type(), k -> new LinkedHashSet<>()).add(c.field().path().get(0));
                    }
                }
                super.access(a);
            }
        }.program(p);
        return out;
    }
}
