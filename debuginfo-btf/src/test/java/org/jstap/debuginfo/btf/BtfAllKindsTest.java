package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.FunctionSig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every BTF kind, hand-assembled, in both byte orders, decoded and round-tripped through the subset writer. */
class BtfAllKindsTest {
    static byte[] sample(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int intT = b.type("int", Btf.KIND_INT, 0, false, 4, Btf.INT_SIGNED << 24 | 32);             // 1
        int uchar = b.type("unsigned char", Btf.KIND_INT, 0, false, 1, 8);                            // 2
        int ptrChar = b.type("", Btf.KIND_PTR, 0, false, uchar);                                      // 3
        int arr = b.type("", Btf.KIND_ARRAY, 0, false, 0, uchar, intT, 8);                            // 4
        // struct s { int a; unsigned int f1:3, f2:5; u8 buf[8]; } with kind_flag bitfields
        int uint = b.type("unsigned int", Btf.KIND_INT, 0, false, 4, 32);                             // 5
        int st = b.type("s", Btf.KIND_STRUCT, 4, true, 16,                                             // 6
                b.str("a"), intT, 0,
                b.str("f1"), uint, 3 << 24 | 32,
                b.str("f2"), uint, 5 << 24 | 35,
                b.str("buf"), arr, 64);
        int un = b.type("u", Btf.KIND_UNION, 2, false, 8, b.str("x"), intT, 0, b.str("p"), ptrChar, 0); // 7
        int en = b.type("e", Btf.KIND_ENUM, 2, true, 4, b.str("NEG"), -5, b.str("POS"), 7);            // 8
        int en64 = b.type("big", Btf.KIND_ENUM64, 1, false, 8, b.str("HUGE"), 0x89abcdef, 0x1234567);   // 9
        int fwd = b.type("fw", Btf.KIND_FWD, 0, true, 0);                                             // 10
        int td = b.type("myint", Btf.KIND_TYPEDEF, 0, false, intT);                                   // 11
        int vol = b.type("", Btf.KIND_VOLATILE, 0, false, td);                                        // 12
        int cst = b.type("", Btf.KIND_CONST, 0, false, vol);                                          // 13
        int rst = b.type("", Btf.KIND_RESTRICT, 0, false, ptrChar);                                   // 14
        int proto = b.type("", Btf.KIND_FUNC_PROTO, 3, false, intT,                                   // 15
                b.str("fmt"), rst, b.str("n"), cst, 0, 0);                                           // variadic
        int func = b.type("myprintf", Btf.KIND_FUNC, 1, false, proto);                               // 16
        int var = b.type("counter", Btf.KIND_VAR, 0, false, intT, 1);                                // 17
        int sec = b.type(".data", Btf.KIND_DATASEC, 1, false, 4, var, 0, 4);                         // 18
        int flt = b.type("double", Btf.KIND_FLOAT, 0, false, 8);                                     // 19
        int tag = b.type("user", Btf.KIND_TYPE_TAG, 0, false, uchar);                                // 20
        int ptrTag = b.type("", Btf.KIND_PTR, 0, false, tag);                                        // 21
        int dtag = b.type("noinline", Btf.KIND_DECL_TAG, 0, false, func, -1);                       // 22
        int fnPtr = b.type("", Btf.KIND_PTR, 0, false, proto);                                      // 23
        int tdTrace = b.type("btf_trace_my_event", Btf.KIND_TYPEDEF, 0, false, 29);                 // 24 → 29 → 26
        int voidPtr = b.type("", Btf.KIND_PTR, 0, false, 0);                                        // 25
        int tpProto = b.type("", Btf.KIND_FUNC_PROTO, 2, false, 0, 0, voidPtr, 0, ptrChar);          // 26 (unnamed)
        // old-style (kind_flag 0) bitfield: INT with 4 bits at offset 2 inside
        int nib = b.type("unsigned int", Btf.KIND_INT, 0, false, 4, 2 << 16 | 4);                   // 27
        int old = b.type("old", Btf.KIND_STRUCT, 1, false, 4, b.str("nib"), nib, 8);                // 28
        assertEquals(28, old);
        assertEquals(29, b.type("", Btf.KIND_PTR, 0, false, tpProto));
        assertEquals(List.of(fwd, sec, flt, ptrTag, dtag, fnPtr, tdTrace, en, en64, un, st), List.of(10, 18, 19, 21, 22, 23, 24, 8, 9, 7, 6));
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void decodesEveryKind(String orderName) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        BtfDebugInfo di = BtfDebugInfo.load(sample(order), "kernel");
        check(di);
        // round trip through the subset writer keeps everything reachable from the roots
        BtfSubsetWriter w = new BtfSubsetWriter(di.btf());
        for (int id = 1; id < di.btf().nextId(); id++) w.keepType(id);
        byte[] again = w.write();
        check(BtfDebugInfo.load(again, "kernel"));
    }

