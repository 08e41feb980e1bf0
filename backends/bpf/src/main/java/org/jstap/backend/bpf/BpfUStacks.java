package org.jstap.backend.bpf;

import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.Near;

/**
 * The tapset's user-space stack and symbol functions (embedded C for kmod: ucontext.stp over jst_usyms.c) as BPF
 * ({@code jstap_ustacks.h}): the stack walked in the probe from the task's user registers with the CFA rows pass 2
 * flattened from each named file's {@code .eh_frame} (else frame pointers), and symbolised there from the ELF
 * symbols pass 2 read; both tables are in the program's read-only data (pass 2's bpf form, an embed of the IR).
 * The strings and error texts are kmod's. Shares jstap_stacks.h's scratch strings and text record.
 */
final class BpfUStacks {
    /** name/arity of the library functions written here */
    private static final Set<String> FUNCTIONS = Set.of("ubacktrace/0", "print_ubacktrace/0", "print_ubacktrace/3",
            "print_ubacktrace_brief/0", "sprint_ubacktrace/0", "ustack/1", "ucallers/1", "usymname/1", "usymdata/1",
            "umodname/1", "umodaddr/1", "umodbuildid/1", "sprint_ustack/1", "print_ustack/1");
    /** how the tables' embed begins (UserSymbolTables.emitBpf) */
    private static final String TABLES = "/* ---- user-space symbol tables (pass 2, bpf form";
    /** no table: what the header needs (one element each, none counted) */
    private static final String NO_TABLES = """
            #define JST_NUFILES 0
            #define JST_NUSEGS 0
            #define JST_NUSYMS 0
            #define JST_NUCFI 0
            #define JST_USTR_BYTES 1
            static const struct jst_ubfile jst_ubfiles[1];
            static const struct jst_ubseg jst_ubsegs[1];
            static const struct jst_ubsym jst_ubsyms[1];
            static const struct jst_ubcfi jst_ubcfis[1] = {{0, 0, -1, 0}};
            static const char jst_ustr[1];
            """;

    private final BpfCWriter w;
    private final BpfStacks stacks;
    private boolean used;

    BpfUStacks(BpfCWriter w, BpfStacks stacks) {
        this.w = w;
        this.stacks = stacks;
    }

    static boolean handles(IrFunction f) {
        return f.library() && FUNCTIONS.contains(f.name() + "/" + f.params().size());
    }

    boolean used() {
        return used;
    }

    /** At a probe's entry once the program uses user stacks: none walked yet. */
    String entry() {
        return used ? "\tjst_ustk_enter();\n" : "";
    }

    /** What the program includes after jstap_stacks.h: the tables, then the functions over them. */
    String header(IrProgram ir) {
        String tables = ir.embeds().stream().filter(e -> e.startsWith(TABLES)).findFirst().orElse(NO_TABLES);
        return tables + "#include \"" + BpfFiles.USTACKS_HEADER + "\"\n";
    }

    /** A call of one of {@link #FUNCTIONS}. */
    String call(IrFunction f, IrExpr.CallFunction c) {
        used = true;
        stacks.use();
        List<IrExpr> a = c.args();
        return switch (f.name()) {
            case "ubacktrace" -> join("JST_JOIN_BACKTRACE", "0", c);
            case "sprint_ubacktrace" -> join("JST_JOIN_SYMS", "0", c);
            case "ucallers" -> "({ s64t cn = " + w.expr(a.get(0)) + "; " + join("JST_JOIN_CALLERS", "cn", c) + "; })";
            case "print_ubacktrace" -> a.isEmpty() ? "({ if (jst_ustack()) jst_ustack_print(0); 0LL; })"
                    // a stack from other registers: walked here, the hit's own is walked again when used
                    : "({ u64t pc = " + w.expr(a.get(0)) + ", sp = " + w.expr(a.get(1)) + ", fp = " + w.expr(a.get(2)) + "; "
                    + "jst_uwalk(pc, sp, fp, JST_MAXBACKTRACE); jst_ustack_print(0); struct jst_ustk *u = jst_ustk(); "
                    + "if (u) u->un = -1; 0LL; })";
            case "print_ubacktrace_brief" -> "({ if (jst_ustack()) jst_ustack_print(1); 0LL; })";
            case "ustack" -> ustack(c);
            case "usymname" -> symbol(a.get(0), "JST_USYM_NAME", c);
            case "usymdata" -> symbol(a.get(0), "JST_USYM_DATA", c);
            case "umodname" -> failing(a.get(0), "JST_USYM_MOD", "module cannot be found", c);
            case "umodbuildid" -> buildId(a.get(0), c);
            case "umodaddr" -> {
                int err = w.error("module cannot be found", Near.of(c));
                yield "({ u64t ma = " + w.expr(a.get(0)) + "; u64t mb = jst_umodbase(ma); if (!mb) " + w.fail(err, "0")
                        + "; (s64t)(ma - mb); })";
            }
            case "sprint_ustack", "print_ustack" -> parse(a.get(0), f.name().startsWith("print"), c);
            default -> throw new IllegalStateException(f.name());
        };
    }

