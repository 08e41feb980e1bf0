package org.jstap.translate;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.TargetAccess;

/**
 * A target-variable access plan to C: registers, tracepoint slots and @cast values as the start, then
 * non-faulting reads ({@code jst_kread_int}/{@code jst_uread_int}) for every dereference; a fault is the
 * script error the runtime raises, at the expression's "near" position.
 */
final class TargetLowering {
    static final Set<String> REGS = Set.of("ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "ip", "r8", "r9", "r10",
            "r11", "r12", "r13", "r14", "r15", "flags", "cs", "ss", "orig_ax");
    private final BodyTranslator b;
    private final ModuleGenerator mod;
    /** While a pretty-printed member is read: the C flag its faults set (see {@link #pretty}). */
    private String faultFlag;

    TargetLowering(BodyTranslator b, ModuleGenerator mod) {
        this.b = b;
        this.mod = mod;
    }

    CExpr lower(IrExpr.Target e) {
        if (e.access().source() instanceof TargetAccess.Source.ProcfsValue) {
            String s = b.frame.newStr();
            b.writer().line("jst_strcpy(" + s + ", jst_procfs_value(c));");
            return CExpr.temp(s);
        }
        return CExpr.temp(access(e, e.access(), null, false));
    }

    /**
     * Guru-mode {@code $var = v}: a register (argument or return value) is written in the probe's pt_regs; a
     * member is written through its address with {@code copy_to_kernel_nofault} (a fault is a script error).
     */
    CExpr store(IrExpr.Target e, CExpr value) {
        CWriter w = b.writer();
        TargetAccess a = e.access();
        CExpr stored = b.stable(value, IrType.LONG);
        String v = stored.code();
        List<TargetAccess.Step> steps = a.steps();
        if (steps.isEmpty()) {
            String field = a.source() instanceof TargetAccess.Source.Arg arg ? arg.register()
                    : a.source() instanceof TargetAccess.Source.Register r ? r.name()
                    : a.source() instanceof TargetAccess.Source.ReturnValue ? "ax" : null;
            if (field == null || !REGS.contains(field)) {
                mod.unsupported(e.span(), "assignment to " + e.text());
                return stored;
            }
            w.line("if (c->regs)");
            w.line("	((struct pt_regs *)c->regs)->" + field + " = (unsigned long)" + v + ";");
            return stored;
        }
        if (!(steps.get(steps.size() - 1) instanceof TargetAccess.Step.Deref last) || a.userSpace()) {
            mod.unsupported(e.span(), "assignment to " + e.text());
            return stored;
        }
        TargetAccess addr = new TargetAccess(a.source(), steps.subList(0, steps.size() - 1),
                new TargetAccess.Result.Address(), a.cType(), false);
        String p = access(e, addr, null, false);
        mod.helpers.add("kwrite");
        b.emitNear(e);
        w.line("jt_kwrite(c, (unsigned long)(" + p + " + " + BodyTranslator.longLit(last.offset()) + "), " + v + ", "
                + last.size() + ");");
        b.emitCheck();
        return stored;
    }

    private String regField(IrExpr e, String name) {
        if (!REGS.contains(name)) mod.unsupported(e.span(), "register '" + name + "'");
        return name;
    }

    private String reg(IrExpr e, String name) {
        if (!REGS.contains(name)) {
            mod.unsupported(e.span(), "register '" + name + "'");
            return "0LL";
        }
        return "JT_REG(" + name + ")";
    }

    /** An argument past the registers: its 8-byte slot above the entry stack pointer (a fault is a read error). */
    private String stackArg(IrExpr e, TargetAccess.Source.StackArg sa, boolean quiet) {
        CWriter w = b.writer();
        String t = b.frame.newLong();
        if (!quiet) b.emitNear(e);
        w.line(t + " = jst_kread_int(c, (unsigned long)JT_REG(sp) + " + sa.offset() + "UL, 8, 0);");
        fault(t, quiet, "0");
        return t;
    }

