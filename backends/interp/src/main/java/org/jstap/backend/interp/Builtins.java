package org.jstap.backend.interp;

import java.time.Instant;
import java.util.List;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.Near;
import org.jstap.backend.interp.Nodes.LNode;
import org.jstap.backend.interp.Nodes.SNode;

/**
 * The {@link org.jstap.api.ir.Builtin}s in Java. String functions follow runtime-c's jst_string.c; context functions
 * describe the process that runs the probes, which here is the interpreter itself (see README: "Context").
 */
final class Builtins {
    private final ExprCompiler ec;

    Builtins(ExprCompiler ec) {
        this.ec = ec;
    }

    private LNode l(List<IrExpr> a, int i) { return ec.L(a.get(i)); }

    private SNode s(List<IrExpr> a, int i) { return ec.S(a.get(i)); }

    Code compile(IrExpr.CallBuiltin e) {
        List<IrExpr> a = e.args();
        String near = Near.of(e);
        Session ss = ec.ss;
        return switch (e.builtin()) {
            case EXECNAME -> { String v = ProcessContext.execname(); yield Code.s(f -> v); }
            case PID -> { long v = ProcessContext.pid(); yield Code.l(f -> v); }
            case TID -> Code.l(f -> ProcessContext.tid());
            case PPID -> { long v = ProcessContext.ppid(); yield Code.l(f -> v); }
            case UID -> { long v = ProcessContext.id("Uid:", 0); yield Code.l(f -> v); }
            case EUID -> { long v = ProcessContext.id("Uid:", 1); yield Code.l(f -> v); }
            case GID -> { long v = ProcessContext.id("Gid:", 0); yield Code.l(f -> v); }
            case EGID -> { long v = ProcessContext.id("Gid:", 1); yield Code.l(f -> v); }
            case CPU -> Code.l(f -> ProcessContext.cpu());
            case PP -> Code.s(f -> Strs.fromJava(f.h.probe.point()));
            case PN -> Code.s(f -> Strs.fromJava(f.h.probe.pn()));
            case PROBE_TYPE -> Code.s(f -> Strs.fromJava(org.jstap.api.ir.ProbeType.of(f.h.probe.site())));
            case PPFUNC, PROBEFUNC -> Code.s(f -> Strs.fromJava(f.h.probe.function() == null ? "" : f.h.probe.function()));
            case TARGET -> { long v = ss.targetPid; yield Code.l(f -> v); }
            case IS_RETURN -> Code.l(f -> 0);
            case REGISTER -> { SNode r = s(a, 0); yield Code.l(f -> { r.s(f); return 0; }); }
            // interp runs begin/end/timer probes only: none has registers, stap's fault there (as kmod's)
            case KREGISTER_N, UREGISTER_N -> Code.l(f -> { throw f.h.error(org.jstap.api.ir.Builtin.REGISTER_FAULT, near); });
            case GETTIMEOFDAY_NS -> Code.l(f -> {
                Instant t = Instant.now();
                return t.getEpochSecond() * 1_000_000_000L + t.getNano();
            });
            case JIFFIES -> { long hz = ss.limits.hz(); yield Code.l(f -> System.nanoTime() / (1_000_000_000L / hz)); }
            case LOCAL_CLOCK_NS -> Code.l(f -> System.nanoTime());
            // no memory in-process: every address faults, with stap's wording per reader
            case KERNEL_STRING, KERNEL_STRING_N -> fault(e, "kernel string copy fault at 0x%x [man error::fault]", near, a);
            case KERNEL_LONG -> fault(e, "kernel long copy fault at 0x%x [man error::fault]", near, a);
            case KERNEL_INT -> fault(e, "kernel int copy fault at 0x%x [man error::fault]", near, a);
            case KERNEL_SHORT -> fault(e, "kernel short copy fault at 0x%x [man error::fault]", near, a);
            case KERNEL_CHAR -> fault(e, "kernel char copy fault at 0x%x [man error::fault]", near, a);
            case USER_STRING, USER_STRING_N -> fault(e, "user string copy fault -14 at 0x%x [man error::fault]", near, a);
            case USER_LONG, USER_INT -> { LNode addr = l(a, 0); yield Code.l(f -> { addr.l(f); return 0; }); }
            case READ_MEM -> fault(e, "read fault [man error::fault] at 0x%x", near, a);
            case EXIT -> Code.v(f -> f.h.session.exit());
            case ERROR -> { SNode m = s(a, 0); yield Code.v(f -> { throw f.h.error(m.s(f), near); }); }
            case WARN -> { SNode m = s(a, 0); yield Code.v(f -> f.h.session.warn(m.s(f))); }
            case LOG -> { SNode m = s(a, 0); yield Code.v(f -> {
                f.h.out.append(m.s(f)).append('\n');
                f.h.session.write(f.h.out);
            }); }
            case STRLEN -> { SNode x = s(a, 0); yield Code.l(f -> x.s(f).length()); }
            case SUBSTR -> { SNode x = s(a, 0); LNode st = l(a, 1), ln = l(a, 2);
                yield Code.s(f -> substr(x.s(f), st.l(f), ln.l(f))); }
            case ISINSTR -> { SNode x = s(a, 0), y = s(a, 1); yield Code.l(f -> x.s(f).contains(y.s(f)) ? 1 : 0); }
            case STRTOL -> { SNode x = s(a, 0); LNode b = l(a, 1); yield Code.l(f -> strtol(x.s(f), b.l(f))); }
            case STR_REPLACE -> { SNode x = s(a, 0), from = s(a, 1), to = s(a, 2);
                yield Code.s(f -> replace(x.s(f), from.s(f), to.s(f), ec.maxStr)); }
            case TEXT_STR -> { SNode x = s(a, 0); yield Code.s(f -> textStr(x.s(f), ec.maxStr)); }
            case TOKENIZE -> { SNode x = s(a, 0), d = s(a, 1); yield Code.s(f -> tokenize(f.h.session, x.s(f), d.s(f))); }
            case STRINGAT -> { SNode x = s(a, 0); LNode i = l(a, 1); yield Code.l(f -> {
                String str = x.s(f);
                long k = i.l(f);
                if (k < 0 || k >= str.length()) {
                    throw f.h.error("Position out of bounds", near); // stap's wording
                }
                return str.charAt((int) k);
            }); }
            case MATCHED -> { LNode i = l(a, 0); yield Code.s(f -> {
                // stap's errors: an index outside the last regex's groups (or no =~ yet), then a failed match
                String[] g = f.h.session.matched;
                long k = i.l(f);
                if (k < 0 || k >= g.length) throw f.h.error("Attempted to get nonexistent subexpression " + k, near);
                if (f.h.session.matchFailed) {
                    throw f.h.error("Attempted to get subexpression " + k + " from failed match", near);
                }
                return g[(int) k];
            }); }
            case RANDINT -> { LNode n = l(a, 0); yield Code.l(f -> {
                long k = n.l(f);
                return k <= 0 ? 0 : Math.floorMod(f.h.session.random.nextLong(), k);
            }); }
            default -> byName(e);
        };
    }

