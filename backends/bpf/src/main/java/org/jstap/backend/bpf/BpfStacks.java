package org.jstap.backend.bpf;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.Near;

/**
 * The tapset's kernel stack and symbol functions (embedded C for kmod: context-symbols.stp, registers.stp's
 * addr()) as BPF: the stack captured once per hit with {@code bpf_get_stack} and symbolised in the probe against
 * the running kernel's kallsyms, which the loader puts in a map ({@code jstap_stacks.h}). Strings come out as
 * kmod's runtime prints them (jst_syms.c); its errors with its texts. Script functions over these (caller(),
 * print_syms(), ...) are the tapset's own.
 */
final class BpfStacks {
    /** name/arity of the library functions written here */
    private static final Set<String> FUNCTIONS = Set.of("backtrace/0", "print_backtrace/0", "sprint_backtrace/0", "stack/1",
            "callers/1", "caller_addr/0", "symname/1", "symdata/1", "modname/1", "probemod/0", "sprint_stack/1",
            "print_stack/1", "addr/0", "stack_size/0", "stack_used/0", "stack_unused/0");

    /** x86-64's THREAD_SIZE (PAGE_SIZE << 2; KASAN kernels, which double it, do not run BPF tracing in practice) */
    private static final long THREAD_SIZE = 16384;

    private final BpfCWriter w;
    private boolean used;

    BpfStacks(BpfCWriter w) {
        this.w = w;
    }

    static boolean handles(IrFunction f) {
        return f.library() && FUNCTIONS.contains(f.name() + "/" + f.params().size());
    }

    /** The user stacks (BpfUStacks) share this scratch: the program includes jstap_stacks.h. */
    void use() {
        used = true;
    }

    /** Whether anything written so far uses the stack scratch (the program then includes jstap_stacks.h). */
    boolean used() {
        return used;
    }

    /**
     * What a kernel probe does at its entry once the program uses stacks: nothing captured yet, and its context
     * (a kprobe's probed address is the attach cookie the loader sets from kallsyms; x86's regs->ip is one past
     * the int3, the fallback without it).
     */
    String entry(IrSite site, String ctxKind) {
        if (!used) return "";
        String kind, paddr = "0", ip = "0";
        if (site instanceof IrSite.KernelFunction kf && kf.isReturn() || site instanceof IrSite.Kprobe kp && kp.isReturn()) {
            kind = "JST_STK_KRETPROBE";
            paddr = "bpf_get_attach_cookie(ctx)";
            ip = "ctx->ip";
        } else if (site instanceof IrSite.KernelFunction || site instanceof IrSite.Kprobe) {
            kind = "JST_STK_KPROBE";
            paddr = "({ u64t ck = bpf_get_attach_cookie(ctx); ck ? ck : (u64t)ctx->ip - 1; })";
            ip = "ctx->ip";
        } else if (site instanceof IrSite.Process) {
            kind = "JST_STK_UPROBE";
            ip = "ctx->ip";
        } else if (ctxKind.equals("perf")) {
            kind = "JST_STK_REGS";
            ip = "ctx->regs.ip";
        } else {
            kind = "JST_STK_NONE";
        }
        return "\tjst_stk_enter(" + kind + ", " + paddr + ", " + ip + ");\n";
    }

    /** A call of one of {@link #FUNCTIONS}. */
    String call(IrFunction f, IrExpr.CallFunction c) {
        used = true;
        List<IrExpr> a = c.args();
        return switch (f.name()) {
            case "backtrace" -> join("JST_JOIN_BACKTRACE", "0", c);
            case "sprint_backtrace" -> join("JST_JOIN_SYMS", "0", c);
            case "callers" -> "({ s64t cn = " + w.expr(a.get(0)) + "; " + join("JST_JOIN_CALLERS", "cn", c) + "; })";
            case "print_backtrace" -> "({ if (jst_kstack(ctx)) jst_kstack_print(); 0LL; })";
            case "stack" -> stack(c);
            case "caller_addr" -> "({ struct jst_stk *st = jst_kstack(ctx); st && st->kn > 1 ? (s64t)st->kpc[1] : 0LL; })";
            case "symname" -> symbol(a.get(0), "JST_SYM_NAME", c);
            case "symdata" -> symbol(a.get(0), "JST_SYM_DATA", c);
            case "modname" -> module(w.expr(a.get(0)), c);
            // the probed point's module: only kprobes have one (kmod: probe_addr; tracepoints and uprobes fail)
            case "probemod" -> module("({ struct jst_stk *st = jst_stk(); st && (st->kind == JST_STK_KPROBE"
                    + " || st->kind == JST_STK_KRETPROBE) ? st->paddr : 0; })", c);
            case "addr" -> "({ struct jst_stk *st = jst_stk(); (s64t)(!st ? 0 : st->kind == JST_STK_KPROBE ? st->paddr : st->ip); })";
            case "sprint_stack", "print_stack" -> parse(a.get(0), f.name().startsWith("print"), c);
            case "stack_size" -> THREAD_SIZE + "LL";
            case "stack_used" -> "(s64t)(" + THREAD_SIZE + " - " + stackOffset() + ")";
            case "stack_unused" -> "(s64t)" + stackOffset();
            default -> throw new IllegalStateException(f.name());
        };
    }

