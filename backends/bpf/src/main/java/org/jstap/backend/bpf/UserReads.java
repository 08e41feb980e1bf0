package org.jstap.backend.bpf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrFunction;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.TargetAccess;
import org.jstap.irtools.CallGraph;
import org.jstap.irtools.IrEdit;
import org.jstap.irtools.IrRewriter;
import org.jstap.irtools.IrScanner;

/**
 * Kernel memory for the bodies bpf runs in user space (begin, end, error, timer: interp's engine): pass 3 adds
 * {@code jstap_uread.h}'s reader program (the loader runs it per read, {@link LoaderMemory}) where the user part
 * reads kernel memory, and a {@code jst_ureloc} program answering the running kernel's offsets of the kernel
 * members its target variables name ({@link Reloc}: CO-RE in the one place it works, a BPF program libbpf loads);
 * pass 5 rewrites the user part's steps with those answers before the engine compiles it ({@link #relocate}).
 */
final class UserReads {
    private UserReads() {}

    /** One number jst_ureloc answers: {@code what} (a BPF_FIELD_* / BPF_TYPE_* kind) of a member or type, as C. */
    record Reloc(String what, String c) {}

    /** A member the running kernel lacks, at the target variable that names it. */
    static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Span span;

        Missing(Span span, String message) {
            super(message, null, false, false);
            this.span = span;
        }
    }

    /** The user-space probes and the functions they reach (what interp's engine runs). */
    static IrProgram userPart(IrProgram ir) {
        List<IrProbe> user = new ArrayList<>();
        for (IrProbe p : ir.probes()) if (BpfCWriter.userSide(p.site())) user.add(p);
        // only the functions the user-space probes reach: one only a kernel probe calls may use what the user-space
        // engine cannot run
        Set<String> fns = CallGraph.of(ir).reachableFrom(user);
        List<IrFunction> kept = ir.functions().stream().filter(f -> fns.contains(f.id())).toList();
        return new IrProgram(ir.script(), ir.globals(), kept, user, ir.embeds(), ir.guru(), ir.elided());
    }

    private static void scan(IrProgram part, IrScanner s) {
        for (IrProbe p : part.probes()) s.probe(p);
        for (IrFunction f : part.functions()) s.function(f);
    }

    /** Whether a target variable reads memory (not a @defined check, not an input probe's $value). */
    static boolean reads(TargetAccess a) {
        return !(a.source() instanceof TargetAccess.Source.ProcfsValue) && !(a.result() instanceof TargetAccess.Result.Exists);
    }

    /** Whether the user part of {@code ir} reads kernel memory (or needs its symbols or task). */
    static boolean needed(IrProgram ir) {
        boolean[] any = {false};
        scan(userPart(ir), new IrScanner() {
            @Override
            public Void visitTarget(IrExpr.Target e) {
                if (reads(e.access())) any[0] = true;
                return super.visitTarget(e);
            }

            @Override
            public Void visitCallBuiltin(IrExpr.CallBuiltin e) {
                switch (e.builtin()) {
                    case KERNEL_STRING, KERNEL_STRING_N, KERNEL_LONG, KERNEL_INT, KERNEL_SHORT, KERNEL_CHAR, READ_MEM,
                         TASK_CURRENT, KERNEL_ADDRESS -> any[0] = true;
                    default -> { }
                }
                return super.visitCallBuiltin(e);
            }
        });
        return any[0];
    }

    private static boolean core(TargetAccess.Field f, TargetAccess a) {
        return f != null && f.kernel() && !a.userSpace();
    }

    /** The numbers the user part's kernel-type steps need from the running kernel, each once, in program order. */
    static List<Reloc> relocs(IrProgram ir) {
        Set<Reloc> out = new LinkedHashSet<>();
        scan(userPart(ir), new IrScanner() {
            @Override
            protected void access(TargetAccess a) {
                if (reads(a)) {
                    List<TargetAccess.Step> st = a.steps();
                    for (int k = 0; k < st.size(); k++) {
                        TargetAccess.Step s = st.get(k);
                        if (s instanceof TargetAccess.Step.Deref d && k + 1 < st.size()
                                && st.get(k + 1) instanceof TargetAccess.Step.Bitfield bf && core(bf.field(), a)) {
                            for (String w : List.of("BPF_FIELD_BYTE_OFFSET", "BPF_FIELD_BYTE_SIZE", "BPF_FIELD_LSHIFT_U64",
                                    "BPF_FIELD_RSHIFT_U64")) out.add(new Reloc(w, bf.field().cAccess("0")));
                            k++;
                        } else if (s instanceof TargetAccess.Step.Deref d && core(d.field(), a)) {
                            out.add(new Reloc("BPF_FIELD_BYTE_OFFSET", d.field().cAccess("0")));
                        } else if (s instanceof TargetAccess.Step.Offset o && core(o.field(), a)) {
                            out.add(new Reloc("BPF_FIELD_BYTE_OFFSET", o.field().cAccess("0")));
                        } else if (s instanceof TargetAccess.Step.Index ix && ix.elementType() != null && !a.userSpace()) {
                            out.add(new Reloc("BPF_TYPE_SIZE", ix.elementType()));
                        }
                    }
                }
                super.access(a);
            }
        });
        return List.copyOf(out);
    }

    /**
     * The C pass 3 adds where the user part reads kernel memory: the reader (a read is at most MAXSTRINGLEN bytes)
     * and the member offsets (all ones where the running kernel lacks the member: the program still loads).
     */
    static String emit(IrProgram ir, int maxStr) {
        if (!needed(ir)) return "";
        StringBuilder b = new StringBuilder("#define JST_UREAD_MAX ").append(Math.max(8, maxStr)).append('\n');
        b.append("#include \"").append(BpfFiles.UREAD_HEADER).append("\"\n");
        List<Reloc> rs = relocs(ir);
        if (rs.isEmpty()) return b.toString();
        b.append("SEC(\"syscall\")\nint jst_ureloc(__u64 *v) {\n");
        for (int i = 0; i < rs.size(); i++) {
            Reloc r = rs.get(i);
            if (r.what().equals("BPF_TYPE_SIZE")) {
                b.append("    v[").append(i).append("] = __builtin_preserve_type_info(*(").append(r.c()).append(" *)0, BPF_TYPE_SIZE);\n");
            } else {
                b.append("    if (__builtin_preserve_field_info(").append(r.c()).append(", BPF_FIELD_EXISTS)) v[").append(i)
                        .append("] = __builtin_preserve_field_info(").append(r.c()).append(", ").append(r.what())
                        .append("); else v[").append(i).append("] = ~0ULL;\n");
            }
        }
        return b.append("    return 0;\n}\n").toString();
    }

    /** {@code part} with its kernel-type steps at the running kernel's offsets ({@code answers}, by {@link #relocs}). */
    static IrProgram relocate(IrProgram part, Map<Reloc, Long> answers) throws Missing {
        Missing[] missing = {null};
        IrRewriter rw = new IrRewriter() {
            private Span at = Span.NONE;

            @Override
            public IrExpr visitTarget(IrExpr.Target e) {
                Span saved = at;
                at = e.span();
                try {
                    return super.visitTarget(e);
                } finally {
                    at = saved;
                }
            }

            private long answer(String what, TargetAccess.Field f) {
                Long v = answers.get(new Reloc(what, f.cAccess("0")));
                if (v == null) throw new IllegalStateException("no relocation for " + f.cAccess("0"));
                if (v == -1L && missing[0] == null) {
                    missing[0] = new Missing(at, "the running kernel's " + f.type() + " has no member '"
                            + String.join(".", f.path()).replace(".[", "[") + "'");
                }
                return v;
            }

            @Override
            protected TargetAccess access(TargetAccess a0) {
                TargetAccess a = super.access(a0);
                if (!reads(a)) return a;
                List<TargetAccess.Step> in = a.steps(), out = new ArrayList<>();
                for (int k = 0; k < in.size(); k++) {
                    TargetAccess.Step s = in.get(k);
                    if (s instanceof TargetAccess.Step.Deref d && k + 1 < in.size()
                            && in.get(k + 1) instanceof TargetAccess.Step.Bitfield bf && core(bf.field(), a)) {
                        long off = answer("BPF_FIELD_BYTE_OFFSET", bf.field()), size = answer("BPF_FIELD_BYTE_SIZE", bf.field());
                        long l = answer("BPF_FIELD_LSHIFT_U64", bf.field()), r = answer("BPF_FIELD_RSHIFT_U64", bf.field());
                        // libbpf's (v << l) >> r of the unit read, as kmod's shift-and-mask of the same unit
                        out.add(new TargetAccess.Step.Deref(off, (int) size, false, null));
                        out.add(new TargetAccess.Step.Bitfield((int) (r - l), (int) (64 - r), bf.signed(), null));
                        k++;
                    } else if (s instanceof TargetAccess.Step.Deref d && core(d.field(), a)) {
                        out.add(new TargetAccess.Step.Deref(answer("BPF_FIELD_BYTE_OFFSET", d.field()), d.size(), d.signed(), d.field()));
                    } else if (s instanceof TargetAccess.Step.Offset o && core(o.field(), a)) {
                        out.add(new TargetAccess.Step.Offset(answer("BPF_FIELD_BYTE_OFFSET", o.field()), o.field()));
                    } else if (s instanceof TargetAccess.Step.Index ix && ix.elementType() != null && !a.userSpace()) {
                        Long size = answers.get(new Reloc("BPF_TYPE_SIZE", ix.elementType()));
                        out.add(new TargetAccess.Step.Index(ix.index(), size == null ? ix.elementSize() : size, ix.elementType()));
                    } else {
                        out.add(s);
                    }
                }
                return new TargetAccess(a.source(), out, a.result(), a.cType(), a.userSpace());
            }
        };
        List<IrProbe> probes = new ArrayList<>();
        for (IrProbe p : part.probes()) probes.add(IrEdit.probe(p, p.id(), rw.expr(p.condition()), rw.block(p.body()), p.locals()));
        List<IrFunction> fns = new ArrayList<>();
        for (IrFunction f : part.functions()) {
            fns.add(f.body() instanceof IrFunction.Body.Script s ? IrEdit.withBody(f, new IrFunction.Body.Script(rw.block(s.block()))) : f);
        }
        if (missing[0] != null) throw missing[0];
        return IrEdit.withFunctions(IrEdit.withProbes(part, probes), fns);
    }
}
