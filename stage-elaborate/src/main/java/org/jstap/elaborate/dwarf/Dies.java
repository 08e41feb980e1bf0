package org.jstap.elaborate.dwarf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generic reader of the DIEs of one compile unit (every attribute kept with its form), for the few subtrees
 * read on demand: a function's scopes and variables, their types ({@link Scopes}). {@link DwarfReader}'s walk of
 * every unit keeps only what the index needs; this one keeps everything of the little it reads.
 */
final class Dies {
    /** An attribute's form and value: a Long (constants, references made absolute, addresses, offsets), a String, or
     *  a ByteBuffer (blocks and exprlocs). */
    record Attr(int form, Object value) {
        long asLong() {
            return value instanceof Long l ? l : 0;
        }

        boolean isBlock() {
            return value instanceof ByteBuffer;
        }

        /** A constant form (data1..8, sdata, udata, implicit_const): a high_pc that counts from low_pc. */
        boolean isConstant() {
            return form == 0x0b || form == 0x05 || form == 0x06 || form == 0x07 || form == 0x0d || form == 0x0f
                    || form == 0x21;
        }
    }

    /** One DIE: its offset in .debug_info, tag, attributes and (when read with them) children. */
    record Die(long offset, int tag, Map<Integer, Attr> attrs, List<Die> children) {
        Attr attr(int at) {
            return attrs.get(at);
        }

        String name() {
            Attr a = attrs.get(0x03);
            return a != null && a.value() instanceof String s ? s : null;
        }
    }

    final DwarfReader.Sections s;
    final int start, end, version, offSize, addrSize;
    private final int firstDie;
    private final Map<Integer, DwarfReader.Abbrev> abbrevs;
    long strOffsetsBase = -1, addrBase = -1, loclistsBase = -1, rnglistsBase = -1, lowPc;

    /** The unit whose header is at {@code unitOffset}; its unit DIE's bases are read at once. */
    Dies(DwarfReader reader, long unitOffset) {
        this.s = reader.sections();
        ByteBuffer b = s.info().duplicate().order(s.info().order());
        b.position((int) unitOffset);
        start = (int) unitOffset;
        long len = Integer.toUnsignedLong(b.getInt());
        int os = 4;
        if (len == 0xffffffffL) {
            len = b.getLong();
            os = 8;
        }
        offSize = os;
        end = (int) (b.position() + len);
        version = Short.toUnsignedInt(b.getShort());
        long abbrevOff;
        if (version >= 5) {
            int unitType = Byte.toUnsignedInt(b.get());
            addrSize = Byte.toUnsignedInt(b.get());
            abbrevOff = offSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
            if (unitType == 2 || unitType == 6) b.position(b.position() + 8 + offSize);
            else if (unitType == 4 || unitType == 5) b.position(b.position() + 8);
        } else {
            abbrevOff = offSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
            addrSize = Byte.toUnsignedInt(b.get());
        }
        firstDie = b.position();
        abbrevs = reader.abbrevs(abbrevOff);
        Die cu = read(firstDie, false);
        if (cu.attr(0x72) != null) strOffsetsBase = cu.attr(0x72).asLong();
        if (cu.attr(0x73) != null) addrBase = cu.attr(0x73).asLong();
        if (cu.attr(0x74) != null) rnglistsBase = cu.attr(0x74).asLong();
        if (cu.attr(0x8c) != null) loclistsBase = cu.attr(0x8c).asLong();
        Attr low = cu.attr(0x11);
        if (low != null) lowPc = address(low);
    }

    boolean contains(long dieOffset) {
        return dieOffset >= firstDie && dieOffset < end;
    }

    /** The DIE at {@code offset}, with its whole subtree when {@code children}. */
    Die read(long offset, boolean children) {
        ByteBuffer b = s.info().duplicate().order(s.info().order());
        b.position((int) offset);
        return die(b, children, 0);
    }

    /** The unit DIE's direct children (file-scope declarations and definitions), each without its subtree. */
    List<Die> topLevel() {
        ByteBuffer b = s.info().duplicate().order(s.info().order());
        b.position(firstDie);
        DwarfReader.Abbrev a = abbrevs.get((int) DwarfReader.uleb(b));
        if (a == null || !a.children()) return List.of();
        for (int i = 0; i < a.attrs().length; i++) value(b, a.forms()[i], a.consts()[i]);
        List<Die> out = new ArrayList<>();
        while (b.position() < end) {
            Die k = die(b, false, 1);
            if (k == null) break;
            out.add(k);
        }
        return out;
    }

    private Die die(ByteBuffer b, boolean withChildren, int depth) {
        long at = b.position();
        int code = (int) DwarfReader.uleb(b);
        if (code == 0) return null;
        DwarfReader.Abbrev a = abbrevs.get(code);
        if (a == null) throw new IllegalStateException("unknown abbreviation " + code + " at 0x" + Long.toHexString(at));
        Map<Integer, Attr> attrs = new HashMap<>();
        for (int i = 0; i < a.attrs().length; i++) {
            Attr v = value(b, a.forms()[i], a.consts()[i]);
            if (v != null) attrs.put(a.attrs()[i], v);
        }
        List<Die> kids = new ArrayList<>();
        if (a.children()) {
            if (!withChildren || depth > 64) {
                skipChildren(b);
            } else {
                while (b.position() < end) {
                    Die k = die(b, true, depth + 1);
                    if (k == null) break;
                    kids.add(k);
                }
            }
        }
        return new Die(at, a.tag(), attrs, kids);
    }