    /** Builtins added to the enum after this backend was written, by script name. */
    private Code byName(IrExpr.CallBuiltin e) {
        return switch (e.builtin().scriptName) {
            case "get_cycles" -> Code.l(f -> System.nanoTime());
            // no task_struct in-process: a null task, which the tapset's task_* helpers treat as "none"
            case "task_current" -> Code.l(f -> 0);
            case "HZ" -> { long hz = ec.ss.limits.hz(); yield Code.l(f -> hz); }
            case "ktime_get_ns" -> Code.l(f -> System.nanoTime());
            // the zone when the run started, as stap's loader reports it (seconds west of UTC)
            case "tz_gmtoff" -> { long v = -TimeZoneAtStart.OFFSET_EAST; yield Code.l(f -> v); }
            case "tz_name" -> { String v = TimeZoneAtStart.NAME; yield Code.s(f -> v); }
            // abort(): exit() and leave the handler at once, through functions and try/catch (like `next`)
            case "abort" -> Code.v(f -> {
                f.h.session.exit();
                throw NextSignal.INSTANCE;
            });
            case "__jst_system" -> { SNode cmd = s(e.args(), 0); yield Code.v(f -> {
                String c = cmd.s(f);
                if (f.h.commands == null) f.h.commands = new java.util.ArrayList<>();
                f.h.commands.add(c);
            }); }
            // switch_file(): this hit's output so far first, in order (as kmod's record on the loader's stream)
            case "__jst_switch_file" -> Code.v(f -> {
                f.h.session.write(f.h.out);
                f.h.session.switchFile();
            });
            case "stp_pid" -> { long v = ProcessContext.pid(); yield Code.l(f -> v); }
            case "fp_add" -> fp2(e, Fp64::add);
            case "fp_sub" -> fp2(e, Fp64::sub);
            case "fp_mul" -> fp2(e, Fp64::mul);
            case "fp_div" -> fp2(e, Fp64::div);
            case "fp_rem" -> fp2(e, Fp64::rem);
            case "fp_sqrt" -> { LNode x = l(e.args(), 0); yield Code.l(f -> Fp64.sqrt(x.l(f))); }
            case "long_to_fp" -> { LNode x = l(e.args(), 0); yield Code.l(f -> Fp64.fromLong(x.l(f))); }
            case "fp_to_long" -> { LNode x = l(e.args(), 0), m = l(e.args(), 1), ex = l(e.args(), 2);
                yield Code.l(f -> { long v = x.l(f), mode = m.l(f); ex.l(f); return Fp64.toLong(v, mode); }); }
            default -> throw new Unsupported(e.span(), "builtin " + e.builtin().scriptName);
        };
    }

