package org.jstap.elaborate.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.FunctionSig;
import org.jstap.api.ir.TargetAccess.Source;
import org.jstap.debuginfo.btf.BtfDebugInfo;
import org.jstap.debuginfo.btf.TestBlobs;
import org.junit.jupiter.api.Test;

/** Argument locations against the Debian 6.1 kernel's real signatures (the test BTF blob). */
class ArgLocationsTest {
    private final BtfDebugInfo di = TestBlobs.kernel();

    private List<Source> of(String fn) {
        FunctionSig sig = di.function(fn).orElseThrow();
        return ArgLocations.of(di, sig.params());
    }

    @Test
    void sixRegistersThenStackSlotsAboveTheReturnAddress() {
        // do_mmap(file, addr, len, prot, flags, pgoff, unsigned long *populate, struct list_head *uf)
        List<Source> w = of("do_mmap");
        assertEquals(8, w.size());
        assertEquals(new Source.Arg(0, "di"), w.get(0));
        assertEquals(new Source.Arg(5, "r9"), w.get(5));
        assertEquals(new Source.StackArg(6, 8), w.get(6));
        assertEquals(new Source.StackArg(7, 16), w.get(7));
    }

    @Test
    void aSmallByValueStructIsReachedThroughItsRegisterSlot() {
        // from_kuid(struct user_namespace *, kuid_t): kuid_t is a one-member struct passed in a register
        List<Source> w = of("from_kuid");
        assertEquals(new Source.Arg(0, "di"), w.get(0));
        assertEquals(new Source.ArgAddress(1, "si", 0), w.get(1));
    }

    @Test
    void scalarsAfterAByValueStructShiftByItsRegisters() {
        // find real functions with a small by-value struct before a scalar: the scalar must not take the
        // struct's register
        int checked = 0;
        for (String name : di.functionNames()) {
            FunctionSig sig = di.function(name).orElse(null);
            if (sig == null || sig.params().size() < 2) continue;
            List<CType.Param> ps = sig.params();
            int regs = 0;
            boolean sawStruct = false;
            List<Source> w = ArgLocations.of(di, ps);
            for (int i = 0; i < ps.size() && regs < 6; i++) {
                CType t = di.type(di.resolve(ps.get(i).type()));
                long size = di.sizeOf(ps.get(i).type());
                if (t instanceof CType.Struct) {
                    if (size > 16 || regs + (size + 7) / 8 > 6) break; // on the stack: covered elsewhere
                    sawStruct = true;
                    regs += (int) ((size + 7) / 8);
                    continue;
                }
                if (sawStruct && regs < 6) {
                    Source s = assertInstanceOf(Source.Arg.class, w.get(i), name);
                    assertEquals(List.of("di", "si", "dx", "cx", "r8", "r9").get(regs), ((Source.Arg) s).register(), name);
                    checked++;
                }
                regs++;
            }
            if (checked > 20) break;
        }
        assertTrue(checked > 0, "the kernel has functions taking a struct by value before a scalar");
    }
}
