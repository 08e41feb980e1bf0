package org.jstap.elaborate.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The canonical frame address rule at one address, from {@code .debug_frame} (a vmlinux keeps its call frame
 * information there; it has no {@code .eh_frame}): "CFA = register + offset", what {@code DW_OP_call_frame_cfa}
 * (gcc's usual frame base) stands for. Only the FDE covering the address is interpreted, and of its
 * instructions only those that move the CFA; a CFA given by an expression is unknown.
 */
final class CallFrames {
    private CallFrames() {}

    /** CFA = DWARF register {@code reg} + {@code offset}. */
    record Cfa(int reg, long offset) {}

    /** The rule at {@code pc}, or null when no FDE covers it or it is not register + offset. */
    static Cfa at(ByteBuffer frame, long pc) {
        if (frame == null) return null;
        try {
            ByteBuffer b = frame.duplicate().order(frame.order());
            int pos = 0;
            while (pos + 8 <= b.limit()) {
                b.position(pos);
                long len = Integer.toUnsignedLong(b.getInt());
                boolean wide = len == 0xffffffffL;
                if (wide) len = b.getLong();
                int body = b.position();
                int end = (int) (body + len);
                if (len == 0) break;
                long id = wide ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                boolean cie = wide ? id == -1L : id == 0xffffffffL;
                if (!cie) {
                    long start = b.getLong(), range = b.getLong();
                    if (Long.compareUnsigned(pc, start) >= 0 && Long.compareUnsigned(pc - start, range) < 0) {
                        Cie c = cie(b, (int) id);
                        if (c == null) return null;
                        return run(b, b.position(), end, c, start, pc, c.initial);
                    }
                }
                pos = end;
            }
        } catch (RuntimeException e) { // a table past its section: unknown
        }
        return null;
    }

    private record Cie(long codeAlign, long dataAlign, Cfa initial, int instructions, int end) {}

    private static Cie cie(ByteBuffer frame, int at) {
        ByteBuffer b = frame.duplicate().order(frame.order());
        b.position(at);
        long len = Integer.toUnsignedLong(b.getInt());
        if (len == 0xffffffffL) return null;
        int end = (int) (b.position() + len);
        b.getInt(); // CIE id
        int version = Byte.toUnsignedInt(b.get());
        StringBuilder aug = new StringBuilder();
        for (byte c = b.get(); c != 0; c = b.get()) aug.append((char) c);
        if (aug.length() > 0) return null; // gcc writes none into .debug_frame
        if (version >= 4) b.position(b.position() + 2); // address size, segment selector size
        long code = DwarfReader.uleb(b), data = DwarfReader.sleb(b);
        if (version == 1) b.get(); else DwarfReader.uleb(b); // return address register
        Cie c = new Cie(code, data, null, b.position(), end);
        Cfa initial = run(b, c.instructions(), end, c, 0, -1, null);
        return new Cie(code, data, initial, c.instructions(), end);
    }

    /** Runs CFA instructions from {@code from} while the location is at most {@code pc} (pc -1: to the end). */
    private static Cfa run(ByteBuffer frame, int from, int end, Cie c, long loc, long pc, Cfa initial) {
        ByteBuffer b = frame.duplicate().order(frame.order());
        b.position(from);
        Cfa cfa = initial;
        Deque<Cfa> saved = new ArrayDeque<>();
        while (b.position() < end) {
            int op = Byte.toUnsignedInt(b.get());
            long adv = -1;
            switch (op & 0xc0) {
                case 0x40 -> adv = (op & 0x3f) * c.codeAlign();
                case 0x80 -> DwarfReader.uleb(b);          // offset(reg): not the CFA
                case 0xc0 -> { }                           // restore(reg)
                default -> {
                    switch (op) {
                        case 0x00 -> { }
                        case 0x01 -> adv = b.getLong() - loc;
                        case 0x02 -> adv = Byte.toUnsignedInt(b.get()) * c.codeAlign();
                        case 0x03 -> adv = Short.toUnsignedInt(b.getShort()) * c.codeAlign();
                        case 0x04 -> adv = Integer.toUnsignedLong(b.getInt()) * c.codeAlign();
                        case 0x05, 0x09 -> { DwarfReader.uleb(b); DwarfReader.uleb(b); }
                        case 0x06, 0x07, 0x08 -> DwarfReader.uleb(b);
                        case 0x0a -> saved.push(cfa == null ? new Cfa(-1, 0) : cfa);
                        case 0x0b -> { if (!saved.isEmpty()) { Cfa s = saved.pop(); cfa = s.reg() < 0 ? null : s; } }
                        case 0x0c -> cfa = new Cfa((int) DwarfReader.uleb(b), DwarfReader.uleb(b));
                        case 0x0d -> cfa = new Cfa((int) DwarfReader.uleb(b), cfa == null ? 0 : cfa.offset());
                        case 0x0e -> cfa = cfa == null ? null : new Cfa(cfa.reg(), DwarfReader.uleb(b));
                        case 0x0f -> { skip(b, (int) DwarfReader.uleb(b)); cfa = null; }
                        case 0x10, 0x16 -> { DwarfReader.uleb(b); skip(b, (int) DwarfReader.uleb(b)); }
                        case 0x11, 0x14, 0x15 -> { DwarfReader.uleb(b); DwarfReader.sleb(b); }
                        case 0x12 -> cfa = new Cfa((int) DwarfReader.uleb(b), DwarfReader.sleb(b) * c.dataAlign());
                        case 0x13 -> cfa = cfa == null ? null : new Cfa(cfa.reg(), DwarfReader.sleb(b) * c.dataAlign());
                        case 0x2e -> DwarfReader.uleb(b);
                        case 0x2f -> { DwarfReader.uleb(b); DwarfReader.uleb(b); }
                        default -> { return pc < 0 ? cfa : null; } // an opcode this table does not know
                    }
                }
            }
            if (adv >= 0) {
                if (pc >= 0 && Long.compareUnsigned(loc + adv, pc) > 0) return cfa;
                loc += adv;
            }
        }
        return cfa;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