    /**
     * {@code quiet}: a fault yields 0 / "?" instead of an error (members of a pretty-printed struct), and sets
     * {@link #faultFlag} when there is one. The value is always a frame temporary the access just filled.
     */
    private String access(IrExpr e, TargetAccess a, String base, boolean quiet) {
        CWriter w = b.writer();
        TargetAccess.Source src = a.source();
        String start;
        if (src instanceof TargetAccess.Source.Arg arg) start = reg(e, arg.register());
        else if (src instanceof TargetAccess.Source.StackArg sa) start = stackArg(e, sa, quiet);
        else if (src instanceof TargetAccess.Source.ArgAddress aa) start = aa.register() != null
                ? "((int64_t)(c->regs ? (unsigned long)&((struct pt_regs *)c->regs)->" + regField(e, aa.register()) + " : 0UL))"
                : "((int64_t)((unsigned long)JT_REG(sp) + " + aa.offset() + "UL))";
        else if (src instanceof TargetAccess.Source.ReturnValue) start = "JT_RETVAL()";
        else if (src instanceof TargetAccess.Source.TracepointArg tp) start = "((int64_t)c->tp_args[" + tp.index() + "])";
        else if (src instanceof TargetAccess.Source.Register r) start = reg(e, r.name());
        else if (src instanceof TargetAccess.Source.Value v) start = b.eval(v.value());
        else start = base == null ? "0LL" : base;
        String t = b.frame.newLong();
        w.line(t + " = " + start + ";");
        String read = a.userSpace() ? "jst_uread_int" : "jst_kread_int";
        for (TargetAccess.Step st : a.steps()) {
            if (st instanceof TargetAccess.Step.Deref d) {
                    if (!quiet) b.emitNear(e);
                    w.line(t + " = " + read + "(c, (unsigned long)(" + t + " + " + BodyTranslator.longLit(d.offset())
                            + "), " + d.size() + ", " + (d.signed() ? 1 : 0) + ");");
                    fault(t, quiet, "0");
            } else if (st instanceof TargetAccess.Step.Offset o) {
                w.line(t + " += " + BodyTranslator.longLit(o.offset()) + ";");
            } else if (st instanceof TargetAccess.Step.Index ix) {
                    String i = b.eval(ix.index());
                    w.line(t + " += (int64_t)((uint64_t)" + i + " * " + ix.elementSize() + "ULL);");
            } else if (st instanceof TargetAccess.Step.Bitfield bf) {
                    int left = 64 - bf.bitOffset() - bf.bitSize();
                    if (bf.signed()) {
                        w.line(t + " = (int64_t)((uint64_t)" + t + " << " + left + ") >> " + (64 - bf.bitSize()) + ";");
                    } else {
                        w.line(t + " = (int64_t)(((uint64_t)" + t + " >> " + bf.bitOffset() + ") & "
                                + (bf.bitSize() >= 64 ? "~0ULL" : "((1ULL << " + bf.bitSize() + ") - 1)") + ");");
                    }
            }
        }
        TargetAccess.Result res = a.result();
        {
            if (res instanceof TargetAccess.Result.Int i) {
                if (i.bytes() < 8) {
                    String ct = (i.signed() ? "int" : "uint") + (i.bytes() * 8) + "_t";
                    if (i.bytes() == 1 || i.bytes() == 2 || i.bytes() == 4) w.line(t + " = (int64_t)(" + ct + ")" + t + ";");
                }
                return t;
            }
            if (res instanceof TargetAccess.Result.Address) {
                return t;
            }
            if (res instanceof TargetAccess.Result.CString s) {
                String str = b.frame.newStr();
                if (!quiet) b.emitNear(e);
                w.line((a.userSpace() ? "jst_uread_string" : "jst_kread_string") + "(c, " + str + ", (unsigned long)" + t + ");");
                if (quiet) {
                    w.line("if (unlikely(c->last_error)) {");
                    w.line("\tc->last_error = NULL;");
                    w.line(faultFlag != null ? "\t" + faultFlag + " = 1;" : "\tjst_strcpy(" + str + ", \"?\");");
                    w.line("}");
                } else {
                    b.emitCheck();
                }
                if (s.maxLength() > 0) {
                    mod.helpers.add("strtrunc");
                    w.line("jt_strtrunc(" + str + ", " + s.maxLength() + ");");
                }
                return str;
            }
            if (res instanceof TargetAccess.Result.Pretty p) {
                return pretty(e, p, t);
            }
        }
        return t;
    }

    /**
     * {@code $var$} of a struct: the string is built member by member into one string temporary. Each member is
     * read quietly with its own fault flag, then its label and value are appended, or its label and {@code ?}
     * when a read of that member faulted (stap's {@code {.a=1, .b=?}}); a quoted char array member prints a bare
     * {@code ?}. Temporaries of a member are given back once it is appended.
     */
    private String pretty(IrExpr e, TargetAccess.Result.Pretty p, String base) {
        CWriter w = b.writer();
        String out = b.frame.newStr();
        w.line(out + "[0] = '\\0';");
        List<Format.Segment> segs = p.format().segments();
        StringBuilder text = new StringBuilder();   // literal text before the next member, %-escaped
        boolean dropQuote = false;
        int k = 0;
        for (int j = 0; j < segs.size(); j++) {
            Format.Segment s = segs.get(j);
            if (s instanceof Format.Text tx) {
                String lit = tx.text();
                if (dropQuote && lit.startsWith("\"")) lit = lit.substring(1);
                dropQuote = false;
                text.append(lit.replace("%", "%%"));
                continue;
            }
            if (!(s instanceof Format.Conv cv) || k >= p.members().size()) continue;
            TargetAccess m = p.members().get(k++);
            boolean str = m.result() instanceof TargetAccess.Result.CString
                    || m.result() instanceof TargetAccess.Result.Pretty;
            String conv = cv.spec();
            if (str && text.length() > 0 && text.charAt(text.length() - 1) == '"' && j + 1 < segs.size()
                    && segs.get(j + 1) instanceof Format.Text next && next.text().startsWith("\"")) {
                text.setLength(text.length() - 1);
                conv = "\"" + conv + "\"";
                dropQuote = true;
            }
            int[] mark = b.frame.mark();
            String flag = b.frame.newLong();
            w.line(flag + " = 0;");
            String outer = faultFlag;
            faultFlag = flag;
            String v = access(e, m, base, true);
            faultFlag = outer;
            w.line("if (" + flag + ")");
            w.line("\tjst_pretty_append(c, " + out + ", " + CNames.str(text + "?") + ");");
            w.line("else");
            w.line("\tjst_pretty_append(c, " + out + ", " + CNames.str(text + conv) + ", "
                    + (str ? "(const char *)" : "(int64_t)") + v + ");");
            b.frame.release(mark);
            text.setLength(0);
        }
        if (text.length() > 0) w.line("jst_pretty_append(c, " + out + ", " + CNames.str(text.toString()) + ");");
        return out;
    }

    private void fault(String t, boolean quiet, String fallback) {
        if (quiet) {
            CWriter w = b.writer();
            w.line("if (unlikely(c->last_error)) {");
            w.line("\tc->last_error = NULL;");
            w.line("\t" + t + " = " + fallback + ";");
            if (faultFlag != null) w.line("\t" + faultFlag + " = 1;");
            w.line("}");
        } else {
            b.emitCheck();
        }
    }
}
