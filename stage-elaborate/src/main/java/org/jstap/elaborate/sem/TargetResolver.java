package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jstap.api.ast.Expr;
import org.jstap.api.debuginfo.CType;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.Format;
import org.jstap.api.ir.IrExpr;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrType;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.ir.TargetAccess;
import org.jstap.api.ir.TargetAccess.Result;
import org.jstap.api.ir.TargetAccess.Source;
import org.jstap.api.ir.TargetAccess.Step;

/**
 * Turns {@code $var->a->b[2]}, {@code @cast(p, "struct x")->f}, {@code $$parms} and {@code $return} into
 * {@link TargetAccess} plans using the point's debug info, so the backends never see a C type. In return probes
 * a parameter is saved at entry (an implicit {@code @entry}), as stap does.
 */
final class TargetResolver {
    private final BodyElaborator body;

    TargetResolver(BodyElaborator body) {
        this.body = body;
    }

    static boolean isReturnSite(IrSite s) {
        return s instanceof IrSite.KernelFunction k && k.isReturn() || s instanceof IrSite.Kprobe p && p.isReturn()
                || s instanceof IrSite.Process p2 && p2.isReturn();
    }

    /** Thrown inside a resolution to abandon it with a diagnostic. */
    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Diagnostic diagnostic;

        Fail(Diagnostic d) {
            super(d.message(), null, false, false);
            this.diagnostic = d;
        }
    }

    /** Where the walk is: the value itself (in a register / loaded) or the address of an object in memory. */
    private static final class Walk {
        final DebugInfo di;
        int type;
        boolean address;
        long pending;
        final List<Step> steps = new ArrayList<>();
        int bitOffset = -1, bitSize;
        /** a {@code @cast} not yet walked: indexing it treats the address as an array of the cast type */
        boolean castRoot;
        /**
         * For CO-RE ({@link TargetAccess.Field}): the C spelling of the object {@link #pending} is an offset into
         * (null: no name to relocate by), and the member path walked from it since.
         */
        String root;
        final List<String> path = new ArrayList<>();
        /** a member pass 2's BTF lacks, read by name at load ({@link Step.CoreMember}); the walk must end there */
        String absent;
        /** the types are the kernel's (not user-space or header ones): bpf relocates them against the running kernel */
        final boolean kernelTypes;

        Walk(DebugInfo di, int type, boolean address, boolean user) {
            this.di = di;
            this.type = type;
            this.address = address;
            this.kernelTypes = !user;
            if (address) startAt(type);
        }

        CType resolved() {
            return di.type(di.resolve(type));
        }

        /** A new object (at the address in value) of type {@code id}: the CO-RE path starts again from it. */
        void startAt(int id) {
            path.clear();
            root = spelling(di, id);
        }

        /** The member the pending offset leads to, for CO-RE; null when there is none to relocate. */
        TargetAccess.Field field() {
            if (root == null || path.isEmpty()) return null;
            return new TargetAccess.Field(root, path, kernelTypes && "kernel".equals(di.owner()));
        }

        void flush() {
            // an offset of 0 is still kept when it names a member: on another kernel it may not be 0
            TargetAccess.Field f = field();
            if (pending != 0 || f != null) steps.add(new Step.Offset(pending, f));
            pending = 0;
        }

        void loadPointer() {
            steps.add(new Step.Deref(pending, 8, false, field()));
            pending = 0;
            address = false;
        }
    }

    /**
     * The C name CO-RE relocates type {@code id} by: {@code struct/union NAME} or a typedef name (qualifiers
     * skipped); null for anonymous and non-aggregate types (their layout does not move between kernels).
     */
    static String spelling(DebugInfo di, int id) {
        for (int guard = 0; guard < 16; guard++) {
            CType t = di.type(id);
            if (t instanceof CType.Qualified q) {
                id = q.target();
                continue;
            }
            if (t instanceof CType.Typedef td) {
                // a typedef of an anonymous struct (kuid_t, atomic_t) has no struct name for libbpf to find its
                // counterpart by on the running kernel: it is read at pass 2's offsets
                return di.type(di.resolve(id)) instanceof CType.Struct s && !s.name().isEmpty() ? td.name() : null;
            }
            if (t instanceof CType.Struct s) return s.name().isEmpty() ? null : (s.union() ? "union " : "struct ") + s.name();
            return null;
        }
        return null;
    }

    boolean defined(Expr e) {
        try {
            if (e instanceof Expr.TargetVar tv) build(tv, false);
            else if (e instanceof Expr.Cast c) buildCast(c, c.operand().accept(body), false);
            return true;
        } catch (Fail f) {
            return false;
        }
    }

    /**
     * {@code @defined(o)} decided on the running kernel: a Target whose result is {@link Result.Exists} over the
     * kernel members {@code o} names; null when {@code o} does not resolve (even with a last member this BTF lacks,
     * inside {@link BodyElaborator#speculative}), is saved at entry, or names a member CO-RE cannot check.
     */
    IrExpr existence(Expr o) {
        IrExpr r;
        boolean wasEntry = body.inEntry;
        // nothing is read, so a return probe saves no $var at entry for it
        if (o instanceof Expr.TargetVar) body.inEntry = true;
        try {
            r = o instanceof Expr.TargetVar tv ? build(tv, false) : buildCast((Expr.Cast) o, ((Expr.Cast) o).operand().accept(body), false);
        } catch (Fail f) {
            return null;
        } finally {
            body.inEntry = wasEntry;
        }
        if (!(r instanceof IrExpr.Target t)) return null;
        TargetAccess a = t.access();
        List<TargetAccess.Field> fs = org.jstap.irtools.CoreExistence.fields(a);
        if (fs == null || fs.isEmpty()) return null;
        // nothing is read: the source is no longer needed (a constant, so no register or tracepoint slot is used)
        return new IrExpr.Target(o.span(), IrType.LONG, "@defined(" + t.text() + ")", new TargetAccess(
                new Source.Value(new IrExpr.IntConst(o.span(), 0)), a.steps(), new Result.Exists(), "long", false));
    }

    IrExpr targetVar(Expr.TargetVar tv, boolean addressOf) {
        try {
            return build(tv, addressOf);
        } catch (Fail f) {
            if (body.el.options.stap().skipBadvars() && !addressOf) { // stap --skip-badvars: 0, with a warning
                body.error(Diagnostic.warning(Codes.WARN_BADVAR_SKIPPED, tv.span(), "bad $context variable '"
                        + tv.name() + "' is replaced by 0 (--skip-badvars): " + f.diagnostic.message()));
                return new IrExpr.IntConst(tv.span(), 0);
            }
            body.error(f.diagnostic);
            return new IrExpr.IntConst(tv.span(), 0);
        }
    }

    /** {@code @var("NAME[@FILE]")}: a file-scope variable of the probed kernel or program, from DWARF. */
    IrExpr atVar(Expr.AtVar e, boolean addressOf) {
        try {
            ResolvedPoint rp = point(e.span(), "@var(\"" + e.name() + "\")");
            boolean dwarfSite = rp.site() instanceof org.jstap.api.ir.IrSite.KernelFunction
                    || rp.site() instanceof org.jstap.api.ir.IrSite.Kprobe || rp.site() instanceof org.jstap.api.ir.IrSite.Process;
            if (!dwarfSite) {
                throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, e.span(), "unresolved @var(\"" + e.name()
                        + "\") at " + rp.point() + ": it is read in kernel.function, kernel.statement and process probes")
                        .withHint("read it from a probe on a function of the same kernel or program"));
            }
            org.jstap.elaborate.probes.StaticVars.Found f = org.jstap.elaborate.probes.StaticVars.find(body.el.points,
                    rp, e.name(), e.module(), e.span());
            if (f == null) return new IrExpr.IntConst(e.span(), 0); // reported (no DWARF)
            if (f.error() != null) {
                Diagnostic d = Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, e.span(), f.error());
                throw new Fail(f.hint() == null ? d : d.withHint(f.hint()));
            }
            Walk w = new Walk(f.debugInfo(), f.def().type(), f.def().inMemory(), rp.userSpace());
            return walk(w, f.def().source(), e.path(), e.pretty(), addressOf, e.span(),
                    "@var(\"" + e.name() + "\")" + pathText(e.path()), rp.userSpace());
        } catch (Fail f) {
            body.error(f.diagnostic);
            return new IrExpr.IntConst(e.span(), 0);
        }
    }

    IrExpr cast(Expr.Cast c, boolean addressOf) {
        IrExpr operand = c.operand().accept(body);
        body.expect(operand, IrType.LONG, operand.span(), "@cast operand");
        try {
            return buildCast(c, operand, addressOf);
        } catch (Fail f) {
            body.error(f.diagnostic);
            return new IrExpr.IntConst(c.span(), 0);
        }
    }

    private ResolvedPoint point(Span span, String what) throws Fail {
        if (body.probe == null) {
            throw new Fail(Diagnostic.error(Codes.SEM_CONTEXT_VAR, span, what + " cannot be used in a function")
                    .withHint("pass the value to the function as an argument"));
        }
        return body.probe.point();
    }

    private IrExpr build(Expr.TargetVar tv, boolean addressOf) throws Fail {
        ResolvedPoint rp = point(tv.span(), "target variable '" + tv.name() + "'");
        String name = tv.name();
        String bare = name.substring(1);
        if (rp.site() instanceof org.jstap.api.ir.IrSite.Procfs && name.equals("$value")) {
            if (!tv.path().isEmpty() || tv.pretty() > 0 || addressOf) {
                throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, tv.span(),
                        "$value of a procfs probe is a string: it has no members or address"));
            }
            return new IrExpr.Target(tv.span(), IrType.STRING, "$value", new TargetAccess(new Source.ProcfsValue(),
                    List.of(), new TargetAccess.Result.CString(0), "string", false));
        }
        if (rp.mark() != null) return markVar(tv, rp, rp.mark(), addressOf);
        if (rp.debugInfo() == null && rp.site() instanceof org.jstap.api.ir.IrSite.Process ps && ps.symbol() != null) {
            // a user function: its variables are only in the program's DWARF, which is not there
            throw new Fail(Diagnostic.error(Codes.SEM_NEEDS_DWARF, tv.span(), "target variable '" + name
                    + "' needs the debug information (DWARF) of " + rp.function() + " in " + ps.path()
                    + ", which has none jstap can read: the program was built without -g or stripped (or its debug"
                    + " file's DWARF is compressed, which jstap does not read)")
                    .withHint("rebuild it with -g, or install its debug package (Debian: the -dbg or -dbgsym package,"
                            + " read from /usr/lib/debug/.build-id/); pointer_arg(N) and friends read arguments without it"));
        }
        if (rp.debugInfo() == null) {
            boolean fromDwarf = rp.site() instanceof org.jstap.api.ir.IrSite.Kprobe && rp.point().contains("@");
            throw new Fail(Diagnostic.error(Codes.SEM_CONTEXT_VAR, tv.span(), "target variable '" + name
                    + "' is not available at " + rp.point()).withHint(fromDwarf
                    ? "an inlined copy or a source line whose variables could not be read from DWARF (or typed: the"
                    + " kernel's BTF is needed too); probe the out-of-line function with .call for its parameters"
                    : "target variables exist only in kernel.function, module().function and kernel.trace probes"));
        }
        DebugInfo di = rp.debugInfo();
        Walk w;
        Source src;
        if (bare.equals("return")) {
            if (rp.returnType() == null) {
                throw new Fail(Diagnostic.error(Codes.SEM_CONTEXT_VAR, tv.span(),
                        isReturnSite(rp.site()) ? "function " + rp.function() + " returns void" :
                                "$return is only available in .return probes"));
            }
            CType rt = di.type(di.resolve(rp.returnType()));
            if (rt instanceof CType.Struct || rt instanceof CType.Forward || rt instanceof CType.Float) {
                // SysV x86-64: an aggregate comes back in rax:rdx or in memory, a float in xmm0; $return reads rax
                throw new Fail(Diagnostic.error(Codes.SEM_CONTEXT_VAR, tv.span(), "cannot read $return of "
                        + rp.function() + ": it returns " + di.typeName(rp.returnType()) + (rt instanceof CType.Float
                        ? ", in a floating-point register" : ", in two registers or in memory")
                        + ", and jstap reads only integer and pointer return values (rax)"));
            }
            w = new Walk(di, rp.returnType(), false, rp.userSpace());
            src = new Source.ReturnValue();
        } else if (name.startsWith("$$")) {
            return special(tv, rp);
        } else {
            ResolvedPoint.TargetVarDef def = null;
            for (ResolvedPoint.TargetVarDef d : rp.vars()) if (d.name().equals(bare)) def = d;
            if (def == null) def = tracepointArgN(rp, bare);
            if (def == null) throw unknown(tv.span(), name, rp);
            if (def.unavailable() != null) { // in scope, but DWARF has no location for it at this address
                throw new Fail(Diagnostic.error(Codes.SEM_CONTEXT_VAR, tv.span(), def.unavailable() + ": '" + name
                        + "' at " + rp.point()).withHint("the compiler keeps it nowhere here; a nearby line may have it"
                        + " (jstap -L lists the variables each line can read), or --skip-badvars reads it as 0"));
            }
            // a by-value struct arrives as the address of its bytes (a pt_regs slot or the stack); a DWARF
            // variable in memory as its address
            w = new Walk(di, def.type(), def.source() instanceof Source.ArgAddress || def.inMemory(),
                    rp.userSpace());
            src = def.source();
        }
        IrExpr r = walk(w, src, tv.path(), tv.pretty(), addressOf, tv.span(), name + pathText(tv.path()), rp.userSpace());
        if (body.isReturnProbe() && !(src instanceof Source.ReturnValue) && !body.inEntry) {
            IrExpr saved = body.saveEntry(r);
            AutoType t = body.typed.get(r);
            if (t != null) body.typed.put(saved, t);
            return saved;
        }
        return r;
    }

    private IrExpr buildCast(Expr.Cast c, IrExpr operand, boolean addressOf) throws Fail {
        String tn = c.type().strip();
        CastType ct = castType(c, tn);
        Walk w = new Walk(ct.di(), ct.id(), true, ct.user());
        w.castRoot = true;
        return walk(w, new Source.Value(operand), c.path(), c.pretty(), addressOf, c.span(),
                "@cast(..., \"" + tn + "\")" + pathText(c.path()), ct.user());
    }

    /** Where a @cast's type was found; {@code user}: a header's type, read from user memory as stap does. */
    private record CastType(DebugInfo di, int id, boolean user) {}

    /**
     * The @cast module argument as stap takes it: a {@code :}-separated list, each "kernel", a module name,
     * "kernel<h.h>..." (kernel headers: their types are the kernel's BTF) or "<h.h><i.h>" (user headers, read as
     * debug info through {@link org.jstap.api.ir.PointContext#headers}); the first entry declaring the type wins.
     */
    private CastType castType(Expr.Cast c, String tn) throws Fail {
        String spec = c.module();
        if (spec != null && spec.startsWith("/") && !spec.contains("<")) return programCastType(c, tn, spec);
        if (spec == null || !spec.contains("<")) return moduleCastType(c, tn, spec);
        Fail first = null;
        for (String part : spec.split(":")) {
            part = part.strip();
            try {
                List<String> headers = CastHeaders.parseHeaders(part);
                if (headers != null) return headerCastType(c, tn, headers);
                if (part.startsWith("kernel") && part.indexOf('<') > 0
                        && CastHeaders.parseHeaders(part.substring(part.indexOf('<'))) != null) {
                    return moduleCastType(c, tn, "kernel");
                }
                if (part.contains("<") || part.contains(">")) {
                    throw new Fail(Diagnostic.error(Codes.SEM_CAST_HEADER, c.span(), "bad @cast module '" + part + "'")
                            .withHint("headers are written \"<sys/un.h>\", several as \"<a.h><b.h>\", kernel ones "
                                    + "\"kernel<linux/fs.h>\""));
                }
                return moduleCastType(c, tn, part);
            } catch (Fail f) {
                if (first == null) first = f;
            }
        }
        throw first;
    }

    private CastType headerCastType(Expr.Cast c, String tn, List<String> headers) throws Fail {
        String shown = "<" + String.join("><", headers) + ">";
        HeaderTypes r = body.el.points.headers(headers);
        if (r instanceof HeaderTypes.Failed f) {
            throw new Fail(Diagnostic.error(Codes.SEM_CAST_HEADER, c.span(), "cannot read the types of " + shown
                    + ": " + f.reason()).withHint("the header is compiled with the host's C compiler and include path"));
        }
        DebugInfo di = ((HeaderTypes.Found) r).debugInfo();
        OptionalInt id = findCastType(di, tn);
        if (id.isEmpty()) {
            throw new Fail(Diagnostic.error(Codes.SEM_CAST_HEADER, c.span(), "type '" + tn + "' is not declared by "
                    + shown).withHint("types are spelled as in C: \"struct sockaddr_un\" or \"sockaddr_un\""));
        }
        return new CastType(di, id.getAsInt(), true);
    }

    /** stap's {@code @cast(p, "T", "/path/to/prog")}: a type of a user-space program, read from user memory. */
    private CastType programCastType(Expr.Cast c, String tn, String path) throws Fail {
        java.nio.file.Path dwarf = org.jstap.elaborate.dwarf.SourceIndex.debugFileOf(java.nio.file.Path.of(path));
        if (dwarf == null) {
            throw new Fail(Diagnostic.error(Codes.SEM_NEEDS_DWARF, c.span(), "@cast(..., \"" + tn + "\", \"" + path
                    + "\") needs the program's debug information (DWARF), and " + path + " has none")
                    .withHint("rebuild it with -g, or install its debug package (Debian: -dbg or -dbgsym)"));
        }
        HeaderTypes r = body.el.points.programTypes(dwarf);
        if (r instanceof HeaderTypes.Failed f) {
            throw new Fail(Diagnostic.error(Codes.SEM_CAST_HEADER, c.span(), "cannot read the types of " + path + ": "
                    + f.reason()));
        }
        DebugInfo di = ((HeaderTypes.Found) r).debugInfo();
        OptionalInt id = findCastType(di, tn);
        if (id.isEmpty()) {
            throw new Fail(Diagnostic.error(Codes.SEM_CAST_HEADER, c.span(), "type '" + tn + "' is not defined by "
                    + path).withHint("types are spelled as in C: \"struct jst_big\" or \"jst_big\""));
        }
        return new CastType(di, id.getAsInt(), true);
    }

    private static OptionalInt findCastType(DebugInfo di, String tn) {
        OptionalInt id = di.findType(tn);
        if (id.isEmpty() && !tn.contains(" ")) id = di.findType("struct " + tn);
        return id;
    }

    private CastType moduleCastType(Expr.Cast c, String tn, String module) throws Fail {
        Optional<DebugInfo> odi = module == null || module.startsWith("kernel") ? body.el.points.kernel()
                : body.el.points.module(module);
        if (odi.isEmpty()) {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, c.span(), "@cast needs debug information (BTF)"
                    + (module == null ? " for the kernel" : " for " + module)));
        }
        DebugInfo di = odi.get();
        OptionalInt id = findCastType(di, tn);
        if (id.isEmpty()) {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, c.span(), "unknown type '" + tn + "' in @cast")
                    .withHint("types are spelled as in C: \"struct task_struct\""));
        }
        return new CastType(di, id.getAsInt(), false);
    }

    private static String pathText(List<Expr.Accessor> path) {
        StringBuilder b = new StringBuilder();
        for (Expr.Accessor a : path) {
            if (a instanceof Expr.Accessor.Field f) b.append("->").append(f.name());
            else b.append("[...]");
        }
        return b.toString();
    }

    /**
     * {@code $argN} (1-based) at a tracepoint whose arguments have names: the N-th argument, as stap offers
     * {@code $arg1..} at every tracepoint besides the prototype's names (the names are preferred in listings).
     */
    private static ResolvedPoint.TargetVarDef tracepointArgN(ResolvedPoint rp, String bare) {
        if (!(rp.site() instanceof org.jstap.api.ir.IrSite.Tracepoint) || !bare.matches("arg[1-9][0-9]?")) return null;
        int n = Integer.parseInt(bare.substring(3));
        for (ResolvedPoint.TargetVarDef d : rp.vars()) {
            if (d.source() instanceof Source.TracepointArg ta && ta.index() == n - 1) return d;
        }
        return null;
    }

    private Fail unknown(Span span, String name, ResolvedPoint rp) {
        List<String> names = new ArrayList<>();
        for (ResolvedPoint.TargetVarDef d : rp.vars()) names.add("$" + d.name());
        if (rp.returnType() != null) names.add("$return");
        Diagnostic d = Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "unable to find target variable '" + name
                + "' at " + rp.point() + " (available: " + (names.isEmpty() ? "none" : String.join(" ", names)) + ")");
        if (rp.site() instanceof org.jstap.api.ir.IrSite.KernelFunction kf) {
            for (org.jstap.api.ir.IrSite.Param p : kf.params()) {
                if (("$" + p.name()).equals(name)) { // a struct passed by value: no address to walk from
                    return new Fail(d.withHint("'" + name + "' is a struct passed by value in two registers (" + p.cType()
                            + "); jstap cannot read those yet"));
                }
            }
        }
        String hint = Hints.didYouMean(name, names);
        return new Fail(hint == null ? d : d.withHint(hint));
    }

    private IrExpr walk(Walk w, Source src, List<Expr.Accessor> path, int pretty, boolean addressOf, Span span,
                        String text, boolean user) throws Fail {
        for (Expr.Accessor a : path) {
            if (w.absent != null) throw noMember(w, w.absent, a.span());
            if (w.bitOffset >= 0) throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, a.span(), "cannot go past a bitfield"));
            if (a instanceof Expr.Accessor.Field f) field(w, f);
            else index(w, (Expr.Accessor.Index) a);
            w.castRoot = false;
        }
        if (w.absent != null) {
            if (pretty > 0 || addressOf) throw noMember(w, w.absent, span);
            w.steps.add(new Step.CoreMember(new TargetAccess.Field(w.root, List.of(w.absent), true)));
            return target(span, IrType.LONG, text, src, w, new Result.Int(8, true), "long", user);
        }
        String cType = w.di.typeName(w.type);
        if (src instanceof Source.ArgAddress && path.isEmpty() && pretty == 0) {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "'" + text + "' is a struct passed by value ("
                    + cType + "), which has no address to use as a value")
                    .withHint("use a member (" + text + "->...) or " + text + "$ to pretty-print it"));
        }
        if (addressOf) {
            if (!w.address) throw new Fail(Diagnostic.error(Codes.SEM_NOT_LVALUE, span, "cannot take the address of '" + text
                    + "': it lives in a register"));
            // the address of a member of an object at a constant address (@offsetof, @cast_sizeof): a constant
            if (src instanceof Source.Value v && v.value() instanceof IrExpr.IntConst c && w.steps.isEmpty()) {
                return new IrExpr.IntConst(span, c.value() + w.pending);
            }
            w.flush();
            return target(span, IrType.LONG, text, src, w, new Result.Address(), cType + "*", user);
        }
        if (pretty > 0) return pretty(w, src, span, text, user, pretty);
        return finish(w, src, span, text, user, cType);
    }

    private IrExpr finish(Walk w, Source src, Span span, String text, boolean user, String cType) throws Fail {
        CType t = w.resolved();
        if (w.bitOffset >= 0) {
            CType.Int it = t instanceof CType.Int i ? i : null;
            boolean signed = it != null && it.signed();
            int unit = (int) Math.max(1, w.di.sizeOf(w.type));
            long unitOff = (w.bitOffset / (unit * 8L)) * unit;
            TargetAccess.Field member = w.field();
            w.steps.add(new Step.Deref(w.pending + unitOff, unit, false));
            w.steps.add(new Step.Bitfield((int) (w.bitOffset - unitOff * 8), w.bitSize, signed, member));
            return target(span, IrType.LONG, text, src, w, new Result.Int(8, signed), cType, user);
        }
        if (t instanceof CType.Int || t instanceof CType.Enum || t instanceof CType.Pointer) {
            int size = t instanceof CType.Pointer ? 8 : (int) w.di.sizeOf(w.type);
            boolean signed = t instanceof CType.Int i ? i.signed() : t instanceof CType.Enum e && e.signed();
            if (w.address) {
                w.steps.add(new Step.Deref(w.pending, size, signed, w.field()));
                w.pending = 0;
            }
            return target(span, IrType.LONG, text, src, w, new Result.Int(size, signed), cType, user);
        }
        if ((t instanceof CType.Struct || t instanceof CType.Array) && w.address) {
            w.flush();
            return target(span, IrType.LONG, text, src, w, new Result.Address(), cType, user);
        }
        throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "'" + text + "' has type " + cType
                + ", which cannot be used as a value").withHint("use a member, or $var$ to pretty-print it"));
    }

    private static boolean isChar(DebugInfo di, int type) {
        return di.type(di.resolve(type)) instanceof CType.Int i && i.isChar();
    }

    private IrExpr target(Span span, IrType type, String text, Source src, Walk w, Result r, String cType, boolean user) {
        IrExpr t = new IrExpr.Target(span, type, text, new TargetAccess(src, w.steps, r, cType, user));
        // a pointer value, or the address of an object, keeps its C type for autocasts ('f = $file; f->f_flags')
        if (r instanceof Result.Address) body.typed.put(t, new AutoType(w.di, w.type, true, user));
        else if (r instanceof Result.Int && w.bitOffset < 0 && w.resolved() instanceof CType.Pointer) {
            body.typed.put(t, new AutoType(w.di, w.type, false, user));
        }
        return t;
    }

    /**
     * The C type a script value carries for stap's autocast: {@code type} in {@code di} is the type of the value
     * itself (a pointer) or, with {@code address}, of the object the value is the address of ({@code &@cast(...)},
     * a struct member used as a value); {@code user}: user-space types and memory.
     */
    record AutoType(DebugInfo di, int type, boolean address, boolean user) {}

    /** {@code v->a->b} / {@code v[i]} on a value of C type {@code t}: as {@code @cast(v, T)->a->b}. */
    IrExpr autocast(Expr.Autocast e, IrExpr v, AutoType t) {
        Walk w = new Walk(t.di(), t.type(), t.address(), t.user());
        try {
            return walk(w, new Source.Value(v), e.path(), e.pretty(), false, e.span(), "(" + t.di().typeName(t.type())
                    + (t.address() ? "*" : "") + ")" + pathText(e.path()), t.user());
        } catch (Fail f) {
            body.error(f.diagnostic);
            return new IrExpr.IntConst(e.span(), 0);
        }
    }

    private void field(Walk w, Expr.Accessor.Field f) throws Fail {
        CType t = w.resolved();
        if (t instanceof CType.Pointer p) {
            if (w.address) w.loadPointer();
            w.type = p.target();
            w.address = true;
            w.pending = 0;
            w.startAt(p.target());
            t = w.resolved();
        } else if (!w.address) {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, f.span(), "'->" + f.name() + "' on a value of type "
                    + w.di.typeName(w.type) + ", which is not a struct or a pointer to one"));
        }
        if (t instanceof CType.Forward fw) {
            String fmt = w.di.format(); // a user program whose types could not be read says why (BtfOverlay.noTypes)
            String why = fmt.startsWith(org.jstap.elaborate.dwarf.BtfOverlay.NO_TYPES) ? fmt.substring(
                    org.jstap.elaborate.dwarf.BtfOverlay.NO_TYPES.length()).replace("+dwarf", "") : null;
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, f.span(), "struct " + fw.name()
                    + " is only declared, not defined, in this debug info"
                    + (why == null || why.isEmpty() ? "" : ": the program's types could not be read (" + why + ")")));
        }
        if (!(t instanceof CType.Struct s)) {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, f.span(), "'->" + f.name() + "' on type "
                    + w.di.typeName(w.type) + ", which is not a struct"));
        }
        long[] found = new long[1];
        CType.Member m = member(w.di, s, f.name(), 0, found);
        if (m == null) {
            // in a branch kept for a load-time @defined: an integer member of a named kernel struct, read by name
            if (body.speculative() && w.kernelTypes && "kernel".equals(w.di.owner()) && w.root != null
                    && (w.root.startsWith("struct ") || w.root.startsWith("union ")) && w.path.isEmpty() && w.pending == 0) {
                w.absent = f.name();
                return;
            }
            throw noMember(w, f.name(), f.span());
        }
        long bit = found[0];
        w.path.add(f.name());
        if (m.bitSize() != 0) {
            w.bitOffset = (int) bit;
            w.bitSize = m.bitSize();
            w.type = m.type();
            return;
        }
        w.pending += bit / 8;
        w.type = m.type();
    }

    private static Fail noMember(Walk w, String name, Span span) {
        CType t = w.resolved();
        if (!(t instanceof CType.Struct s)) return new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span,
                "'->" + name + "' on type " + w.di.typeName(w.type) + ", which is not a struct"));
        List<String> names = new ArrayList<>();
        collectNames(w.di, s, names);
        Diagnostic d = Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "struct " + (s.name().isEmpty() ? "(anonymous)" : s.name())
                + " has no member '" + name + "'");
        String hint = Hints.didYouMean(name, names);
        return new Fail(hint == null ? d : d.withHint(hint));
    }

    /** Finds a member, looking through anonymous struct/union members; {@code off[0]} gets its bit offset. */
    private static CType.Member member(DebugInfo di, CType.Struct s, String name, long base, long[] off) {
        for (CType.Member m : s.members()) {
            if (m.name().equals(name)) {
                off[0] = base + m.bitOffset();
                return m;
            }
            if (m.name().isEmpty() && di.type(di.resolve(m.type())) instanceof CType.Struct inner) {
                CType.Member r = member(di, inner, name, base + m.bitOffset(), off);
                if (r != null) return r;
            }
        }
        return null;
    }

    private static void collectNames(DebugInfo di, CType.Struct s, List<String> out) {
        for (CType.Member m : s.members()) {
            if (!m.name().isEmpty()) out.add(m.name());
            else if (di.type(di.resolve(m.type())) instanceof CType.Struct inner) collectNames(di, inner, out);
        }
    }

    private void index(Walk w, Expr.Accessor.Index ix) throws Fail {
        CType t = w.resolved();
        IrExpr i = ix.index().accept(body);
        body.expect(i, IrType.LONG, i.span(), "array index");
        int elem;
        if (t instanceof CType.Array arr && w.address) {
            elem = arr.element();
        } else if (w.castRoot && !(t instanceof CType.Pointer)) {
            elem = w.type; // @cast(p, "T")[i]: the i-th T from p on, as stap
        } else if (t instanceof CType.Pointer p) {
            if (w.address) w.loadPointer();
            elem = p.target();
            w.address = true;
            w.startAt(elem); // p[i] indexes from the pointee: its path starts with [i]
        } else {
            throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, ix.span(), "cannot index a value of type "
                    + w.di.typeName(w.type)));
        }
        long size = Math.max(1, w.di.sizeOf(elem));
        if (i instanceof IrExpr.IntConst c) {
            w.pending += c.value() * size;
            w.path.add("[" + c.value() + "]");
        } else {
            w.flush();
            String et = spelling(w.di, elem);
            w.steps.add(new Step.Index(i, size, et != null && w.kernelTypes && "kernel".equals(w.di.owner()) ? et : null));
            w.startAt(elem);
        }
        w.type = elem;
    }

    /** {@code $var$}: a string rendering; char pointers and arrays quoted, structs as {.a=1, ...}. */
    private IrExpr pretty(Walk w, Source src, Span span, String text, boolean user, int depth) throws Fail {
        CType t = w.resolved();
        String cType = w.di.typeName(w.type);
        if (t instanceof CType.Pointer p && isChar(w.di, p.target())) {
            if (w.address) w.loadPointer();
            IrExpr s = target(span, IrType.STRING, text, src, w, new Result.CString(0), cType, user);
            return print(span, "\"%s\"", List.of(s));
        }
        if (t instanceof CType.Array arr && isChar(w.di, arr.element()) && w.address) {
            w.flush();
            IrExpr s = target(span, IrType.STRING, text, src, w, new Result.CString((int) arr.count()), cType, user);
            return print(span, "\"%s\"", List.of(s));
        }
        if (t instanceof CType.Pointer p && w.di.type(w.di.resolve(p.target())) instanceof CType.Struct) {
            if (w.address) w.loadPointer();
            w.type = p.target();
            w.address = true;
            w.startAt(p.target());
            t = w.resolved();
        }
        if (t instanceof CType.Struct s && w.address) {
            w.flush();
            List<TargetAccess> members = new ArrayList<>();
            StringBuilder fmt = new StringBuilder("{");
            String root = spelling(w.di, w.type);
            TargetAccess.Field base = root == null ? null : new TargetAccess.Field(root, List.of(), w.kernelTypes && "kernel".equals(w.di.owner()));
            prettyMembers(w.di, s, 0, fmt, members, depth > 1 ? 2 : 1, base);
            fmt.append('}');
            Format f;
            try {
                f = FormatParser.parse(fmt.toString());
            } catch (FormatParser.BadFormat e) {
                throw new IllegalStateException(e);
            }
            TargetAccess whole = new TargetAccess(src, w.steps, new Result.Pretty(f, members), cType, user);
            return new IrExpr.Target(span, IrType.STRING, text + "$", whole);
        }
        IrExpr v = finish(w, src, span, text, user, cType);
        boolean ptr = t instanceof CType.Pointer;
        return print(span, v.type() == IrType.STRING ? "\"%s\"" : ptr ? "%#x" : "%d", List.of(v));
    }

    /** {@code base}: the struct's CO-RE name and the path to {@code s} in it (null: none), for each member's field. */
    private static void prettyMembers(DebugInfo di, CType.Struct s, long baseBits, StringBuilder fmt,
                                      List<TargetAccess> out, int depth, TargetAccess.Field base) {
        boolean first = true;
        for (CType.Member m : s.members()) {
            CType mt = di.type(di.resolve(m.type()));
            long bit = baseBits + m.bitOffset();
            if (!first) fmt.append(", ");
            first = false;
            String label = m.name().isEmpty() ? "" : "." + m.name() + "=";
            TargetAccess.Field field = base == null || m.name().isEmpty() ? null : member(base, m.name());
            if (m.bitSize() != 0 && mt instanceof CType.Int it) {
                int unit = (int) Math.max(1, di.sizeOf(m.type()));
                long unitOff = (bit / (unit * 8L)) * unit;
                fmt.append(label).append("%d");
                out.add(new TargetAccess(new Source.Base(), List.of(new Step.Deref(unitOff, unit, false),
                        new Step.Bitfield((int) (bit - unitOff * 8), m.bitSize(), it.signed(), field)),
                        new Result.Int(8, it.signed()), di.typeName(m.type()), false));
            } else if (mt instanceof CType.Int || mt instanceof CType.Enum) {
                int size = (int) di.sizeOf(m.type());
                boolean signed = mt instanceof CType.Int it ? it.signed() : ((CType.Enum) mt).signed();
                fmt.append(label).append("%d");
                out.add(new TargetAccess(new Source.Base(), List.of(new Step.Deref(bit / 8, size, signed, field)),
                        new Result.Int(size, signed), di.typeName(m.type()), false));
            } else if (mt instanceof CType.Pointer) {
                fmt.append(label).append("%#x");
                out.add(new TargetAccess(new Source.Base(), List.of(new Step.Deref(bit / 8, 8, false, field)),
                        new Result.Int(8, false), di.typeName(m.type()), false));
            } else if (mt instanceof CType.Array arr && isChar(di, arr.element())) {
                fmt.append(label).append("\"%s\"");
                out.add(new TargetAccess(new Source.Base(), List.of(new Step.Offset(bit / 8, field)),
                        new Result.CString((int) arr.count()), di.typeName(m.type()), false));
            } else if (mt instanceof CType.Struct inner && depth > 1) {
                fmt.append(label).append('{');
                prettyMembers(di, inner, bit, fmt, out, depth - 1, m.name().isEmpty() ? base : field);
                fmt.append('}');
            } else {
                fmt.append(label).append("{...}");
            }
        }
    }

    /** {@code base}'s path one member further. */
    private static TargetAccess.Field member(TargetAccess.Field base, String name) {
        List<String> p = new ArrayList<>(base.path());
        p.add(name);
        return new TargetAccess.Field(base.type(), p, base.kernel());
    }

    private static IrExpr print(Span span, String fmt, List<IrExpr> args) {
        try {
            return new IrExpr.Print(span, FormatParser.parse(fmt), args, true);
        } catch (FormatParser.BadFormat e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * At a static marker: {@code $arg1..$argN} (the note's operands, sized and signed as it says; no members, no
     * address), {@code $$name}, {@code $$provider}, and {@code $$parms}/{@code $$vars} ({@code $arg1=%#x ...}).
     */
    private IrExpr markVar(Expr.TargetVar tv, ResolvedPoint rp, ResolvedPoint.Mark mark, boolean addressOf) throws Fail {
        String n = tv.name();
        Span span = tv.span();
        java.util.function.Supplier<Fail> noMembers = () -> new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span,
                "'" + n + "' of a marker is a number without a type: it has no members, address or pretty form")
                .withHint("cast it: @cast(" + n + ", \"struct ...\")->member, or read it with user_string(" + n + ")"));
        switch (n) {
            case "$$name", "$$provider" -> {
                if (n.equals("$$provider") && mark.provider().isEmpty()) break; // a PLT stub has a name only
                if (!tv.path().isEmpty() || tv.pretty() > 0 || addressOf) throw noMembers.get();
                return new IrExpr.StrConst(span, n.equals("$$name") ? mark.name() : mark.provider());
            }
            case "$$parms", "$$vars", "$$locals" -> {
                if (!tv.path().isEmpty() || addressOf) throw noMembers.get();
                if (n.equals("$$locals") || mark.args().isEmpty()) return new IrExpr.StrConst(span, "");
                List<String> parts = new ArrayList<>();
                List<IrExpr> args = new ArrayList<>();
                for (int i = 0; i < mark.args().size(); i++) {
                    if (mark.args().get(i) == null) {
                        parts.add("$arg" + (i + 1) + "=?");
                        continue;
                    }
                    parts.add("$arg" + (i + 1) + "=%#x");
                    args.add(markArg(span, "$arg" + (i + 1), mark.args().get(i)));
                }
                return print(span, String.join(" ", parts), args);
            }
            default -> { }
        }
        if (n.matches("\\$arg[1-9][0-9]*")) {
            int i = Integer.parseInt(n.substring(4)) - 1;
            if (i < mark.args().size()) {
                if (!tv.path().isEmpty() || tv.pretty() > 0 || addressOf) throw noMembers.get();
                TargetAccess a = mark.args().get(i);
                if (a == null) {
                    throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "cannot read " + n + " at "
                            + rp.point() + ": " + mark.argErrors().get(i)));
                }
                return markArg(span, n, a);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= mark.args().size(); i++) names.add("$arg" + i);
        names.addAll(mark.provider().isEmpty() ? List.of("$$name") : List.of("$$name", "$$provider", "$$parms"));
        Diagnostic d = Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, span, "unable to find target variable '" + n + "' at "
                + rp.point() + " (available: " + String.join(" ", names) + ")");
        String hint = Hints.didYouMean(n, names);
        throw new Fail(hint == null ? d : d.withHint(hint));
    }

    /** A marker argument: a constant operand folds (truncated and extended to its size), the rest reads at run time. */
    private static IrExpr markArg(Span span, String text, TargetAccess a) {
        if (a.source() instanceof Source.Value v && v.value() instanceof IrExpr.IntConst c && a.steps().isEmpty()
                && a.result() instanceof Result.Int r) {
            long x = c.value();
            if (r.bytes() < 8) {
                int sh = 64 - 8 * r.bytes();
                x = r.signed() ? (x << sh) >> sh : (x << sh) >>> sh;
            }
            return new IrExpr.IntConst(span, x);
        }
        return new IrExpr.Target(span, IrType.LONG, text, a);
    }

    /** {@code $$parms}, {@code $$vars}, {@code $$locals}, {@code $$return}, each optionally pretty. */
    private IrExpr special(Expr.TargetVar tv, ResolvedPoint rp) throws Fail {
        String n = tv.name();
        boolean pretty = tv.pretty() > 0;
        if (!tv.path().isEmpty()) throw new Fail(Diagnostic.error(Codes.SEM_UNKNOWN_TARGET_VAR, tv.span(), n + " has no members"));
        List<String> parts = new ArrayList<>();
        List<IrExpr> args = new ArrayList<>();
        switch (n) {
            case "$$parms", "$$vars", "$$locals" -> {
                for (ResolvedPoint.TargetVarDef d : rp.vars()) {
                    if (n.equals("$$parms") && d.local() || n.equals("$$locals") && !d.local()) continue;
                    CType dt = rp.debugInfo().type(rp.debugInfo().resolve(d.type()));
                    if (!pretty && (dt instanceof CType.Struct || dt instanceof CType.Forward)) {
                        parts.add(d.name() + "={...}"); // a by-value struct: its members only with $$parms$
                        continue;
                    }
                    Expr.TargetVar one = new Expr.TargetVar(tv.span(), "$" + d.name(), List.of(), pretty ? 1 : 0);
                    IrExpr v;
                    try {
                        v = build(one, false);
                    } catch (Fail f) {
                        parts.add(d.name() + "=?");
                        continue;
                    }
                    if (pretty || v.type() == IrType.STRING) {
                        parts.add(d.name() + "=%s");
                    } else {
                        parts.add(d.name() + "=%#x");
                    }
                    args.add(v);
                }
            }
            case "$$return" -> {
                if (rp.returnType() == null) return new IrExpr.StrConst(tv.span(), "");
                if (!pretty && rp.debugInfo().type(rp.debugInfo().resolve(rp.returnType())) instanceof CType.Struct) {
                    return new IrExpr.StrConst(tv.span(), "return={...}"); // by value, as a by-value parameter
                }
                Expr.TargetVar one = new Expr.TargetVar(tv.span(), "$return", List.of(), pretty ? 1 : 0);
                IrExpr v = build(one, false);
                parts.add(v.type() == IrType.STRING ? "return=%s" : "return=%#x");
                args.add(v);
            }
            default -> throw unknown(tv.span(), n, rp);
        }
        if (parts.isEmpty()) return new IrExpr.StrConst(tv.span(), "");
        return print(tv.span(), String.join(" ", parts), args);
    }
}
