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
 * (proc_mem_txt and proc_mem_string of proc_mem.stp), and guru-misc.stp's raise. Results and error texts are
 * kmod's.
 */
final class TapsetHelpers {
    /** name/arity of the library functions written here */
    private static final Set<String> FUNCTIONS = Set.of("__jst_arg/1", "__jst_buffer_quoted/4", "__proc_mem_page_size/0",
            "raise/1");

    /**
     * x86-64's PAGE_SIZE (PAGE_SHIFT 12 is fixed by the architecture, the only one the bpf backend writes
     * registers for); kmod compiles the same constant in.
     */
    static final long PAGE_SIZE = 4096;

    private final BpfCWriter w;
    private boolean used;

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

    /** A call of one of {@link #FUNCTIONS}. */
    String call(IrFunction f, IrExpr.CallFunction c) {
        List<IrExpr> a = c.args();
        return switch (f.name()) {
            case "__proc_mem_page_size" -> PAGE_SIZE + "LL";
            case "__jst_arg" -> arg(c, a.get(0));
            case "__jst_buffer_quoted" -> bufferQuoted(c, a);
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
}