    private String join(String what, String upto, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        return "({ char *r = h->s[" + k + "]; r[0] = 0; struct jst_stk *st = jst_stk(); if (st && jst_ustack()) { jst_ustack_join("
                + what + ", " + upto + "); st = jst_stk(); if (st) jst_strcpy(r, st->line); } (char *)r; })";
    }

    private String ustack(IrExpr.CallFunction c) {
        int err = w.error("%s", Near.of(c));
        String fail = "{ __u64 fa[1] = {(__u64)sn}; bpf_snprintf(h->emsg, JST_MAXSTR, "
                + w.strConst("reached end of stack before unwinding to level %lld") + ", fa, 8); jst_pend(h, JST_FAIL_MSG, "
                + err + ", 0); goto " + w.failTarget() + "; }";
        return "({ s64t sn = " + w.expr(c.args().get(0)) + "; struct jst_ustk *u = jst_ustack(); "
                + "if (!u || sn < 0 || sn >= u->un || sn >= JST_UCAP) " + fail + " "
                + "__u32 si = (__u32)sn; asm volatile(\"\" : \"+r\"(si)); si < JST_UCAP ? (s64t)u->upc[si] : 0LL; })";
    }

    private String symbol(IrExpr addr, String mode, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        return "({ u64t sa = " + w.expr(addr) + "; char *r = h->s[" + k + "]; r[0] = 0; jst_usym_fmt(sa, " + mode
                + "); struct jst_stk *st = jst_stk(); if (st) jst_strcpy(r, st->tmp); (char *)r; })";
    }

    /** umodname(a): kmod's error where no mapped file holds a */
    private String failing(IrExpr addr, String mode, String message, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        int err = w.error(message, Near.of(c));
        return "({ u64t sa = " + w.expr(addr) + "; char *r = h->s[" + k + "]; r[0] = 0; if (jst_usym_fmt(sa, " + mode + ") < 0) "
                + w.fail(err, "0") + "; struct jst_stk *st = jst_stk(); if (st) jst_strcpy(r, st->tmp); (char *)r; })";
    }

    /** umodbuildid(a): "umodbuildid 0x... unknown" where the file has no table or no build id */
    private String buildId(IrExpr addr, IrExpr.CallFunction c) {
        int k = w.slot(c.span());
        int err = w.error("%s", Near.of(c));
        String fail = "{ __u64 fa[1] = {sa}; bpf_snprintf(h->emsg, JST_MAXSTR, " + w.strConst("umodbuildid 0x%llx unknown")
                + ", fa, 8); jst_pend(h, JST_FAIL_MSG, " + err + ", 0); goto " + w.failTarget() + "; }";
        return "({ u64t sa = " + w.expr(addr) + "; char *r = h->s[" + k + "]; r[0] = 0; if (jst_usym_fmt(sa, JST_USYM_BUILDID) < 0) "
                + fail + " struct jst_stk *st = jst_stk(); if (st) jst_strcpy(r, st->tmp); (char *)r; })";
    }

    private String parse(IrExpr stk, boolean print, IrExpr.CallFunction c) {
        int k = print ? -1 : w.slot(c.span());
        String head = "({ const char *ps = " + w.expr(stk) + "; struct jst_stk *st = jst_stk(); ";
        if (print) return head + "if (st) { jst_strcpy(st->in, ps); jst_ustack_parse(1); } 0LL; })";
        return head + "char *r = h->s[" + k + "]; r[0] = 0; if (st) { jst_strcpy(st->in, ps); jst_ustack_parse(0); "
                + "st = jst_stk(); if (st) jst_strcpy(r, st->line); } (char *)r; })";
    }
}
