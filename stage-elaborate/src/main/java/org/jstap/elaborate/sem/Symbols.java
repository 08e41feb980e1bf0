package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jstap.api.StageContext;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.ir.IrType;
import org.jstap.elaborate.tapset.LibraryParser;
import org.jstap.elaborate.tapset.TapsetLibrary;

/**
 * Every global, function and alias known so far: the user's script first, library files pulled in lazily
 * when a name is not found. Private declarations are visible only inside their own file.
 */
final class Symbols {
    /** A probe alias declaration and the file it came from. */
    record AliasSym(Decl.Alias decl, String file) {}

    private final TapsetLibrary library;
    private final LibraryParser parser;
    private final StageContext ctx;
    final TypeSlot.Inference inference;

    final Map<String, List<GlobalSym>> globals = new LinkedHashMap<>();
    final Map<String, GlobalSym> globalsByMangled = new LinkedHashMap<>();
    final Map<String, List<FunctionSym>> functions = new LinkedHashMap<>();
    final Map<String, FunctionSym> functionsById = new LinkedHashMap<>();
    final List<AliasSym> aliases = new ArrayList<>();
    final List<Decl.Probe> userProbes = new ArrayList<>();
    /** Plain probes of library files, in load order: a tapset file brings its own probes along (json.stp's metadata.json endpoint). */
    final List<Decl.Probe> libraryProbes = new ArrayList<>();
    final List<Decl.Embedded> embeds = new ArrayList<>();
    /** {@code never} probes with a body: not in the IR, but a program of only those has probes (as in stap). */
    int neverProbes;
    private final Set<String> loaded = new HashSet<>();
    private final Set<String> tried = new HashSet<>();

    Symbols(TapsetLibrary library, LibraryParser parser, StageContext ctx, TypeSlot.Inference inference) {
        this.library = library;
        this.parser = parser;
        this.ctx = ctx;
        this.inference = inference;
    }

