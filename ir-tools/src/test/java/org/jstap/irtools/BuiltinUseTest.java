package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.Builtin;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrStmt;
import org.jstap.api.ir.IrType;
import org.junit.jupiter.api.Test;

class BuiltinUseTest {
    @Test
    void everyPartOfTheProgramCounts() {
        IrProbe p = probe(builtin(Builtin.PID), List.of(new IrProbe.EntrySave(0, IrType.LONG, builtin(Builtin.TID))),
                stmt(builtin(Builtin.STRLEN, builtin(Builtin.EXECNAME))));
        Set<Builtin> all = BuiltinUse.in(program(List.of(fn("f", ret(builtin(Builtin.CPU)))), p));
        assertEquals(Set.of(Builtin.PID, Builtin.TID, Builtin.STRLEN, Builtin.EXECNAME, Builtin.CPU), all);
        assertEquals(Set.of(Builtin.PID, Builtin.TID, Builtin.STRLEN, Builtin.EXECNAME), BuiltinUse.in(p));
    }

    @Test
    void deadBranchesStillCountTheScannerDoesNotFold() {
        IrStmt s = new IrStmt.If(S, num(0), stmt(builtin(Builtin.EXIT)), null);
        assertEquals(Set.of(Builtin.EXIT), BuiltinUse.in(s));
    }
}
