package org.jstap.elaborate.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.ir.TargetAccess.Result;
import org.jstap.api.ir.TargetAccess.Source;
import org.jstap.api.ir.TargetAccess.Step;

/**
 * One argument of a static marker, as the assembler spelt it in the note ({@code [-]SIZE@OPERAND}, GNU as AT&T
 * syntax; a negative size is a signed value, no size an 8-byte one), turned into an access plan over the user
 * registers at the marker: {@code %eax} (a register, or the low bytes of one), {@code $5} (a constant),
 * {@code -16(%rbp)}, {@code 8(%rax,%rbx,4)} (memory, read from user space) and {@code sym(%rip)} / {@code sym+8}
 * (a variable of the file: reached from the probe's instruction pointer, which is the marker's address when the
 * uprobe fires, so it also holds in a position-independent file wherever it is loaded).
 */
public final class SdtArgument {
    private SdtArgument() {}

    /** A register operand: its {@code pt_regs} field, its width in bytes and its bit offset there ({@code %ah}: 8). */
    private record Reg(String field, int bytes, int shift) {}

    private static final Map<String, Reg> REGS = registers();

    private static Map<String, Reg> registers() {
        Map<String, Reg> m = new java.util.HashMap<>();
        String[][] legacy = {{"ax", "a"}, {"bx", "b"}, {"cx", "c"}, {"dx", "d"}};
        for (String[] r : legacy) {
            m.put("r" + r[0], new Reg(r[0], 8, 0));
            m.put("e" + r[0], new Reg(r[0], 4, 0));
            m.put(r[0], new Reg(r[0], 2, 0));
            m.put(r[1] + "l", new Reg(r[0], 1, 0));
            m.put(r[1] + "h", new Reg(r[0], 1, 8));
        }
        for (String r : new String[] {"si", "di", "bp", "sp"}) {
            m.put("r" + r, new Reg(r, 8, 0));
            m.put("e" + r, new Reg(r, 4, 0));
            m.put(r, new Reg(r, 2, 0));
            m.put(r + "l", new Reg(r, 1, 0));
        }
        for (int i = 8; i <= 15; i++) {
            String r = "r" + i;
            m.put(r, new Reg(r, 8, 0));
            m.put(r + "d", new Reg(r, 4, 0));
            m.put(r + "w", new Reg(r, 2, 0));
            m.put(r + "b", new Reg(r, 1, 0));
            m.put(r + "l", new Reg(r, 1, 0));
        }
        m.put("rip", new Reg("ip", 8, 0));
        return Map.copyOf(m);
    }

    private static final Pattern SIZED = Pattern.compile("(-?)(1|2|4|8)@(.+)");
    private static final Pattern MEMORY = Pattern.compile("([^(]*)\\((%[a-z0-9]+)?(?:,(%[a-z0-9]+)(?:,([1248]))?)?\\)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(0x[0-9a-fA-F]+|[0-9]+)");
    private static final Pattern SYMBOL = Pattern.compile("([A-Za-z_.$][A-Za-z0-9_.$@]*)([-+](?:0x[0-9a-fA-F]+|[0-9]+))?");

    /** Why an operand has no plan; the message names it. */
    public static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The plan of {@code text} at a marker at address {@code pc}; {@code symbols} gives a symbol's address (null
     * when the file has none of that name). {@code span} locates the index register read of an indexed operand.
     */
    public static TargetAccess parse(String text, long pc, Function<String, Long> symbols, Span span) throws Unsupported {
        int size = 8;
        boolean signed = false;
        String op = text;
        Matcher sm = SIZED.matcher(text);
        if (sm.matches()) {
            size = Integer.parseInt(sm.group(2));
            signed = !sm.group(1).isEmpty();
            op = sm.group(3);
        } else if (text.matches("-?[0-9]+@.*")) {
            throw new Unsupported("argument '" + text + "' has a size other than 1, 2, 4 or 8 bytes");
        }
        Result res = new Result.Int(size, signed);
        String cType = (signed ? "int" : "uint") + (size * 8) + "_t";
        if (op.startsWith("$")) {
            String n = op.substring(1);
            if (!NUMBER.matcher(n).matches()) throw new Unsupported("constant argument '" + text + "' is not a number");
            return new TargetAccess(new Source.Value(new IrExpr.IntConst(span, number(n))), List.of(), res, cType, true);
        }
        if (op.startsWith("%")) {
            Reg r = reg(op, text);
            if (!sm.matches()) {
                size = r.bytes();
                res = new Result.Int(size, false);
                cType = "uint" + (size * 8) + "_t";
            }
            List<Step> steps = r.shift() == 0 ? List.of() : List.of(new Step.Bitfield(r.shift(), 8, signed));
            return new TargetAccess(new Source.Register(r.field()), steps, res, cType, true);
        }
        Matcher mm = MEMORY.matcher(op);
        String disp;
        Reg base = null, index = null;
        int scale = 1;
        if (mm.matches()) {
            disp = mm.group(1);
            if (mm.group(2) != null) base = reg(mm.group(2), text);
            if (mm.group(3) != null) index = reg(mm.group(3), text);
            if (mm.group(4) != null) scale = Integer.parseInt(mm.group(4));
        } else {
            disp = op; // an absolute address or a symbol
        }
        List<Step> steps = new ArrayList<>();
        Source src;
        long offset;
        if (disp.isEmpty() || NUMBER.matcher(disp).matches()) {
            offset = disp.isEmpty() ? 0 : number(disp);
            if (base == null && index == null) {
                throw new Unsupported("argument '" + text + "' reads an absolute address, which moves with the load address");
            }
            src = base == null ? new Source.Value(new IrExpr.IntConst(span, 0)) : new Source.Register(base.field());
        } else {
            Matcher ym = SYMBOL.matcher(disp);
            if (!ym.matches()) throw new Unsupported("argument '" + text + "' has an operand jstap cannot read");
            Long at = symbols.apply(ym.group(1));
            if (at == null) throw new Unsupported("argument '" + text + "' names symbol '" + ym.group(1) + "', which the file does not define");
            long add = ym.group(2) == null ? 0 : number(ym.group(2));
            if (base != null && !base.field().equals("ip") || index != null) {
                throw new Unsupported("argument '" + text + "' adds a symbol to a register, which jstap cannot read");
            }
            // the variable's address relative to the marker, whose address the instruction pointer holds at the hit
            src = new Source.Register("ip");
            offset = at + add - pc;
        }
        if (index != null) {
            TargetAccess ix = new TargetAccess(new Source.Register(index.field()), List.of(), new Result.Int(8, false), "long", true);
            steps.add(new Step.Index(new IrExpr.Target(span, IrType.LONG, index.field(), ix), scale));
        }
        steps.add(new Step.Deref(offset, size, signed));
        return new TargetAccess(src, steps, res, cType, true);
    }

    private static Reg reg(String op, String text) throws Unsupported {
        Reg r = REGS.get(op.substring(1));
        if (r == null) throw new Unsupported("argument '" + text + "' uses register '" + op + "', which jstap cannot read");
        return r;
    }

    private static long number(String s) {
        boolean neg = s.startsWith("-");
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        return neg ? -v : v;
    }
}
