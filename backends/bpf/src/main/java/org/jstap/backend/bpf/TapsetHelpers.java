package org.jstap.backend.bpf;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.Near;

/**
 * The tapset's embedded-C helpers behind public functions, as BPF in a kernel probe ({@code jstap_tapset.h}):
 * {@code __jst_arg} (int_arg, long_arg, pointer_arg, s32_arg ... of arguments.stp), {@code __jst_buffer_quoted}
 * (kernel_buffer_quoted[_error], user_buffer_quoted[_error] of buffers.stp) and {@code __proc_mem_page_size}
 * (proc_mem_txt and proc_mem_string of proc_mem.stp), {@code __jst_utf_string} (the UTF-16/UTF-32 readers of utf.stp)
 * and guru-misc.stp's raise. Results and error texts are
 * kmod's.
 */
final class TapsetHelpers {
    /** name/arity of the library functions written here */
    private static final Set<String> FUNCTIONS = Set.of("__jst_arg/1", "__jst_buffer_quoted/4", "__proc_mem_page_size/0",
            "raise/1", "__jst_utf_string/4", "__task_hz/0",
            "__inet_hz/0", "registers_valid/0", "probing_32bit_app/0");

    /**
     * x86-64's PAGE_SIZE (PAGE_SHIFT 12 is fixed by the architecture, the only one the bpf backend writes
     * registers for); kmod compiles the same constant in.
     */
    static final long PAGE_SIZE = 4096;

    private final BpfCWriter w;
    private boolean used;
    private boolean hz;

    TapsetHelpers(BpfCWriter w) {
        this.w = w;
    }

    static boolean handles(IrFunction f) {
        return f.library() && FUNCTIONS.contains(f.name() + "/" + f.params().size());
    }

    /** Whether anything written so far needs jstap_tapset.h. */
    boolean used() {
        return used;
    }

    /** Something else written needs jstap_tapset.h (jst_read_mem). */
    void use() {
        used = true;
    }

    /**
     * File-scope declarations: HZ() (and task_more.stp's __task_hz, inet_sock.stp's __inet_hz) is the running kernel's HZ, which the object cannot know
     * (one object runs on every kernel): the loader writes it into {@code .rodata.jst_hz} before the load (hz_place
     * in jstapbpf.c: CONFIG_HZ from the kernel's config, else measured), so the verifier sees a constant.
     */
    String decls() {
        return hz ? "const volatile s64t jst_hz SEC(\".rodata.jst_hz\") = 0;\n" : "";
    }

    /** The running kernel's HZ (the HZ() builtin, __task_hz, __inet_hz), from {@link #decls}. */
    String hz() {
        hz = true;
        return "((s64t)jst_hz)";
    }

    /** A call of one of {@link #FUNCTIONS}. */
    String call(IrFunction f, IrExpr.CallFunction c) {
        List<IrExpr> a = c.args();
        return switch (f.name()) {
            case "__proc_mem_page_size" -> PAGE_SIZE + "LL";
            case "__task_hz", "__inet_hz" -> hz();
            // arguments.stp: whether the probe has registers (register() can read them), as kmod's CONTEXT->regs
            case "registers_valid" -> "((s64t)(" + w.probeRegs() + " != 0))";
            // kmod's user_mode(regs) && !user_64bit_mode(regs): user-mode registers whose code segment is not the
            // 64-bit one (__USER_CS); a compat task's are __USER32_CS. No registers (a tracepoint): 0
            case "probing_32bit_app" -> "({ struct pt_regs *pr = " + w.probeRegs() + "; u64t cs = 0; "
                    + "if (pr) bpf_probe_read_kernel(&cs, 8, (char *)pr + __builtin_offsetof(struct pt_regs, cs)); "
                    + "(s64t)(pr && (cs & 3) == 3 && (cs & 0xffff) != 0x33); })";
            case "__jst_arg" -> arg(c, a.get(0));
            case "__jst_buffer_quoted" -> bufferQuoted(c, a);
            case "__jst_utf_string" -> utfString(c, a);
            // guru-misc.stp: the signal to the current thread, as kmod's send_sig (0 or beyond the signals: none)
            case "raise" -> "({ s64t sg = " + w.expr(a.get(0)) + "; if (sg > 0 && sg <= 64) bpf_send_signal_thread((__u32)sg); 0LL; })";
            default -> throw new IllegalStateException(f.name());
        };
    }