    private static void check(BtfDebugInfo di) {
        assertEquals(29, di.btf().localCount());
        CType.Int i = assertInstanceOf(CType.Int.class, di.type(1));
        assertTrue(i.signed());
        assertTrue(((CType.Int) di.type(2)).isChar());
        assertEquals("unsigned char*", di.typeName(3));
        assertEquals("unsigned char[8]", di.typeName(4));
        assertEquals(8, di.sizeOf(4));
        CType.Struct s = assertInstanceOf(CType.Struct.class, di.type(6));
        assertEquals(List.of(new CType.Member("a", 1, 0, 0), new CType.Member("f1", 5, 32, 3),
                new CType.Member("f2", 5, 35, 5), new CType.Member("buf", 4, 64, 0)), s.members());
        CType.Struct u = assertInstanceOf(CType.Struct.class, di.type(7));
        assertTrue(u.union());
        assertEquals("union u", di.typeName(7));
        CType.Enum e = assertInstanceOf(CType.Enum.class, di.type(8));
        assertTrue(e.signed());
        assertEquals(-5L, e.values().get("NEG"));
        CType.Enum big = assertInstanceOf(CType.Enum.class, di.type(9));
        assertEquals(0x0123456789abcdefL, big.values().get("HUGE"));
        assertEquals(8, big.bytes());
        assertEquals(new CType.Forward("fw", true), di.type(10));
        assertEquals("union fw", di.typeName(10));
        assertEquals("myint volatile const", di.typeName(13));
        assertEquals(1, di.resolve(13));
        assertEquals(4, di.sizeOf(13));
        assertEquals("unsigned char* restrict", di.typeName(14));
        CType.FuncProto p = assertInstanceOf(CType.FuncProto.class, di.type(15));
        assertTrue(p.variadic());
        assertEquals(2, p.params().size());
        assertEquals("int (unsigned char* restrict, myint volatile const, ...)", di.typeName(15));
        FunctionSig f = di.function("myprintf").orElseThrow();
        assertEquals(List.of(new CType.Param("fmt", 14), new CType.Param("n", 13)), f.params());
        assertEquals(List.of("myprintf"), di.functionNames());
        assertEquals(new CType.Qualified("var", 1), di.type(17));
        CType.Struct sec = assertInstanceOf(CType.Struct.class, di.type(18));
        assertEquals(List.of(new CType.Member("counter", 17, 0, 0)), sec.members());
        assertEquals(new CType.Float("double", 8), di.type(19));
        assertEquals("unsigned char*", di.typeName(21));                  // type tags are not spelled
        assertEquals(2, di.resolve(((CType.Pointer) di.type(21)).target()));
        assertEquals(new CType.Qualified("decl_tag", 16), di.type(22));
        assertEquals("int (*)(unsigned char* restrict, myint volatile const, ...)", di.typeName(23));
        assertEquals(List.of("my_event"), di.tracepointNames());
        FunctionSig tp = di.tracepoint("my_event").orElseThrow();
        assertEquals(List.of(new CType.Param("arg1", 3)), tp.params());     // no names anywhere: argN
        CType.Member nib = di.member(28, "nib").orElseThrow();
        assertEquals(4, nib.bitSize());
        assertEquals(10, nib.bitOffset());
        assertTrue(di.findType("struct s").isPresent());
        assertTrue(di.findType("union u").isPresent());
        assertTrue(di.findType("enum big").isPresent());
        assertTrue(di.findType("union fw").isPresent());
        assertTrue(di.findType("myint").isPresent());
        assertTrue(di.findType("double").isPresent());
        assertFalse(di.findType("struct u").isPresent());
    }

    @Test
    void rejectsMalformed() {
        assertThrows(IOException.class, () -> Btf.parse(new byte[10]));
        byte[] ok = sample(ByteOrder.LITTLE_ENDIAN);
        byte[] badMagic = ok.clone();
        badMagic[0] = 0;
        assertThrows(IOException.class, () -> Btf.parse(badMagic));
        byte[] badKind = ok.clone();
        badKind[24 + 7] = 31;                                               // first type's kind byte
        assertThrows(IOException.class, () -> Btf.parse(badKind));
        byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 40);
        assertThrows(IOException.class, () -> Btf.parse(truncated));
    }
}