    void addFile(ScriptFile f) {
        if (!loaded.add(f.name())) return;
        boolean lib = f.library();
        if (lib) libraryFiles.add(f.name());
        for (Decl d : f.decls()) {
            if (d instanceof Decl.Global g) addGlobal(g, f.name(), lib);
            else if (d instanceof Decl.Function fn) {
                if (!lib && fn.body() instanceof Decl.Body.C c && !ctx.options().guru()) {
                    ctx.diagnostics().report(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, c.span(),
                            "embedded C function '" + fn.name() + "' needs guru mode").withHint("run with -g"));
                }
                addFunction(fn, f.name(), lib);
            }
            else if (d instanceof Decl.Alias a) aliases.add(new AliasSym(a, f.name()));
            else if (d instanceof Decl.Probe p) (lib ? libraryProbes : userProbes).add(p);
            else if (d instanceof Decl.Embedded e) {
                if (!lib && !ctx.options().guru()) {
                    ctx.diagnostics().report(Diagnostic.error(Codes.SEM_EMBEDDED_NEEDS_GURU, e.span(),
                            "embedded C code needs guru mode").withHint("run with -g"));
                }
                embeds.add(e);
            }
        }
    }

    private void addGlobal(Decl.Global g, String file, boolean lib) {
        List<GlobalSym> same = globals.computeIfAbsent(g.name(), k -> new ArrayList<>());
        for (GlobalSym o : same) {
            if (o.file.equals(file) || (!o.decl.isPrivate() && !g.isPrivate() && !lib && !o.library)) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_DUPLICATE, g.span(),
                        "duplicate global '" + g.name() + "'").withRelated(o.decl.span(), "first declared here"));
                return;
            }
        }
        if (!g.isPrivate() && lib) {
            for (GlobalSym o : same) if (!o.decl.isPrivate()) return; // the user's own wins
        }
        String mangled = g.isPrivate() ? "__private__" + stem(file) + "__" + g.name() : g.name();
        TypeSlot t = new TypeSlot(inference);
        if (g.init() instanceof Expr.IntLit) t = new TypeSlot(inference, IrType.LONG, g.span());
        else if (g.init() instanceof Expr.StrLit) t = new TypeSlot(inference, IrType.STRING, g.span());
        GlobalSym s = new GlobalSym(g, file, mangled, lib, t);
        if (s.declaredArray()) s.arityWhere = g.span();
        if (g.init() != null) { // an initial value makes it a scalar
            s.arity = 0;
            s.arityWhere = g.span();
        }
        same.add(s);
        globalsByMangled.put(mangled, s);
    }

    private void addFunction(Decl.Function fn, String file, boolean lib) {
        List<FunctionSym> same = functions.computeIfAbsent(fn.name(), k -> new ArrayList<>());
        for (FunctionSym o : same) {
            if (o.arity() != fn.params().size()) continue;
            boolean sameOwner = o.file.equals(file) || (!lib && !o.library);
            if (sameOwner && chains(o, fn)) {
                chain(same, o, new FunctionSym(fn, file, lib, inference, o));
                return;
            }
            if (prioritisedApart(o, fn)) {
                // Not chained (embedded C cannot fall through; a library and a user definition): the lower priority wins.
                if (fn.priority() < o.decl.priority()) {
                    same.remove(o);
                    break;
                }
                return;
            }
            if (sameOwner) {
                ctx.diagnostics().report(Diagnostic.error(Codes.SEM_DUPLICATE, fn.span(),
                        "duplicate function '" + fn.name() + "' with " + fn.params().size() + " parameter(s)")
                        .withRelated(o.decl.span(), "first defined here"));
                return;
            }
            if (lib && !o.library && !fn.isPrivate()) return; // the user's definition overrides the library's
        }
        FunctionSym s = new FunctionSym(fn, file, lib, inference);
        same.add(s);
        if (fn.isPrivate()) s.id = "__private__" + stem(file) + "__" + fn.name();
        renumber(fn.name());
    }

    /**
     * Two definitions of one signature by the same author make a fall-through chain (stap's overloading: the
     * lowest priority runs first, {@code next} in it runs the following one) when a priority orders them or an
     * earlier one can fall through; otherwise the second could never run, and is reported as a duplicate.
     */
    private static boolean chains(FunctionSym o, Decl.Function fn) {
        if (o.decl.isPrivate() != fn.isPrivate() || o.embedded() || fn.body() instanceof Decl.Body.C) return false;
        if (o.decl.priority() != null || fn.priority() != null) return true;
        for (FunctionSym m : o.chain()) if (NextFinder.fallsThrough(m.decl)) return true;
        return false;
    }

    private static boolean prioritisedApart(FunctionSym o, Decl.Function fn) {
        return o.decl.priority() != null && fn.priority() != null && !o.decl.priority().equals(fn.priority());
    }

    /** Puts {@code added} into {@code head}'s chain by priority (ties: declaration order); the first is the head. */
    private void chain(List<FunctionSym> same, FunctionSym head, FunctionSym added) {
        String clash = added.offerDeclaredTypes();
        if (clash != null) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_TYPE_MISMATCH, added.decl.span(), "this definition of '"
                    + added.name() + "' " + clash + ": definitions that fall through to each other share one signature")
                    .withRelated(head.decl.span(), "earlier definition"));
            return;
        }
        List<FunctionSym> members = head.chain();
        int at = members.size();
        for (int i = 0; i < members.size(); i++) {
            if (added.priority() < members.get(i).priority()) {
                at = i;
                break;
            }
        }
        members.add(at, added);
        for (FunctionSym m : members) m.fallbacks.clear();
        FunctionSym first = members.get(0);
        first.fallbacks.addAll(members.subList(1, members.size()));
        first.id = head.id;
        same.set(same.indexOf(head), first);
        renumber(first.name());
    }

    /** Overloads by arity get {@code name__N} ids; a lone function keeps its name. */
    private void renumber(String name) {
        List<FunctionSym> same = functions.get(name);
        functionsById.values().removeIf(f -> f.name().equals(name));
        for (FunctionSym f : same) {
            if (f.decl.isPrivate()) {
                functionsById.put(f.id, f);
                continue;
            }
            long publics = same.stream().filter(o -> !o.decl.isPrivate()).count();
            f.id = publics > 1 ? name + "__" + f.arity() : name;
            functionsById.put(f.id, f);
        }
    }

    static String stem(String file) {
        String s = file.replaceAll(".*/", "").replaceAll("\\.stp$", "");
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The global visible from {@code fromFile} by that name, pulling in a library file if need be. */
    GlobalSym global(String name, String fromFile) {
        GlobalSym g = visibleGlobal(name, fromFile);
        if (g != null) return g;
        if (tried.add("g:" + name)) {
            for (TapsetLibrary.Entry e : library.definingGlobal(name)) load(e);
            g = visibleGlobal(name, fromFile);
        }
        return g;
    }

    /** Files of the tapset library loaded so far. */
    private final java.util.Set<String> libraryFiles = new java.util.HashSet<>();

    /**
     * A library file sees only the library's globals: a tapset function's or alias's local {@code c} must not
     * become the user's {@code global c} (stap binds it, warns "cross-file global variable reference" and then
     * fails on the arity; a library has no business reading a user's globals).
     */
    private GlobalSym visibleGlobal(String name, String fromFile) {
        List<GlobalSym> same = globals.get(name);
        if (same == null) return null;
        boolean fromLibrary = libraryFiles.contains(fromFile);
        GlobalSym pub = null;
        for (GlobalSym g : same) {
            if (fromLibrary && !g.library) continue;
            if (g.decl.isPrivate()) {
                if (g.file.equals(fromFile)) return g;
            } else {
                pub = g;
            }
        }
        return pub;
    }

    /** Whether a private global of this name exists in another file (for a better error). */
    GlobalSym hiddenGlobal(String name, String fromFile) {
        for (GlobalSym g : globals.getOrDefault(name, List.of())) {
            if (g.decl.isPrivate() && !g.file.equals(fromFile)) return g;
        }
        return null;
    }

    /** Every function of that name visible from {@code fromFile}, pulling in library files if none is known. */
    List<FunctionSym> functions(String name, String fromFile) {
        List<FunctionSym> out = visibleFunctions(name, fromFile);
        if (out.isEmpty() && tried.add("f:" + name)) {
            for (TapsetLibrary.Entry e : library.definingFunction(name)) load(e);
            out = visibleFunctions(name, fromFile);
        }
        return out;
    }

    private List<FunctionSym> visibleFunctions(String name, String fromFile) {
        List<FunctionSym> out = new ArrayList<>();
        for (FunctionSym f : functions.getOrDefault(name, List.of())) {
            if (!f.decl.isPrivate() || f.file.equals(fromFile)) out.add(f);
        }
        return out;
    }

    List<FunctionSym> hiddenFunctions(String name, String fromFile) {
        List<FunctionSym> out = new ArrayList<>();
        for (FunctionSym f : functions.getOrDefault(name, List.of())) {
            if (f.decl.isPrivate() && !f.file.equals(fromFile)) out.add(f);
        }
        return out;
    }

    /** Aliases whose first name component could match {@code head}; loads the library files declaring such. */
    List<AliasSym> aliases(String head) {
        if (tried.add("a:" + head)) {
            for (TapsetLibrary.Entry e : library.definingAliases(head)) load(e);
        }
        return aliases;
    }

    /**
     * Aliases that could match a point starting {@code head.second} (second null: no second component); loads
     * only the library files declaring such, so {@code syscall.read} does not parse every syscall file.
     */
    List<AliasSym> aliases(String head, String second) {
        if (!tried.contains("a:" + head) && tried.add("a:" + head + "." + second)) {
            for (TapsetLibrary.Entry e : library.definingAliases(head, second)) load(e);
        }
        return aliases;
    }

    /** All names a user might have meant, for hints. */
    Set<String> knownFunctionNames() {
        Set<String> s = new HashSet<>(functions.keySet());
        s.addAll(library.functionNames());
        return s;
    }

    /** Reads one library file now (the library dumps read them all). */
    void loadEntry(TapsetLibrary.Entry e) {
        load(e);
    }

    private void load(TapsetLibrary.Entry e) {
        if (loaded.contains(e.name())) return;
        ScriptFile f = parser.parse(e.name(), e.text(), ctx);
        if (f == null) {
            loaded.add(e.name());
            return;
        }
        addFile(LibraryParser.asLibrary(new ScriptFile(e.name(), f.text(), true, f.decls())));
    }

    int loadedCount() {
        return loaded.size();
    }
}
