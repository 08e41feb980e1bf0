package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.ir.TargetAccess;

/**
 * Where each parameter of a kernel function lives at its entry, by the x86-64 SysV calling convention (the kernel's
 * ABI): integer and pointer arguments take the next of the six argument registers, then 8-byte stack slots above
 * the return address. A by-value struct or union of up to 16 bytes takes one or two registers when that many are
 * left and otherwise goes to the stack whole (later scalars may still use the remaining registers); a bigger one is
 * always on the stack. The kernel passes no floating-point arguments. A by-value struct is reached through its
 * address (see {@link TargetAccess.Source.ArgAddress}); one split over two registers has none (pt_regs stores
 * them in descending order), so its location is {@code null}, but it still uses up its registers, which is what
 * keeps every later argument in the right place.
 */
final class ArgLocations {
    private ArgLocations() {}

    static List<TargetAccess.Source> of(DebugInfo di, List<CType.Param> params) {
        List<TargetAccess.Source> out = new ArrayList<>(params.size());
        int regs = 0;
        long stack = 8; // the return address sits at the entry stack pointer
        int nregs = TargetAccess.ARG_REGISTERS.size();
        for (int i = 0; i < params.size(); i++) {
            int type = params.get(i).type();
            CType t = di.type(di.resolve(type));
            long size = Math.max(1, di.sizeOf(type));
            if (t instanceof CType.Struct) {
                long words = (size + 7) / 8;
                if (words <= 2 && regs + words <= nregs) {
                    // one register: its pt_regs slot holds the bytes; two: pt_regs keeps them in the wrong order
                    out.add(words == 1 ? new TargetAccess.Source.ArgAddress(i, TargetAccess.ARG_REGISTERS.get(regs), 0)
                            : null);
                    regs += (int) words;
                } else {
                    out.add(new TargetAccess.Source.ArgAddress(i, null, stack));
                    stack += words * 8;
                }
            } else if (regs < nregs) {
                out.add(new TargetAccess.Source.Arg(i, TargetAccess.ARG_REGISTERS.get(regs++)));
            } else {
                out.add(new TargetAccess.Source.StackArg(i, stack));
                stack += 8;
            }
        }
        return out;
    }
}
