package org.jstap.backend.interp;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.Near;
import org.jstap.api.ir.TargetAccess;
import org.jstap.backend.interp.Nodes.LNode;

/**
 * A target variable over the session's {@link KernelMemory} ({@code @cast(p, "T")->a->b}, {@code @var("x")} in
 * bpf's user-space bodies), with kmod's TargetLowering semantics and texts: each step's read sized and extended
 * as the IR says, a fault "kernel read fault at 0x%016x" (a string's "kernel string copy fault at 0x.. [man
 * error::fault]") near the expression. The steps' offsets are the ones the IR carries (bpf relocates a kernel
 * type's to the running kernel's before the engine compiles). Refused: user-space types, pretty printing.
 */
final class TargetReader {
    private TargetReader() {}

    private interface Step {
        long apply(Frame f, long v);
    }

    static Code compile(ExprCompiler ec, IrExpr.Target e) {
        TargetAccess a = e.access();
        String near = Near.of(e);
        if (a.userSpace()) throw new Unsupported(e.span(), "target variable " + e.text() + " of a user-space type (no probed process here)");
        if (!(a.source() instanceof TargetAccess.Source.Value val)) throw new Unsupported(e.span(), "target variable " + e.text());
        LNode start = ec.L(val.value());
        List<Step> steps = new ArrayList<>();
        for (TargetAccess.Step st : a.steps()) steps.add(step(ec, e, st, near));
        Step[] chain = steps.toArray(new Step[0]);
        LNode value = f -> {
            long v = start.l(f);
            for (Step s : chain) v = s.apply(f, v);
            return v;
        };
        TargetAccess.Result r = a.result();
        if (r instanceof TargetAccess.Result.Int i) {
            int sh = 64 - 8 * i.bytes();
            if (i.bytes() >= 8) return Code.l(value);
            return Code.l(i.signed() ? f -> (value.l(f) << sh) >> sh : f -> (value.l(f) << sh) >>> sh);
        }
        if (r instanceof TargetAccess.Result.Address) return Code.l(value);
        if (r instanceof TargetAccess.Result.CString cs) {
            int max = ec.maxStr - 1;
            int cut = cs.maxLength();
            return Code.s(f -> {
                long at = value.l(f);
                String s = f.h.session.memory.string(at, max);
                if (s == null) throw f.h.error(String.format("kernel string copy fault at 0x%x [man error::fault]", at), near);
                return cut > 0 && cut < s.length() ? s.substring(0, cut) : s;
            });
        }
        throw new Unsupported(e.span(), "pretty printing of target variable " + e.text());
    }

    private static Step step(ExprCompiler ec, IrExpr.Target e, TargetAccess.Step st, String near) {
        if (st instanceof TargetAccess.Step.Deref d) {
            long off = d.offset();
            int size = d.size() == 1 || d.size() == 2 || d.size() == 4 ? d.size() : 8;
            boolean signed = d.signed();
            return (f, v) -> {
                long at = v + off;
                byte[] b = f.h.session.memory.read(at, size);
                if (b == null) throw f.h.error(String.format("kernel read fault at 0x%016x", at), near);
                return KernelMemory.integer(b, size, signed);
            };
        }
        if (st instanceof TargetAccess.Step.Offset o) {
            long off = o.offset();
            return (f, v) -> v + off;
        }
        if (st instanceof TargetAccess.Step.Index ix) {
            LNode i = ec.L(ix.index());
            long size = ix.elementSize();
            return (f, v) -> v + i.l(f) * size;
        }
        if (st instanceof TargetAccess.Step.Bitfield bf) {
            int off = bf.bitOffset(), bits = bf.bitSize();
            if (bf.signed()) {
                int left = 64 - off - bits;
                return (f, v) -> (v << left) >> (64 - bits);
            }
            long mask = bits >= 64 ? -1L : (1L << bits) - 1;
            return (f, v) -> (v >>> off) & mask;
        }
        // a member pass 2's BTF lacks: only in the branch of a @defined check the build answered 0 (never runs)
        return (f, v) -> { throw f.h.error("target variable " + e.text() + " names a member this build's kernel lacks", near); };
    }
}
