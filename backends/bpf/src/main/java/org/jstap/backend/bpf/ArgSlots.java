package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.TargetAccess;

/**
 * The kernel-function arguments the probes read, placed at load time: where a parameter sits (which register, which
 * stack slot) depends on the running kernel's prototype (do_mmap has 9 parameters on 6.18, 8 on 6.1), and the
 * object runs on every kernel. Pass 3 writes one {@code jst_args} entry per (function, parameter) into the object's
 * {@code .rodata.jst_args}, with pass 2's placement; the loader ({@code args_place} in jstapbpf.c) rewrites kind and
 * place from the running kernel's BTF by the SysV rules before {@code bpf_object__load}, and the verifier then sees
 * constants. Kinds: 1 register (place: 0..5 = di si dx cx r8 r9), 2 stack slot (place: bytes above the entry stack
 * pointer), 3 the address of a by-value struct held in one register, 4 of one on the stack, 0 nowhere.
 */
final class ArgSlots {
    static final String SECTION = ".rodata.jst_args";

    private record Key(String function, String module, String param) {}

    private record Entry(Key key, int index, int kind, long place) {}

    private final Map<Key, Integer> index = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    /** Whether {@code src} is a function parameter by its place (what this table decides at load). */
    static boolean placed(TargetAccess.Source src) {
        return src instanceof TargetAccess.Source.Arg || src instanceof TargetAccess.Source.StackArg
                || src instanceof TargetAccess.Source.ArgAddress;
    }

    boolean used() {
        return !entries.isEmpty();
    }

    /** The entry of argument {@code src} (an Arg, StackArg or ArgAddress) of kernel function {@code kf}. */
    int slot(IrSite.KernelFunction kf, TargetAccess.Source src) {
        int i;
        int kind;
        long place;
        if (src instanceof TargetAccess.Source.Arg a) {
            i = a.index();
            kind = 1;
            place = TargetAccess.ARG_REGISTERS.indexOf(a.register());
        } else if (src instanceof TargetAccess.Source.StackArg s) {
            i = s.index();
            kind = 2;
            place = s.offset();
        } else if (src instanceof TargetAccess.Source.ArgAddress aa) {
            i = aa.index();
            kind = aa.register() != null ? 3 : 4;
            place = aa.register() != null ? TargetAccess.ARG_REGISTERS.indexOf(aa.register()) : aa.offset();
        } else {
            throw new IllegalArgumentException(String.valueOf(src));
        }
        String name = i < kf.params().size() ? kf.params().get(i).name() : "";
        Key k = new Key(kf.function(), kf.module() == null ? "" : kf.module(), name);
        Integer have = index.get(k);
        if (have != null) return have;
        index.put(k, entries.size());
        entries.add(new Entry(k, i, kind, place));
        return entries.size() - 1;
    }

    /** The value of a scalar argument (kinds 1 and 2) of entry {@code k}; {@code stackRead} reads a u64t address. */
    static String value(int k, java.util.function.Function<String, String> stackRead) {
        return "({ int jk = jst_args[" + k + "].kind; s64t jw = jst_args[" + k + "].place; jk == 1 ? (s64t)jst_argreg(ctx, jw)"
                + " : jk == 2 ? " + stackRead.apply("(u64t)ctx->sp + (u64t)jw") + " : (s64t)0; })";
    }

    /** The address of a by-value struct argument (kinds 3 and 4) of entry {@code k}. */
    static String address(int k) {
        return "({ int jk = jst_args[" + k + "].kind; s64t jw = jst_args[" + k + "].place; jk == 3 ? (s64t)jst_argregaddr(ctx, jw)"
                + " : jk == 4 ? (s64t)((u64t)ctx->sp + (u64t)jw) : (s64t)0; })";
    }

    /** The table and its two readers (the layout is jstapbpf.c's struct jst_argloc). */
    String decls() {
        if (entries.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        b.append("struct jst_argloc { char fn[128]; char mod[64]; char param[64]; int index; int kind; long long place; };\n");
        b.append("const volatile struct jst_argloc jst_args[").append(entries.size()).append("] SEC(\"").append(SECTION)
                .append("\") = {\n");
        for (Entry e : entries) {
            b.append("\t{ ").append(cString(e.key().function())).append(", ").append(cString(e.key().module())).append(", ")
                    .append(cString(e.key().param())).append(", ").append(e.index()).append(", ").append(e.kind())
                    .append(", ").append(e.place()).append(" },\n");
        }
        b.append("};\n");
        // a register by a load-time number: the verifier wants each ctx load at a constant offset of ctx itself, so
        // all six are loaded and the asm barriers keep clang from merging them into one load at ctx + table[r]
        b.append("static __always_inline u64t jst_argreg(struct pt_regs *ctx, s64t r) {\n")
                .append("\tu64t di = ctx->di, si = ctx->si, dx = ctx->dx, cx = ctx->cx, r8 = ctx->r8, r9 = ctx->r9;\n")
                .append("\tasm volatile(\"\" : \"+r\"(di), \"+r\"(si), \"+r\"(dx), \"+r\"(cx), \"+r\"(r8), \"+r\"(r9));\n")
                .append("\treturn r == 0 ? di : r == 1 ? si : r == 2 ? dx : r == 3 ? cx : r == 4 ? r8 : r9;\n}\n");
        // a one-register struct is read from the probe's saved pt_regs (the kernel memory ctx points at)
        b.append("static __always_inline u64t jst_argregaddr(struct pt_regs *ctx, s64t r) {\n")
                .append("\tu64t base = (u64t)(void *)ctx;\n")
                .append("\tswitch (r) { case 0: return base + __builtin_offsetof(struct pt_regs, di);\n")
                .append("\tcase 1: return base + __builtin_offsetof(struct pt_regs, si);\n")
                .append("\tcase 2: return base + __builtin_offsetof(struct pt_regs, dx);\n")
                .append("\tcase 3: return base + __builtin_offsetof(struct pt_regs, cx);\n")
                .append("\tcase 4: return base + __builtin_offsetof(struct pt_regs, r8);\n")
                .append("\tdefault: return base + __builtin_offsetof(struct pt_regs, r9); }\n}\n");
        return b.toString();
    }

    private static String cString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }
}
