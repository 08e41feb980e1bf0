package org.jstap.api.ir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.api.artefact.RecordTree;
import org.jstap.api.diag.Span;

/**
 * Checks an {@code ir.json} read from outside this process ({@code --from}, the cache) before any stage trusts it:
 * the schema (no missing field: {@link RecordTree}), that every name refers to something the program declares,
 * that every local slot is inside its frame, that names which become C identifiers are identifiers, and timers
 * that can tick. A hand-edited or corrupted file gets one message naming the field, never a crash or a hang in
 * a later stage. What needs guru mode is {@link #guruConstructs} (the caller knows the current options).
 */
public final class IrCheck {
    /** The IR fields that may be null (docs/ir.md); every other one must be present. */
    public static final Set<String> NULLABLE = Set.of(
            "IrProgram.script", "IrProgram.elided",
            "IrGlobal.maxEntries", "IrGlobal.init", "IrConst.stringValue",
            "IrProbe.origin", "IrProbe.function", "IrProbe.condition", "IrProbe.written",
            "IrStmt.If.otherwise", "IrStmt.For.init", "IrStmt.For.cond", "IrStmt.For.step",
            "IrStmt.Foreach.value", "IrStmt.Foreach.slice", "IrStmt.Foreach.sortStat", "IrStmt.Foreach.limit",
            "IrStmt.Return.value", "IrStmt.Try.catchVar",
            "IrSite.KernelFunction.module", "IrSite.KernelFunction.maxActive", "IrSite.KernelFunction.returnType",
            "IrSite.Kprobe.module", "IrSite.Kprobe.maxActive", "IrSite.Process.symbol", "IrSite.ProcessLife.path",
            "IrSite.Perf.event", "IrSite.Perf.process", "IrSite.Perf.counter", "IrSite.Watchpoint.symbol", "IrSite.Param.cType",
            "TargetAccess.cType", "TargetAccess.Source.ArgAddress.register", "IrExpr.Target.text",
            "Format.Conv.spec", "Format.Conv.argType",
            // CO-RE member names: absent in older artefacts and for what has no name to relocate by
            "TargetAccess.Step.Deref.field", "TargetAccess.Step.Offset.field", "TargetAccess.Step.Index.elementType",
            "TargetAccess.Step.Bitfield.field");

    private static final Pattern C_IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CORE_TYPE = Pattern.compile("(?:(?:struct|union) )?[A-Za-z_][A-Za-z0-9_]*");
    /** A C type spelling as BTF names them: words, pointers, arrays, function pointers; nothing ending a declaration or comment. */
    private static final Pattern C_TYPE = Pattern.compile("[A-Za-z0-9_ *\\[\\](),.]*");

    private IrCheck() {}

