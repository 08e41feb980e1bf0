package org.jstap.elaborate.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.jstap.elaborate.dwarf.Location.Expr;
import org.junit.jupiter.api.Test;

/** The location-expression compiler and the location-list pick, on hand-written DWARF bytes. */
class LocationExprTest {
    private static final Expr RSP = new Expr.Reg(7);
    /** gcc's frame base: the CFA, here rsp + 16 at the address. */
    private static final LocationExpr.Frame FRAME = new LocationExpr.Frame(new Expr.Binary("+", RSP, new Expr.Const(16)),
            new Expr.Binary("+", RSP, new Expr.Const(16)));

    private static Location compile(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return LocationExpr.compile(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), FRAME);
    }

    @Test
    void registersAndRegisterRelativeAddresses() {
        assertEquals(new Location.Register(5), compile(0x55));                       // DW_OP_reg5 (rdi)
        assertEquals(new Location.Register(12), compile(0x90, 12));                  // DW_OP_regx 12
        assertEquals(new Location.Memory(new Expr.Binary("+", RSP, new Expr.Const(8))), compile(0x77, 8)); // breg7 8
        assertEquals(new Location.Memory(new Expr.Binary("+", new Expr.Reg(3), new Expr.Const(-8))),
                compile(0x92, 3, 0x78));                                                // bregx rbx -8
    }

    @Test
    void frameBaseAndCfaFoldIntoOneOffset() {
        // DW_OP_fbreg -60 with frame base = CFA = rsp + 16: the variable is at rsp - 44
        assertEquals(new Location.Memory(new Expr.Binary("+", RSP, new Expr.Const(-44))), compile(0x91, 0x44));
        assertEquals(new Location.Memory(new Expr.Binary("+", RSP, new Expr.Const(16))), compile(0x9c));
        assertInstanceOf(Location.Unavailable.class, LocationExpr.compile(ByteBuffer.wrap(new byte[] {(byte) 0x91, 0x44}),
                new LocationExpr.Frame(null, null)));
    }

    @Test
    void computedValuesAndConstants() {
        // breg5 0; deref; plus_uconst 4; stack_value: the value *(rdi) + 4
        Location v = compile(0x75, 0, 0x06, 0x23, 4, 0x9f);
        assertEquals(new Location.Value(new Expr.Binary("+", new Expr.Deref(8, new Expr.Reg(5)), new Expr.Const(4))), v);
        assertEquals(new Location.Value(new Expr.Const(7)), compile(0x37, 0x9f));    // lit7; stack_value
        assertEquals(new Location.Constant(0x0102), compile(0x9e, 2, 0x02, 0x01));   // implicit_value 2 bytes
        // lit3 lit4 minus: constants fold; deref_size 4
        assertEquals(new Location.Value(new Expr.Const(-1)), compile(0x33, 0x34, 0x1c, 0x9f));
        assertEquals(new Location.Value(new Expr.Deref(4, new Expr.Binary("+", RSP, new Expr.Const(8)))),
                compile(0x77, 8, 0x94, 4, 0x9f));
    }

    @Test
    void piecesKeepTheirSizesAndMissingParts() {
        Location p = compile(0x50, 0x93, 4, 0x93, 4, 0x51, 0x93, 8); // rax:4, (missing):4, rdx:8
        assertEquals(new Location.Pieces(List.of(new Location.Piece(new Location.Register(0), 4),
                new Location.Piece(null, 4), new Location.Piece(new Location.Register(1), 8))), p);
    }

    @Test
    void whatHasNoLocationHereIsUnavailable() {
        assertEquals(new Location.Unavailable(Scopes.OPTIMIZED_OUT), compile());
        assertEquals(new Location.Unavailable(Scopes.NO_LOCATION), compile(0x50, 0xf0)); // reg0; GNU_uninit
        Location entry = compile(0xa3, 1, 0x55, 0x9f);                                   // entry_value(reg5)
        assertTrue(((Location.Unavailable) entry).why().contains("entry"), entry.toString());
        // DW_OP_addr is a link-time address the caller relocates (plus_uconst folds into it)
        assertEquals(new Location.Memory(new Location.Expr.Addr(0xffffffff82a1aa40L + 16)),
                compile(0x03, 0x40, 0xaa, 0xa1, 0x82, 0xff, 0xff, 0xff, 0xff, 0x23, 16));
        assertInstanceOf(Location.Unavailable.class, compile(0x30, 0x28, 0, 0));          // a branch
        assertInstanceOf(Location.Unavailable.class, compile(0x06));                      // stack underflow
    }

    // ---- location lists -------------------------------------------------------------------------------------------

    private static ByteBuffer bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static int[] addr(long a) {
        int[] out = new int[8];
        for (int i = 0; i < 8; i++) out[i] = (int) (a >>> (8 * i)) & 0xff;
        return out;
    }

    /** A DWARF 5 list: base_address 0x1000; [0x10,0x20) reg5; start_length 0x2000+0x8 reg3; end. */
    private static final ByteBuffer LIST = bytes(concat(
            new int[] {0x06}, addr(0x1000),
            new int[] {0x04, 0x10, 0x20, 1, 0x55},
            new int[] {0x08}, addr(0x2000), new int[] {0x08, 1, 0x53},
            new int[] {0x00}));

    private static Location at(ByteBuffer list, long pc) {
        ByteBuffer e = Scopes.pick(list, 0, 0, pc, 8, i -> 0);
        return e == null ? null : LocationExpr.compile(e, FRAME);
    }

    @Test
    void theEntryCoveringTheAddressIsPicked() {
        assertEquals(new Location.Register(5), at(LIST, 0x1010));
        assertEquals(new Location.Register(5), at(LIST, 0x101f));
        assertNull(at(LIST, 0x1020));                   // ranges are half-open
        assertNull(at(LIST, 0x100f));
        assertEquals(new Location.Register(3), at(LIST, 0x2007));
        assertNull(at(LIST, 0x2008));
    }

    @Test
    void defaultEntryAndIndexedAddresses() {
        // default_location reg0; startx_length index 1 (0x3000) + 4: rbx
        ByteBuffer list = bytes(0x05, 1, 0x50, 0x03, 1, 4, 1, 0x53, 0x00);
        java.util.function.LongUnaryOperator addrx = i -> i == 1 ? 0x3000 : 0;
        assertEquals(new Location.Register(3), LocationExpr.compile(Scopes.pick(list, 0, 0, 0x3002, 8, addrx), FRAME));
        assertEquals(new Location.Register(0), LocationExpr.compile(Scopes.pick(list, 0, 0, 0x9999, 8, addrx), FRAME));
    }
}
