package org.jstap.elaborate.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.ir.TargetAccess.Result;
import org.jstap.api.ir.TargetAccess.Source;
import org.jstap.api.ir.TargetAccess.Step;
import org.junit.jupiter.api.Test;

/** The marker operand forms of python3.11's, libjvm.so's and our test binary's notes, as access plans. */
class SdtArgumentTest {
    static TargetAccess parse(String text) throws Exception {
        return SdtArgument.parse(text, 0x401000, Map.of("jst_global", 0x4a1000L)::get, Span.NONE);
    }

    @Test
    void registersAreReadAtTheirWidthAndSign() throws Exception {
        TargetAccess a = parse("-4@%eax");
        assertEquals(new Source.Register("ax"), a.source());
        assertEquals(List.of(), a.steps());
        assertEquals(new Result.Int(4, true), a.result());
        assertEquals(new Result.Int(8, false), parse("8@%r12").result());
        assertEquals(new Source.Register("r12"), parse("8@%r12").source());
        assertEquals(new Source.Register("r9"), parse("-1@%r9b").source());
        // no size: the register's own width, unsigned (the old note format)
        assertEquals(new Result.Int(2, false), parse("%si").result());
        // a high byte register: bits 8..15
        assertEquals(List.of(new Step.Bitfield(8, 8, false)), parse("1@%ah").steps());
    }

    @Test
    void memoryOperandsReadUserMemory() throws Exception {
        TargetAccess a = parse("-4@112(%rsp)");
        assertEquals(new Source.Register("sp"), a.source());
        assertEquals(List.of(new Step.Deref(112, 4, true)), a.steps());
        assertEquals(true, a.userSpace());
        assertEquals(List.of(new Step.Deref(-16, 8, false)), parse("8@-16(%rbp)").steps());
        assertEquals(List.of(new Step.Deref(0, 2, false)), parse("2@(%rdi)").steps());
        TargetAccess ix = parse("8@8(%rax,%rbx,4)");
        assertEquals(2, ix.steps().size());
        assertEquals(4, ((Step.Index) ix.steps().get(0)).elementSize());
    }

    @Test
    void aSymbolIsReachedFromTheInstructionPointer() throws Exception {
        TargetAccess a = parse("-8@jst_global(%rip)");
        assertEquals(new Source.Register("ip"), a.source());
        assertEquals(List.of(new Step.Deref(0x4a1000L - 0x401000, 8, true)), a.steps());
        assertEquals(List.of(new Step.Deref(0x4a1008L - 0x401000, 4, false)), parse("4@jst_global+8(%rip)").steps());
    }

    @Test
    void constantsAreValues() throws Exception {
        TargetAccess a = parse("-4@$-7");
        assertEquals(-7, ((IrExpr.IntConst) ((Source.Value) a.source()).value()).value());
        assertEquals(655360, ((IrExpr.IntConst) ((Source.Value) parse("-4@$655360").source()).value()).value());
    }

    @Test
    void whatCannotBeReadSaysWhy() {
        assertThrows(SdtArgument.Unsupported.class, () -> parse("8@%xmm0"));
        assertThrows(SdtArgument.Unsupported.class, () -> parse("8@nosuch(%rip)"));
        assertThrows(SdtArgument.Unsupported.class, () -> parse("3@%eax"));
        assertThrows(SdtArgument.Unsupported.class, () -> parse("8@4096"));
    }
}