    /** Every problem is an {@link ArtefactException} whose message starts with the field's path. */
    public static void check(IrArtefact a) throws ArtefactException {
        RecordTree.walk(a.header(), "header", Set.of(), (n, p) -> { });
        if (a.program() == null) throw new ArtefactException("program is missing or null");
        IrProgram prog = a.program();
        RecordTree.walk(prog.globals(), "program.globals", NULLABLE, (n, p) -> node(n, p, prog, -1, Set.of()));
        RecordTree.walk(prog.embeds(), "program.embeds", NULLABLE, (n, p) -> { });
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < prog.functions().size(); i++) {
            IrFunction f = prog.functions().get(i);
            String path = "program.functions[" + i + "]";
            if (f == null) throw new ArtefactException(path + " is null");
            if (f.params() == null || f.locals() == null) {
                throw new ArtefactException(path + "." + (f.params() == null ? "params" : "locals") + " is missing or null");
            }
            int frame = f.params().size() + f.locals().size();
            RecordTree.walk(f, path, NULLABLE, (n, p) -> node(n, p, prog, frame, Set.of()));
            if (!ids.add(f.id())) throw new ArtefactException(path + ".id '" + f.id() + "' is not unique");
        }
        ids.clear();
        for (int i = 0; i < prog.probes().size(); i++) {
            IrProbe pr = prog.probes().get(i);
            String path = "program.probes[" + i + "]";
            if (pr == null) throw new ArtefactException(path + " is null");
            if (pr.locals() == null || pr.entrySaves() == null) {
                throw new ArtefactException(path + "." + (pr.locals() == null ? "locals" : "entrySaves") + " is missing or null");
            }
            Set<Integer> entry = new HashSet<>();
            for (IrProbe.EntrySave e : pr.entrySaves()) if (e != null) entry.add(e.slot());
            int frame = pr.locals().size();
            RecordTree.walk(pr, path, NULLABLE, (n, p) -> node(n, p, prog, frame, entry));
            if (!ids.add(pr.id())) throw new ArtefactException(path + ".id '" + pr.id() + "' is not unique");
        }
        Set<String> names = new HashSet<>();
        for (IrGlobal g : prog.globals()) {
            if (!names.add(g.mangled())) throw new ArtefactException("program.globals: '" + g.mangled() + "' twice");
        }
    }

    private static void node(Object n, String p, IrProgram prog, int frame, Set<Integer> entrySlots)
            throws ArtefactException {
        if (n instanceof IrExpr.LocalRef l) {
            slot(p, l.slot(), frame);
        } else if (n instanceof IrVar v) {
            slot(p, v.slot(), frame);
        } else if (n instanceof IrExpr.EntryRef e) {
            if (!entrySlots.contains(e.slot())) throw new ArtefactException(p + ".slot " + e.slot()
                    + " is no @entry value of this probe");
        } else if (n instanceof IrExpr.GlobalRef g) {
            global(p, prog, g.global());
        } else if (n instanceof IrExpr.ArrayGet g) {
            IrGlobal gl = global(p, prog, g.global());
            if (gl.keyTypes().size() != g.keys().size()) throw new ArtefactException(p + ".keys: " + g.keys().size()
                    + " keys for '" + g.global() + "', which has " + gl.keyTypes().size());
        } else if (n instanceof IrExpr.In in) {
            global(p, prog, in.global());
        } else if (n instanceof IrStmt.Foreach f) {
            global(p, prog, f.global());
        } else if (n instanceof IrExpr.CallFunction c) {
            IrFunction f = prog.function(c.function());
            if (f == null) throw new ArtefactException(p + ".function '" + c.function() + "' is not in program.functions");
            if (f.params() != null && f.params().size() != c.args().size()) throw new ArtefactException(p + ".args: "
                    + c.args().size() + " arguments for '" + c.function() + "', which takes " + f.params().size());
        } else if (n instanceof IrExpr.Print pr) {
            if (pr.format().argumentCount() != pr.args().size()) throw new ArtefactException(p + ".args: "
                    + pr.args().size() + " arguments for a format that takes " + pr.format().argumentCount());
        } else if (n instanceof IrProbe pr) {
            ident(p + ".id", pr.id());
        } else if (n instanceof IrGlobal g) {
            ident(p + ".mangled", g.mangled());
        } else if (n instanceof IrFunction f) {
            ident(p + ".id", f.id());
        } else if (n instanceof IrSite.Timer t) {
            if (t.periodNs() <= 0 && t.jiffies() <= 0) throw new ArtefactException(p
                    + ": a timer needs periodNs or jiffies above 0");
            if (t.randomizeNs() < 0 || t.randomizeJiffies() < 0) throw new ArtefactException(p + ": negative randomize");
        } else if (n instanceof TargetAccess.Source.Arg a) {
            ident(p + ".register", a.register());
        } else if (n instanceof TargetAccess.Source.ArgAddress a) {
            if (a.register() != null) ident(p + ".register", a.register());
        } else if (n instanceof TargetAccess.Source.Register r) {
            ident(p + ".name", r.name());
        } else if (n instanceof TargetAccess t) {
            cType(p + ".cType", t.cType());
        } else if (n instanceof TargetAccess.Field f) {
            // spelled into generated C: a tagged or typedef name, member names and constant indexes only
            if (!CORE_TYPE.matcher(f.type()).matches()) throw new ArtefactException(p + ".type '" + f.type()
                    + "' is not a struct, union or typedef name");
            for (String m : f.path()) {
                if (!C_IDENT.matcher(m).matches() && !m.matches("\\[-?[0-9]{1,19}\\]")) throw new ArtefactException(p
                        + ".path: '" + m + "' is neither a member name nor [N]");
            }
        } else if (n instanceof TargetAccess.Step.Index ix) {
            if (ix.elementType() != null && !CORE_TYPE.matcher(ix.elementType()).matches()) throw new ArtefactException(p
                    + ".elementType '" + ix.elementType() + "' is not a struct, union or typedef name");
        } else if (n instanceof IrSite.Param prm) {
            ident(p + ".name", prm.name());
            cType(p + ".cType", prm.cType());
        }
    }

    private static void slot(String p, int slot, int frame) throws ArtefactException {
        if (frame < 0) throw new ArtefactException(p + ": a local outside any probe or function");
        if (slot < 0 || slot >= frame) throw new ArtefactException(p + ".slot " + slot + " is outside the frame (0.."
                + (frame - 1) + ")");
    }

    private static IrGlobal global(String p, IrProgram prog, String name) throws ArtefactException {
        IrGlobal g = name == null ? null : prog.global(name);
        if (g == null) throw new ArtefactException(p + ".global '" + name + "' is not in program.globals");
        return g;
    }

    private static void ident(String p, String s) throws ArtefactException {
        if (s == null || !C_IDENT.matcher(s).matches()) throw new ArtefactException(p + " '" + s
                + "' is not an identifier (letters, digits, '_')");
    }

    private static void cType(String p, String s) throws ArtefactException {
        if (s != null && !C_TYPE.matcher(s).matches()) throw new ArtefactException(p + " '" + s + "' is not a C type name");
    }

    /**
     * What in this program needs guru mode, one line each with its place: embedded C (top-level, function bodies,
     * expressions) not from the tapset library, and writes to target variables. {@code trustedC} says whether a
     * piece of embedded C is the library's own text (the caller knows where the library is).
     */
    public static List<String> guruConstructs(IrProgram prog, java.util.function.Predicate<String> trustedC) {
        List<String> out = new ArrayList<>();
        for (String e : prog.embeds()) if (!trustedC.test(e)) out.add("a top-level embedded C block");
        for (IrFunction f : prog.functions()) {
            if (f.body() instanceof IrFunction.Body.EmbeddedC c && !trustedC.test(c.code())) {
                out.add("embedded C function '" + f.name() + "' at " + f.span());
            }
        }
        List<Object> nodes = new ArrayList<>();
        try {
            for (IrFunction f : prog.functions()) RecordTree.walk(f, "", NULLABLE, (n, p) -> nodes.add(n));
            for (IrProbe pr : prog.probes()) RecordTree.walk(pr, "", NULLABLE, (n, p) -> nodes.add(n));
        } catch (ArtefactException e) {
            out.add("an unreadable program (" + e.getMessage() + ")");
        }
        for (Object n : nodes) {
            if (n instanceof IrExpr.Embedded e) {
                if (!trustedC.test(e.code())) out.add("embedded C at " + e.span());
            } else if (n instanceof IrExpr.Assign a) {
                write(out, a.target(), a.span());
            } else if (n instanceof IrExpr.IncDec i) {
                write(out, i.target(), i.span());
            } else if (n instanceof IrExpr.Aggregate a) {
                write(out, a.target(), a.span());
            }
        }
        return out;
    }

    private static void write(List<String> out, IrExpr target, Span at) {
        if (target instanceof IrExpr.Target t && !(t.access().source() instanceof TargetAccess.Source.ProcfsValue)) {
            out.add("a write to target variable " + (t.text() == null ? "" : "'" + t.text() + "' ") + "at " + at);
        }
    }
}
