package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user-space unwind table from an x86-64 ELF file's {@code .eh_frame}, flattened at compile time so the module
 * needs no DWARF interpreter (as the kernel's ORC does for itself): for each address range, how to find the CFA
 * (rsp or rbp plus an offset) and where the caller's rbp was saved. The return address is at CFA - 8 (the
 * x86-64 ABI); a range whose CFA or return address needs a DWARF expression, or whose return address is
 * undefined (the outermost frame, {@code _start}), is a row with {@code cfaReg = -1}: the walk ends there.
 */
public final class EhFrameRows {
    /** From {@code pc} (a virtual address) up to the next row's: CFA = reg(cfaReg: 7 rsp, 6 rbp) + cfaOff;
     *  the caller's rbp at CFA + rbpOff (0: rbp is unchanged). */
    public record Row(long pc, int cfaReg, int cfaOff, int rbpOff) {}

    private static final int RSP = 7, RBP = 6, RA = 16;

    private EhFrameRows() {}

    public static List<Row> read(Path file) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) return List.of();
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff, shnum = b.getShort(60) & 0xffff, shstrndx = b.getShort(62) & 0xffff;
        if (shoff == 0 || shstrndx >= shnum) return List.of();
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            String name = ElfImage.cstring(b, (int) (strOff + b.getInt(sh)), StandardCharsets.UTF_8);
            if (name.equals(".eh_frame") && b.getInt(sh + 4) == 1) {
                return new EhFrameRows.Parser(b, b.getLong(sh + 24), b.getLong(sh + 16), b.getLong(sh + 32)).rows();
            }
        }
        return List.of();
    }

    /** The CFA rule and the rules this table keeps (rbp, return address) at one point of a CFI program. */
    private record State(int cfaReg, long cfaOff, boolean cfaValid, Long rbp, boolean raOk) {
        Row row(long pc) {
            boolean ok = cfaValid && raOk && (cfaReg == RSP || cfaReg == RBP) && cfaOff == (int) cfaOff
                    && (rbp == null || rbp == (int) (long) rbp);
            return ok ? new Row(pc, cfaReg, (int) cfaOff, rbp == null ? 0 : (int) (long) rbp) : new Row(pc, -1, 0, 0);
        }
    }

    private static final class Cie {
        long codeAlign, dataAlign;
        int fdeEnc = 0;
        boolean aug;
        State initial;
    }

    private static final class Parser {
        private final ByteBuffer b;
        private final long secOff, secAddr, secSize;
        private int p;
        private final Map<Long, Cie> cies = new HashMap<>();
        private final List<Row> rows = new ArrayList<>();

        Parser(ByteBuffer b, long secOff, long secAddr, long secSize) {
            this.b = b;
            this.secOff = secOff;
            this.secAddr = secAddr;
            this.secSize = secSize;
        }

        List<Row> rows() {
            long end = secOff + secSize;
            long at = secOff;
            while (at + 4 <= end) {
                long len = b.getInt((int) at) & 0xffffffffL;
                if (len == 0) break;
                if (len == 0xffffffffL) break; // 64-bit DWARF: not in x86-64 .eh_frame
                long body = at + 4, next = body + len;
                if (next > end) break;
                long id = b.getInt((int) body) & 0xffffffffL;
                try {
                    if (id == 0) cies.put(at, cie(body + 4, next));
                    else fde(body + 4, next, cies.get(body - id));
                } catch (RuntimeException e) {
                    // a malformed entry: skip it
                }
                at = next;
            }
            rows.sort(Comparator.comparingLong(Row::pc));
            return List.copyOf(rows);
        }

        private Cie cie(long start, long end) {
            p = (int) start;
            Cie c = new Cie();
            int version = b.get(p++) & 0xff;
            String aug = ElfImage.cstring(b, p, StandardCharsets.UTF_8);
            p += aug.length() + 1;
            c.codeAlign = uleb();
            c.dataAlign = sleb();
            if (version == 1) p++; else uleb(); // return address register
            c.aug = aug.startsWith("z");
            if (c.aug) {
                long augLen = uleb();
                int augEnd = (int) (p + augLen);
                for (int i = 1; i < aug.length(); i++) {
                    char ch = aug.charAt(i);
                    if (ch == 'R') c.fdeEnc = b.get(p++) & 0xff;
                    else if (ch == 'P') { int enc = b.get(p++) & 0xff; pointer(enc); }
                    else if (ch == 'L') p++;
                }
                p = augEnd;
            }
            State s = new State(RSP, 8, true, null, true);
            c.initial = run(s, null, (int) end, c, 0, null);
            return c;
        }

        private void fde(long start, long end, Cie c) {
            if (c == null) return;
            p = (int) start;
            long pcBegin = pointer(c.fdeEnc);
            long pcRange = pointer(c.fdeEnc & 0x0f);
            if (c.aug) p += (int) uleb();
            List<Row> out = new ArrayList<>();
            run(c.initial, c.initial, (int) end, c, pcBegin, out);
            rows.addAll(out);
            rows.add(new Row(pcBegin + pcRange, -1, 0, 0));
        }

        /** Runs CFI instructions from p to end; with out != null, records a row per location. */
        private State run(State s, State initial, int end, Cie c, long loc, List<Row> out) {
            Deque<State> stack = new ArrayDeque<>();
            while (p < end) {
                int op = b.get(p++) & 0xff;
                int hi = op & 0xc0, lo = op & 0x3f;
                long adv = -1;
                if (hi == 0x40) adv = lo * c.codeAlign;
                else if (hi == 0x80) s = setReg(s, lo, uleb() * c.dataAlign);
                else if (hi == 0xc0) s = restore(s, initial, lo);
                else switch (op) {
                    case 0x00 -> { }
                    case 0x01 -> { long nl = pointer(c.fdeEnc); adv = nl - loc; }
                    case 0x02 -> adv = (b.get(p++) & 0xff) * c.codeAlign;
                    case 0x03 -> { adv = (b.getShort(p) & 0xffff) * c.codeAlign; p += 2; }
                    case 0x04 -> { adv = (b.getInt(p) & 0xffffffffL) * c.codeAlign; p += 4; }
                    case 0x05 -> { int r = (int) uleb(); s = setReg(s, r, uleb() * c.dataAlign); }
                    case 0x06 -> s = restore(s, initial, (int) uleb());
                    case 0x07 -> s = undefined(s, (int) uleb());
                    case 0x08 -> s = sameValue(s, (int) uleb());
                    case 0x09 -> { int r = (int) uleb(); uleb(); s = undefined(s, r); }
                    case 0x0a -> stack.push(s);
                    case 0x0b -> { if (!stack.isEmpty()) s = stack.pop(); }
                    case 0x0c -> { int r = (int) uleb(); long o = uleb(); s = new State(r, o, true, s.rbp, s.raOk); }
                    case 0x0d -> s = new State((int) uleb(), s.cfaOff, s.cfaValid, s.rbp, s.raOk);
                    case 0x0e -> s = new State(s.cfaReg, uleb(), s.cfaValid, s.rbp, s.raOk);
                    case 0x0f -> { p += (int) uleb(); s = new State(s.cfaReg, s.cfaOff, false, s.rbp, s.raOk); }
                    case 0x10, 0x16 -> { int r = (int) uleb(); p += (int) uleb(); s = undefined(s, r); }
                    case 0x11 -> { int r = (int) uleb(); s = setReg(s, r, sleb() * c.dataAlign); }
                    case 0x12 -> { int r = (int) uleb(); long o = sleb() * c.dataAlign; s = new State(r, o, true, s.rbp, s.raOk); }
                    case 0x13 -> s = new State(s.cfaReg, sleb() * c.dataAlign, s.cfaValid, s.rbp, s.raOk);
                    case 0x14 -> { int r = (int) uleb(); uleb(); s = undefined(s, r); }
                    case 0x15 -> { int r = (int) uleb(); sleb(); s = undefined(s, r); }
                    case 0x2e -> uleb();
                    case 0x2f -> { int r = (int) uleb(); s = setReg(s, r, -uleb() * c.dataAlign); }
                    default -> { return s; } // unknown opcode: stop interpreting this entry
                }
                if (adv >= 0 && out != null) {
                    record(out, loc, s);
                    loc += adv;
                }
            }
            if (out != null) record(out, loc, s);
            return s;
        }

        private static void record(List<Row> out, long loc, State s) {
            Row r = s.row(loc);
            if (!out.isEmpty() && out.get(out.size() - 1).pc() == loc) out.set(out.size() - 1, r);
            else out.add(r);
        }

        private static State setReg(State s, int reg, long off) {
            if (reg == RBP) return new State(s.cfaReg, s.cfaOff, s.cfaValid, off, s.raOk);
            if (reg == RA) return new State(s.cfaReg, s.cfaOff, s.cfaValid, s.rbp, off == -8);
            return s;
        }

        private static State undefined(State s, int reg) {
            if (reg == RBP) return new State(s.cfaReg, s.cfaOff, s.cfaValid, null, s.raOk); // best effort
            if (reg == RA) return new State(s.cfaReg, s.cfaOff, s.cfaValid, s.rbp, false);
            return s;
        }

        private static State sameValue(State s, int reg) {
            if (reg == RBP) return new State(s.cfaReg, s.cfaOff, s.cfaValid, null, s.raOk);
            return s;
        }

        private static State restore(State s, State initial, int reg) {
            if (initial == null) return s;
            if (reg == RBP) return new State(s.cfaReg, s.cfaOff, s.cfaValid, initial.rbp, s.raOk);
            if (reg == RA) return new State(s.cfaReg, s.cfaOff, s.cfaValid, s.rbp, initial.raOk);
            return s;
        }

        /** An encoded pointer (DW_EH_PE_*) at p; pcrel is relative to the field's own address. */
        private long pointer(int enc) {
            if (enc == 0xff) return 0;
            long fieldAddr = secAddr + (p - secOff);
            long v = switch (enc & 0x0f) {
                case 0x00 -> { long x = b.getLong(p); p += 8; yield x; }
                case 0x01 -> uleb();
                case 0x02 -> { long x = b.getShort(p) & 0xffff; p += 2; yield x; }
                case 0x03 -> { long x = b.getInt(p) & 0xffffffffL; p += 4; yield x; }
                case 0x04, 0x0c -> { long x = b.getLong(p); p += 8; yield x; }
                case 0x09 -> sleb();
                case 0x0a -> { long x = b.getShort(p); p += 2; yield x; }
                case 0x0b -> { long x = b.getInt(p); p += 4; yield x; }
                default -> throw new IllegalStateException("pointer encoding " + enc);
            };
            if ((enc & 0x70) == 0x10) v += fieldAddr;
            return v;
        }

        private long uleb() {
            long r = 0;
            int shift = 0;
            while (true) {
                int x = b.get(p++) & 0xff;
                r |= (long) (x & 0x7f) << shift;
                shift += 7;
                if ((x & 0x80) == 0) return r;
            }
        }

        private long sleb() {
            long r = 0;
            int shift = 0, x;
            do {
                x = b.get(p++) & 0xff;
                r |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while ((x & 0x80) != 0);
            if (shift < 64 && (x & 0x40) != 0) r |= -1L << shift;
            return r;
        }
    }
}