    /** kmod's: no registers (a tracepoint) or an unreadable stack slot, and an argument number out of 1..64. */
    private String arg(IrExpr.CallFunction c, IrExpr n) {
        used = true;
        String near = Near.of(c);
        String none = w.fail(w.error("cannot access function args in this context", near), "0");
        String range = w.fail(w.error("cannot access arg(%d)", near), "an");
        return "({ s64t an = " + w.expr(n) + "; s64t av = 0; int ae = jst_arg(" + w.probeRegs() + ", an, &av); "
                + "if (ae == 1) " + range + "; if (ae) " + none + "; av; })";
    }

    /** A fault is kmod's error naming the space (the _error forms show it; the others catch it and show the address). */
    private String bufferQuoted(IrExpr.CallFunction c, List<IrExpr> a) {
        used = true;
        String near = Near.of(c);
        String kernel = w.fail(w.error("Unable to access kernel space data at 0x%x", near), "ad");
        String user = w.fail(w.error("Unable to access user space data at 0x%x", near), "ad");
        int k = w.slot(c.span());
        return "({ u64t ad = " + w.expr(a.get(0)) + "; s64t il = " + w.expr(a.get(1)) + ", ol = " + w.expr(a.get(2))
                + ", us = " + w.expr(a.get(3)) + "; struct jst_work *w = jst_work(); char *r = h->s[" + k + "]; r[0] = 0; "
                + "if (w && jst_g_bquote(w, ad, il, ol, us)) { if (us) " + user + "; else " + kernel + "; } "
                + "if (w) jst_strcpy(r, w->out); r; })";
    }

    /**
     * utf.stp's errors: a fault names the string's address, an invalid unit (a lone surrogate, a UTF-32 value
     * beyond U+10FFFF) names the unit and its own address, as stap 4.8 (two values: formatted here, then pending).
     */
    private String utfString(IrExpr.CallFunction c, List<IrExpr> a) {
        used = true;
        String near = Near.of(c);
        String kernel = w.fail(w.error("kernel string copy fault at 0x%x [man error::fault]", near), "ad");
        String user = w.fail(w.error("user string copy fault at 0x%x [man error::fault]", near), "ad");
        int k = w.slot(c.span());
        return "({ u64t ad = " + w.expr(a.get(0)) + "; s64t wd = " + w.expr(a.get(1)) + ", us = " + w.expr(a.get(2))
                + ", qt = " + w.expr(a.get(3)) + "; struct jst_work *w = jst_work(); char *r = h->s[" + k + "]; r[0] = 0; "
                + "int ue = w ? jst_g_utf(w, ad, wd, us, qt) : 0; "
                + "if (ue == -1) { if (us) " + user + "; else " + kernel + "; } "
                + "if (w && ue < -1) " + invalidUnit(near) + "; "
                + "if (w) jst_strcpy(r, w->out); r; })";
    }

    private String invalidUnit(String near) {
        int id = w.error("%s", near);
        return "({ __u64 fa[2] = { *(__u32 *)w->a, (__u64)w->v + w->i }; "
                + "if (ue == -2) bpf_snprintf(h->emsg, JST_MAXSTR, " + w.strConst("invalid UTF-16 character U+%llX at 0x%llx")
                + ", fa, 16); else bpf_snprintf(h->emsg, JST_MAXSTR, " + w.strConst("invalid UTF-32 character U+%llX at 0x%llx")
                + ", fa, 16); "
                + "jst_pend(h, JST_FAIL_MSG, " + id + ", 0); goto " + w.failTarget() + "; 0; })";
    }
}
