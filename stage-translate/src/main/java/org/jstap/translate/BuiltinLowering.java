package org.jstap.translate;

import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrType;

/** Builtin calls to C over the runtime and the kernel's own helpers. */
final class BuiltinLowering {
    private final BodyTranslator b;
    private final ModuleGenerator mod;

    BuiltinLowering(BodyTranslator b, ModuleGenerator mod) {
        this.b = b;
        this.mod = mod;
    }

    CExpr lower(IrExpr.CallBuiltin e) {
        List<String> a = b.evalAll(e.args());
        CWriter w = b.writer();
        switch (e.builtin()) {
            case EXECNAME: {
                String s = b.frame.newStr();
                w.line("jst_strcpy(" + s + ", current->comm);");
                return CExpr.temp(s);
            }
            case PID: return CExpr.expr("((int64_t)current->tgid)");
            case TID: return CExpr.expr("((int64_t)current->pid)");
            // the task_struct address the task_* tapset functions take (@cast(..., "struct task_struct"))
            case TASK_CURRENT: return CExpr.expr("((int64_t)(unsigned long)current)");
            case PPID: mod.helpers.add("ppid"); return CExpr.expr("jt_ppid()");
            case UID: mod.helpers.add("cred"); return CExpr.expr("((int64_t)from_kuid_munged(current_user_ns(), current_uid()))");
            case GID: mod.helpers.add("cred"); return CExpr.expr("((int64_t)from_kgid_munged(current_user_ns(), current_gid()))");
            case EUID: mod.helpers.add("cred"); return CExpr.expr("((int64_t)from_kuid_munged(current_user_ns(), current_euid()))");
            case EGID: mod.helpers.add("cred"); return CExpr.expr("((int64_t)from_kgid_munged(current_user_ns(), current_egid()))");
            case CPU: return CExpr.expr("((int64_t)c->cpu)");
            case PP: return CExpr.expr("c->probe->pp");
            case PPFUNC: mod.helpers.add("ppfunc"); return CExpr.expr("jt_ppfunc[c->probe->index]");
            case PN: mod.helpers.add("pn"); return CExpr.expr("jt_pn[c->probe->index]");
            case PROBE_TYPE: mod.helpers.add("probe_type"); return CExpr.expr("jt_probe_type[c->probe->index]");
            case PROBEFUNC: {
                // the runtime names the interrupted kernel function where the point has none (timer.profile)
                mod.helpers.add("ppfunc");
                return CExpr.expr("jst_probefunc(c, jt_ppfunc[c->probe->index], " + b.frame.newStr() + ")");
            }
            case TARGET: return CExpr.expr("((int64_t)jst_target())");
            case IS_RETURN: mod.helpers.add("is_return"); return CExpr.expr("((int64_t)jt_is_return[c->probe->index])");
            case REGISTER: {
                mod.helpers.add("register");
                String t = b.frame.newLong();
                b.emitNear(e);
                w.line(t + " = jt_register(c, " + a.get(0) + ");");
                b.emitCheck();
                return CExpr.temp(t);
            }
            case KERNEL_ADDRESS: {
                // the symbol's running address was looked up when the module loaded (KASLR)
                int k = mod.kernelSymbol(((IrExpr.StrConst) e.args().get(0)).value());
                return CExpr.expr("((int64_t)(jt_ksyms[" + k + "] + (unsigned long)(" + a.get(1) + ")))");
            }
            case KREGISTER_N:
            case UREGISTER_N: {
                mod.helpers.add("dwarf_register");
                String t = b.frame.newLong();
                b.emitNear(e);
                w.line(t + " = jt_dwarf_register(c, " + (e.builtin() == org.jstap.api.ir.Builtin.UREGISTER_N ? 1 : 0) + ", " + a.get(0) + ");");
                b.emitCheck();
                return CExpr.temp(t);
            }
            case GETTIMEOFDAY_NS: return CExpr.expr("((int64_t)ktime_get_real_ns())");
            case JIFFIES: return CExpr.expr("((int64_t)get_jiffies_64())");
            case GET_CYCLES: return CExpr.expr("((int64_t)get_cycles())");
            case LOCAL_CLOCK_NS: mod.helpers.add("clock"); return CExpr.expr("((int64_t)local_clock())");
            case KERNEL_STRING:
            case USER_STRING:
            case KERNEL_STRING_N:
            case USER_STRING_N: {
                boolean user = e.builtin().scriptName.startsWith("user");
                String s = b.frame.newStr();
                b.emitNear(e);
                w.line((user ? "jst_uread_string" : "jst_kread_string") + "(c, " + s + ", (unsigned long)" + a.get(0) + ");");
                b.emitCheck();
                if (a.size() > 1) {
                    mod.helpers.add("strtrunc");
                    w.line("jt_strtrunc(" + s + ", " + a.get(1) + ");");
                }
                return CExpr.temp(s);
            }
            // stap's wording per reader; user_long/user_int answer 0 on a fault (their _error forms raise it)
            case KERNEL_LONG: return read(e, a, 8, "0, \"kernel long\"");
            case KERNEL_INT: return read(e, a, 4, "0, \"kernel int\"");
            case KERNEL_SHORT: return read(e, a, 2, "0, \"kernel short\"");
            case KERNEL_CHAR: return read(e, a, 1, "0, \"kernel char\"");
            case USER_LONG: return CExpr.expr("jst_read_mem(NULL, (unsigned long)" + a.get(0) + ", 8, 1, 1, NULL)");
            case USER_INT: return CExpr.expr("jst_read_mem(NULL, (unsigned long)" + a.get(0) + ", 4, 1, 1, NULL)");
            case READ_MEM: {
                String t = b.frame.newLong();
                b.emitNear(e);
                w.line(t + " = jst_read_mem(c, (unsigned long)" + a.get(0) + ", (int)" + a.get(1) + ", " + a.get(2)
                        + " != 0, " + a.get(3) + " != 0, NULL);");
                b.emitCheck();
                return CExpr.temp(t);
            }
            case EXIT:
                w.line("jst_exit(c);");
                return CExpr.ofLong(0);
            case ABORT:
                // exit(), then unwind like `next` from a function: not catchable, not an error, cleared by the
                // probe handler's epilogue (jt_helpers.c "next")
                w.line("jst_exit(c);");
                b.nextMayArrive = true;
                w.line("jt_next(c);");
                w.line("goto " + b.errLabel() + ";");
                return CExpr.ofLong(0);
            case SYSTEM:
                // a request to the loader on its own stream, after what this hit printed so far
                mod.helpers.add("system");
                w.line("jt_system(c, " + a.get(0) + ");");
                return CExpr.ofLong(0);
            case SWITCH_FILE:
                // in order with the output: what this hit printed so far stays in the current file
                mod.helpers.add("switch_file");
                w.line("jt_switch_file(c);");
                return CExpr.ofLong(0);
            case ERROR:
                b.emitNear(e);
                w.line("jst_error(c, \"%s\", " + a.get(0) + ");");
                w.line("goto " + b.errLabel() + ";");
                return CExpr.ofLong(0);
            case WARN:
                w.line("jst_warn(c, " + a.get(0) + ");");
                return CExpr.ofLong(0);
            case LOG:
                w.line("jst_print_str(c, " + a.get(0) + ");");
                w.line("jst_print_char(c, '\\n');");
                w.line("jst_out_flush(c);");
                return CExpr.ofLong(0);
            case STRLEN: return CExpr.expr("jst_strlen(" + a.get(0) + ")");
            case SUBSTR: {
                String s = b.frame.newStr();
                w.line("jst_substr(" + s + ", " + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ");");
                return CExpr.temp(s);
            }
            case ISINSTR: return CExpr.expr("((int64_t)jst_isinstr(" + a.get(0) + ", " + a.get(1) + "))");
            case STRTOL: return CExpr.expr("jst_strtol(" + a.get(0) + ", " + a.get(1) + ")");
            case STR_REPLACE: {
                String s = b.frame.newStr();
                w.line("jst_str_replace(" + s + ", " + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ");");
                return CExpr.temp(s);
            }
            case TEXT_STR: {
                String s = b.frame.newStr();
                w.line("jst_text_str(" + s + ", " + a.get(0) + ");");
                return CExpr.temp(s);
            }
            case TOKENIZE: {
                String s = b.frame.newStr();
                w.line("jst_tokenize(" + s + ", &c->tok, " + a.get(0) + ", " + a.get(1) + ");");
                return CExpr.temp(s);
            }
            case STRINGAT: {
                String t = b.frame.newLong();
                b.emitNear(e);
                w.line(t + " = jst_stringat(c, " + a.get(0) + ", " + a.get(1) + ");");
                b.emitCheck();
                return CExpr.temp(t);
            }
            case MATCHED: {
                // group n of this CPU context's last =~ (runtime-c jst_regex.c; every =~ records when matched() is used)
                // stap's errors: an index outside the last regex's groups (or no =~ yet), then a failed match
                String s = b.frame.newStr();
                String n = b.frame.newLong();
                String rc = b.frame.newLong();
                w.line(n + " = " + a.get(0) + ";");
                w.line(rc + " = jst_re_matched(" + s + ", &c->re, " + n + ");");
                b.emitNear(e);
                w.line("if (" + rc + " == JST_RE_NOSUB)");
                w.line("\tjst_error(c, \"Attempted to get nonexistent subexpression %lld\", (long long)" + n + ");");
                w.line("else if (" + rc + " == JST_RE_FAILED)");
                w.line("\tjst_error(c, \"Attempted to get subexpression %lld from failed match\", (long long)" + n + ");");
                b.emitCheck();
                return CExpr.temp(s);
            }
            case RANDINT: mod.helpers.add("randint"); return CExpr.expr("jt_randint(" + a.get(0) + ")");
            case HZ: return CExpr.expr("((int64_t)HZ)");
            case KTIME_GET_NS: return CExpr.expr("((int64_t)ktime_get_ns())");
            // the zone the loader reported with "start" (runtime-c jst_control.c)
            case TZ_GMTOFF: return CExpr.expr("((int64_t)jst_session.tz_gmtoff)");
            case TZ_NAME: return CExpr.expr("jst_session.tz_name");
            case STP_PID: return CExpr.expr("((int64_t)jst_session.stp_pid)");
            // IEEE-754 on bit patterns: runtime-c's soft-float (no FPU in probe context)
            case FP_ADD: return CExpr.expr("((int64_t)jst_fp_add((uint64_t)" + a.get(0) + ", (uint64_t)" + a.get(1) + "))");
            case FP_SUB: return CExpr.expr("((int64_t)jst_fp_sub((uint64_t)" + a.get(0) + ", (uint64_t)" + a.get(1) + "))");
            case FP_MUL: return CExpr.expr("((int64_t)jst_fp_mul((uint64_t)" + a.get(0) + ", (uint64_t)" + a.get(1) + "))");
            case FP_DIV: return CExpr.expr("((int64_t)jst_fp_div((uint64_t)" + a.get(0) + ", (uint64_t)" + a.get(1) + "))");
            case FP_REM: return CExpr.expr("((int64_t)jst_fp_rem((uint64_t)" + a.get(0) + ", (uint64_t)" + a.get(1) + "))");
            case FP_SQRT: return CExpr.expr("((int64_t)jst_fp_sqrt((uint64_t)" + a.get(0) + "))");
            case LONG_TO_FP: return CExpr.expr("((int64_t)jst_fp_from_long(" + a.get(0) + "))");
            case FP_TO_LONG: {
                String t = b.frame.newLong();
                w.line(t + " = jst_fp_to_long((uint64_t)" + a.get(0) + ", " + a.get(1) + ");");
                w.line("(void)(" + a.get(2) + ");");
                return CExpr.temp(t);
            }
            case PERF_READ: {
                // @perf("NAME"): its counter's row in the perf table (probe order, as the table is written)
                String name = e.args().get(0) instanceof IrExpr.StrConst k ? k.value() : null;
                int idx = mod.perfCounterIndex(name);
                if (idx < 0) {
                    mod.unsupported(e.span(), "@perf(\"" + name + "\"): no such counter");
                    return CExpr.ofLong(0);
                }
                return CExpr.expr("jst_perf_counter_read(" + idx + ")");
            }
            default:
                mod.unsupported(e.span(), "builtin " + e.builtin().scriptName);
                return e.type() == IrType.STRING ? CExpr.ofString("") : CExpr.ofLong(0);
        }
    }

    /** A signed read of size bytes; {@code spaceAndWhat} is "USER, WHAT" of jst_read_mem (WHAT names it in the error). */
    private CExpr read(IrExpr e, List<String> a, int size, String spaceAndWhat) {
        String t = b.frame.newLong();
        b.emitNear(e);
        b.writer().line(t + " = jst_read_mem(c, (unsigned long)" + a.get(0) + ", " + size + ", 1, " + spaceAndWhat + ");");
        b.emitCheck();
        return CExpr.temp(t);
    }
}