    /** Moves past a DIE's children (DW_AT_sibling would be quicker; gcc does not always write it). */
    private void skipChildren(ByteBuffer b) {
        int depth = 1;
        while (depth > 0 && b.position() < end) {
            int code = (int) DwarfReader.uleb(b);
            if (code == 0) {
                depth--;
                continue;
            }
            DwarfReader.Abbrev a = abbrevs.get(code);
            if (a == null) throw new IllegalStateException("unknown abbreviation " + code);
            for (int i = 0; i < a.attrs().length; i++) value(b, a.forms()[i], a.consts()[i]);
            if (a.children()) depth++;
        }
    }

    private Attr value(ByteBuffer b, int form, long implicitConst) {
        return switch (form) {
            case 0x01 -> new Attr(form, addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt()));
            case 0x03 -> new Attr(form, block(b, Short.toUnsignedInt(b.getShort())));
            case 0x04 -> new Attr(form, block(b, b.getInt()));
            case 0x05 -> new Attr(form, (long) Short.toUnsignedInt(b.getShort()));
            case 0x06 -> new Attr(form, Integer.toUnsignedLong(b.getInt()));
            case 0x07 -> new Attr(form, b.getLong());
            case 0x08 -> new Attr(form, DwarfReader.cstring(b));
            case 0x09, 0x18 -> new Attr(form, block(b, (int) DwarfReader.uleb(b)));
            case 0x0a -> new Attr(form, block(b, Byte.toUnsignedInt(b.get())));
            case 0x0b, 0x0c -> new Attr(form, (long) Byte.toUnsignedInt(b.get()));
            case 0x0d -> new Attr(form, DwarfReader.sleb(b));
            case 0x0e -> new Attr(form, DwarfReader.cstring(s.str(), offset(b)));
            case 0x1f -> new Attr(form, DwarfReader.cstring(s.lineStr(), offset(b)));
            case 0x0f -> new Attr(form, DwarfReader.uleb(b));
            case 0x15 -> new Attr(form, DwarfReader.uleb(b) + start);
            case 0x10 -> new Attr(form, version <= 2 ? (addrSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt())) : offset(b));
            case 0x11 -> new Attr(form, (long) Byte.toUnsignedInt(b.get()) + start);
            case 0x12 -> new Attr(form, (long) Short.toUnsignedInt(b.getShort()) + start);
            case 0x13 -> new Attr(form, Integer.toUnsignedLong(b.getInt()) + start);
            case 0x14 -> new Attr(form, b.getLong() + start);
            case 0x16 -> value(b, (int) DwarfReader.uleb(b), 0);
            case 0x17 -> new Attr(form, offset(b));
            case 0x19 -> new Attr(form, 1L);
            case 0x1a -> new Attr(form, strx(DwarfReader.uleb(b)));
            case 0x25 -> new Attr(form, strx(Byte.toUnsignedInt(b.get())));
            case 0x26 -> new Attr(form, strx(Short.toUnsignedInt(b.getShort())));
            case 0x27 -> new Attr(form, strx(Byte.toUnsignedInt(b.get()) | (Short.toUnsignedInt(b.getShort()) << 8)));
            case 0x28 -> new Attr(form, strx(Integer.toUnsignedLong(b.getInt())));
            case 0x1b, 0x22, 0x23 -> new Attr(form, DwarfReader.uleb(b));   // addrx, loclistx, rnglistx: indices
            case 0x29 -> new Attr(form, (long) Byte.toUnsignedInt(b.get()));
            case 0x2a -> new Attr(form, (long) Short.toUnsignedInt(b.getShort()));
            case 0x2b -> new Attr(form, (long) (Byte.toUnsignedInt(b.get()) | (Short.toUnsignedInt(b.getShort()) << 8)));
            case 0x2c -> new Attr(form, Integer.toUnsignedLong(b.getInt()));
            case 0x1c -> new Attr(form, Integer.toUnsignedLong(b.getInt()));
            case 0x1d -> new Attr(form, offset(b));
            case 0x1e -> { b.position(b.position() + 16); yield null; }
            case 0x20, 0x24 -> new Attr(form, b.getLong());
            case 0x21 -> new Attr(form, implicitConst);
            default -> throw new IllegalStateException("unknown DWARF form 0x" + Integer.toHexString(form));
        };
    }

    /** An address attribute's value: addr, or an index into .debug_addr (addrx forms). */
    long address(Attr a) {
        boolean indexed = a.form() == 0x1b || (a.form() >= 0x29 && a.form() <= 0x2c);
        return indexed ? addrx(a.asLong()) : a.asLong();
    }

    long addrx(long index) {
        if (s.addr() == null) return 0;
        long at = (addrBase >= 0 ? addrBase : 8) + index * addrSize;
        return addrSize == 8 ? s.addr().getLong((int) at) : Integer.toUnsignedLong(s.addr().getInt((int) at));
    }

    private long offset(ByteBuffer b) {
        return offSize == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    }

    private String strx(long index) {
        if (s.strOffsets() == null) return null;
        long at = (strOffsetsBase >= 0 ? strOffsetsBase : 8) + index * offSize;
        long off = offSize == 8 ? s.strOffsets().getLong((int) at) : Integer.toUnsignedLong(s.strOffsets().getInt((int) at));
        return DwarfReader.cstring(s.str(), off);
    }

    private static ByteBuffer block(ByteBuffer b, int n) {
        ByteBuffer v = b.slice(b.position(), n).order(b.order());
        b.position(b.position() + n);
        return v;
    }
}