    /**
     * Where this program's stack frame is in the kernel stack (BPF runs on it): a local's address modulo
     * THREAD_SIZE, as kmod's current_stack_pointer. The address is made a number through the scratch (root's
     * programs may store pointers; the verifier forbids arithmetic on them).
     */
    private static String stackOffset() {
        return "({ struct jst_stk *st = jst_stk(); char spm = 0; u64t sp = 0; if (st) { *(char * volatile *)&st->spw = &spm; "
                + "sp = *(volatile u64t *)&st->spw; } (u64t)(sp & " + (THREAD_SIZE - 1) + "); })";
    }

    private String join(String what, String upto, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        return "({ char *r = h->s[" + k + "]; r[0] = 0; struct jst_stk *st = jst_kstack(ctx); if (st) { jst_kstack_join("
                + what + ", " + upto + "); jst_strcpy(r, st->line); } (char *)r; })";
    }

    private String stack(IrExpr.CallFunction c) {
        int err = w.error("%s", Near.of(c));
        String fail = "{ __u64 fa[1] = {(__u64)sn}; bpf_snprintf(h->emsg, JST_MAXSTR, "
                + w.strConst("reached end of stack before unwinding to level %lld") + ", fa, 8); jst_pend(h, JST_FAIL_MSG, "
                + err + ", 0); goto " + w.failTarget() + "; }";
        return "({ s64t sn = " + w.expr(c.args().get(0)) + "; struct jst_stk *st = jst_kstack(ctx); "
                + "if (!st || sn < 0 || sn >= st->kn || sn >= JST_KSTACK_CAP) " + fail + " "
                + "__u32 si = (__u32)sn; asm volatile(\"\" : \"+r\"(si)); si < JST_KSTACK_CAP ? (s64t)st->kpc[si] : 0LL; })";
    }

    private String symbol(IrExpr addr, String mode, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        return "({ u64t sa = " + w.expr(addr) + "; char *r = h->s[" + k + "]; r[0] = 0; jst_ksym_fmt(sa, " + mode
                + "); struct jst_stk *st = jst_stk(); if (st) jst_strcpy(r, st->tmp); (char *)r; })";
    }

    /** modname(a)/probemod(): the module of an address, "kernel" for the kernel; kmod's error where none holds it */
    private String module(String addr, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        int err = w.error("Cannot determine kernel module name", Near.of(c));
        return "({ u64t sa = " + addr + "; char *r = h->s[" + k + "]; r[0] = 0; if (jst_ksym_fmt(sa, JST_SYM_MOD) < 0) "
                + w.fail(err, "0") + "; struct jst_stk *st = jst_stk(); if (st) jst_strcpy(r, st->tmp); (char *)r; })";
    }

    private String parse(IrExpr stk, boolean print, IrExpr.CallFunction c) {
        int k = print ? -1 : w.slot(c.span());
        String head = "({ const char *ps = " + w.expr(stk) + "; struct jst_stk *st = jst_stk(); ";
        if (print) return head + "if (st) { jst_strcpy(st->in, ps); jst_kstack_parse(1); } 0LL; })";
        return head + "char *r = h->s[" + k + "]; r[0] = 0; if (st) { jst_strcpy(st->in, ps); jst_kstack_parse(0); "
                + "jst_strcpy(r, st->line); } (char *)r; })";
    }
}