    private Code fp2(IrExpr.CallBuiltin e, java.util.function.LongBinaryOperator op) {
        LNode x = l(e.args(), 0), y = l(e.args(), 1);
        return Code.l(f -> { long a = x.l(f); return op.applyAsLong(a, y.l(f)); });
    }

    /** Memory reads: there is no kernel or user memory to read in-process, so every address faults. */
    private Code fault(IrExpr.CallBuiltin e, String what, String near, List<IrExpr> a) {
        LNode addr = l(a, 0);
        if (e.type() == org.jstap.api.ir.IrType.STRING) {
            return Code.s(f -> { throw f.h.error(String.format(what, addr.l(f)), near); });
        }
        return Code.l(f -> { throw f.h.error(String.format(what, addr.l(f)), near); });
    }

    static String substr(String s, long start, long len) {
        int n = s.length();
        if (start < 0 || start >= n || len <= 0) return "";
        if (len > n - start) len = n - start;
        return s.substring((int) start, (int) (start + len));
    }

    private static int digit(char ch) {
        if (ch >= '0' && ch <= '9') return ch - '0';
        if (ch >= 'a' && ch <= 'z') return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'Z') return ch - 'A' + 10;
        return 99;
    }

    static long strtol(String s, long base) {
        int i = 0, n = s.length();
        while (i < n && " \t\n\r\f\u000b".indexOf(s.charAt(i)) >= 0) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        if ((base == 0 || base == 16) && i + 2 < n + 0 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && digit(s.charAt(i + 2)) < 16) {
            i += 2;
            base = 16;
        } else if (base == 0) {
            base = i < n && s.charAt(i) == '0' ? 8 : 10;
        }
        if (base < 2 || base > 36) return 0;
        long v = 0;
        int d;
        while (i < n && (d = digit(s.charAt(i))) < base) {
            v = v * base + d;
            i++;
        }
        return neg ? -v : v;
    }

    static String replace(String s, String from, String to, int maxStr) {
        if (from.isEmpty()) return s.length() >= maxStr ? s.substring(0, maxStr - 1) : s;
        StringBuilder o = new StringBuilder();
        int i = 0, lim = maxStr - 1;
        while (i < s.length() && o.length() < lim) {
            if (s.startsWith(from, i)) {
                int k = Math.min(to.length(), lim - o.length());
                o.append(to, 0, k);
                i += from.length();
            } else {
                o.append(s.charAt(i++));
            }
        }
        return o.toString();
    }

    private static String escape(char ch) {
        return switch (ch) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case 0x0b -> "\\v";
            case '\f' -> "\\f";
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> ch < 32 || ch >= 127
                    ? "\\" + (char) ('0' + ((ch >> 6) & 7)) + (char) ('0' + ((ch >> 3) & 7)) + (char) ('0' + (ch & 7))
                    : String.valueOf(ch);
        };
    }

    /** {@code text_str}: C escapes, cut (never mid-escape) to MAXSTRINGLEN. */
    static String textStr(String s, int maxStr) {
        StringBuilder o = new StringBuilder();
        int room = maxStr - 1;
        for (int i = 0; i < s.length(); i++) {
            String e = escape(s.charAt(i));
            if (o.length() + e.length() > room) break;
            o.append(e);
        }
        return o.toString();
    }

    static String tokenize(Session ss, String input, String delim) {
        Session.Tokenizer t = ss.tokenizer;
        if (!input.isEmpty()) {
            t.buf = input;
            t.pos = 0;
            t.active = true;
        }
        if (!t.active) return "";
        String b = t.buf;
        while (t.pos < b.length() && delim.indexOf(b.charAt(t.pos)) >= 0) t.pos++;
        int start = t.pos;
        while (t.pos < b.length() && delim.indexOf(b.charAt(t.pos)) < 0) t.pos++;
        if (t.pos == start) {
            t.active = false;
            return "";
        }
        String tok = b.substring(start, t.pos);
        if (t.pos < b.length()) t.pos++;
        return tok;
    }
}
