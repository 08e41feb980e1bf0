package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jstap.api.ast.Decl;
import org.jstap.api.ast.Expr;
import org.jstap.api.ast.ProbePoint;
import org.jstap.api.ast.ProbePoint.Component;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostic;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.api.spi.ProbeProvider;
import org.jstap.irtools.Glob;

/**
 * Turns a user's probe points into concrete {@link Derived} points: brace expansion, alias matching (with
 * suffixes: {@code myalias.return} appends {@code .return} to each target), recursion through aliases, then
 * the providers for whatever is left. {@code ?} makes an unresolvable point silent; {@code !} (which implies
 * {@code ?}) stops at the first point of a list that resolves.
 */
final class PointExpander {
    private static final int MAX_DEPTH = 20;

    private final Symbols symbols;
    private final List<ProbeProvider> providers;
    private final PointContext ctx;
    /** The last alias target that resolved to nothing, to explain an unresolved point. */
    private ProbePoint failedTarget;

    PointExpander(Symbols symbols, List<ProbeProvider> providers, PointContext ctx) {
        this.symbols = symbols;
        this.providers = providers;
        this.ctx = ctx;
    }

    /** All derived points of one probe's point list, in order; reports unresolvable non-optional points. */
    List<Derived> expandAll(List<ProbePoint> points) {
        List<Derived> out = new ArrayList<>();
        for (ProbePoint p : points) {
            failedTarget = null;
            List<Derived> ds = expand(p, 0, new HashSet<>());
            if (ds == null) continue; // already reported
            if (ds.isEmpty()) {
                if (!p.optional() && !p.sufficient()) reportUnresolved(p); // '!' implies '?'
                continue;
            }
            // pn(), as stap: the point after wildcard expansion but before alias expansion, with the user's ?/!
            String mark = p.sufficient() ? "!" : p.optional() ? "?" : "";
            for (Derived d : ds) out.add(d.withWritten(d.listName() + mark));
            if (p.sufficient()) break;
        }
        return out;
    }

    /** Null when an error was reported on the way, empty when nothing matched. */
    private List<Derived> expand(ProbePoint p, int depth, Set<Decl.Alias> seen) {
        if (depth > MAX_DEPTH) {
            ctx.diagnostics().report(Diagnostic.error(Codes.SEM_RECURSIVE_ALIAS, p.span(),
                    "probe alias expansion too deep at '" + p.text() + "'"));
            return null;
        }
        List<Derived> out = new ArrayList<>();
        for (ProbePoint v : braceVariants(p)) {
            List<Derived> ds = expandOne(v, depth, seen);
            if (ds == null) return null;
            out.addAll(ds);
        }
        return out;
    }

    private List<Derived> expandOne(ProbePoint p, int depth, Set<Decl.Alias> seen) {
        List<Match> matches = aliasMatches(p);
        if (!matches.isEmpty()) {
            List<Derived> out = new ArrayList<>();
            for (Match m : matches) {
                if (seen.contains(m.alias.decl())) {
                    ctx.diagnostics().report(Diagnostic.error(Codes.SEM_RECURSIVE_ALIAS, p.span(),
                            "probe alias '" + m.name.text() + "' refers to itself")
                            .withRelated(m.alias.decl().span(), "alias declared here"));
                    return null;
                }
                Set<Decl.Alias> inner = new HashSet<>(seen);
                inner.add(m.alias.decl());
                List<Component> suffix = p.components().subList(m.length, p.components().size());
                String listName = instantiate(m.name, p, m.length) + (suffix.isEmpty() ? "" : "." + suffixText(suffix));
                List<Derived> fromAlias = new ArrayList<>();
                for (ProbePoint target : m.alias.decl().targets()) {
                    List<Component> cs = new ArrayList<>(target.components());
                    cs.addAll(suffix);
                    ProbePoint t = new ProbePoint(target.span(), cs, target.optional(), target.sufficient(),
                            target.condition());
                    List<Derived> ds = expand(t, depth + 1, inner);
                    if (ds == null) return null;
                    if (ds.isEmpty() && !t.optional() && !t.sufficient()) {
                        failedTarget = t; // the alias does not fit (this suffix, or this kernel)
                        continue;
                    }
                    for (Derived d : ds) fromAlias.add(wrap(d, m.alias.decl(), p.condition(), listName));
                    if (!ds.isEmpty() && t.sufficient()) break;
                }
                out.addAll(fromAlias);
            }
            if (!out.isEmpty() || !hasProvider(p)) return out;
        }
        for (ProbeProvider prov : providers) {
            if (!prov.matches(p)) continue;
            List<Derived> out = new ArrayList<>();
            long errors = ctx.diagnostics().errorCount();
            int mark = ctx.diagnostics().mark();
            List<ResolvedPoint> rps = prov.resolve(p, ctx);
            if (rps.isEmpty() && ctx.diagnostics().errorCount() > errors) {
                // an optional point ('!' implies '?') that cannot resolve is skipped, whatever the reason, as stap
                if (!p.optional() && !p.sufficient()) return null; // the provider said why
                for (Diagnostic d : ctx.diagnostics().retractErrors(mark)) {
                    if (ctx.options().verbosity() > 0) {
                        ctx.diagnostics().report(Diagnostic.warning(Codes.WARN_OPTIONAL_SKIPPED, d.span(),
                                "skipped optional probe point '" + p.text() + "': " + d.message()));
                    }
                }
            }
            for (ResolvedPoint rp : rps) {
                List<Expr> conds = p.condition() == null ? List.of() : List.of(p.condition());
                out.add(new Derived(rp, List.of(), List.of(), conds, rp.point(), p.optional()));
            }
            return out;
        }
        return List.of();
    }

    private boolean hasProvider(ProbePoint p) {
        for (ProbeProvider prov : providers) if (prov.matches(p)) return true;
        return false;
    }

    private static Derived wrap(Derived d, Decl.Alias alias, Expr userCond, String listName) {
        List<org.jstap.api.ast.Stmt.Block> pro = new ArrayList<>(d.prologues());
        List<org.jstap.api.ast.Stmt.Block> epi = new ArrayList<>(d.epilogues());
        if (alias.prologue() != null) pro.add(alias.prologue());
        if (alias.epilogue() != null) epi.add(0, alias.epilogue());
        List<Expr> conds = new ArrayList<>(d.conditions());
        if (userCond != null) conds.add(userCond);
        return new Derived(d.point(), pro, epi, conds, listName, d.optional());
    }

    private record Match(Symbols.AliasSym alias, ProbePoint name, int length) {}

    /** Aliases matching exactly (all components), else those matching the longest proper prefix. */
    private List<Match> aliasMatches(ProbePoint p) {
        List<Component> cs = p.components();
        List<Match> exact = new ArrayList<>(), prefix = new ArrayList<>();
        int best = 0;
        boolean deep = cs.stream().anyMatch(c -> c.name().equals("**") && c.arg() == null);
        for (Symbols.AliasSym a : symbols.aliases(cs.get(0).name(), cs.size() > 1 ? cs.get(1).name() : null)) {
            for (ProbePoint name : a.decl().names()) {
                int k = name.components().size();
                if (deep) {
                    // "**" stands for one or more components: the whole alias name must match
                    if (deepMatch(name.components(), 0, cs, 0)) exact.add(new Match(a, name, cs.size()));
                    continue;
                }
                if (k > cs.size() || !componentsMatch(name.components(), cs)) continue;
                if (k == cs.size()) exact.add(new Match(a, name, k));
                else if (k >= best) {
                    if (k > best) prefix.clear();
                    best = k;
                    prefix.add(new Match(a, name, k));
                }
            }
        }
        return exact.isEmpty() ? prefix : exact;
    }

    private static boolean componentsMatch(List<Component> alias, List<Component> point) {
        for (int i = 0; i < alias.size(); i++) {
            Component a = alias.get(i), p = point.get(i);
            if (!Glob.matcher(p.name()).test(a.name())) return false;
            if (!sameArg(a.arg(), p.arg())) return false;
        }
        return true;
    }

    /** alias[ai..] against point[pi..], where a point component "**" takes one or more alias components. */
    private static boolean deepMatch(List<Component> alias, int ai, List<Component> point, int pi) {
        if (pi == point.size()) return ai == alias.size();
        Component p = point.get(pi);
        if (p.name().equals("**") && p.arg() == null) {
            for (int take = 1; ai + take <= alias.size(); take++) {
                if (deepMatch(alias, ai + take, point, pi + 1)) return true;
            }
            return false;
        }
        if (ai == alias.size()) return false;
        Component a = alias.get(ai);
        if (!Glob.matcher(p.name()).test(a.name()) || !sameArg(a.arg(), p.arg())) return false;
        return deepMatch(alias, ai + 1, point, pi + 1);
    }

    private static boolean sameArg(Expr a, Expr b) {
        if (a == null || b == null) return a == null && b == null;
        if (a instanceof Expr.IntLit x && b instanceof Expr.IntLit y) return x.value() == y.value();
        if (a instanceof Expr.StrLit x && b instanceof Expr.StrLit y) return Glob.matcher(y.value()).test(x.value());
        return false;
    }

    private static String instantiate(ProbePoint aliasName, ProbePoint user, int k) {
        return aliasName.text();
    }

    private static String suffixText(List<Component> cs) {
        return new ProbePoint(cs.get(0).span(), cs, false, false, null).text();
    }

    /** Brace expansion over component names and string arguments. */
    static List<ProbePoint> braceVariants(ProbePoint p) {
        boolean any = false;
        for (Component c : p.components()) {
            if (c.name().contains("{") || (c.arg() instanceof Expr.StrLit s && s.value().contains("{"))) any = true;
        }
        if (!any) return List.of(p);
        List<List<Component>> acc = new ArrayList<>();
        acc.add(new ArrayList<>());
        for (Component c : p.components()) {
            List<Component> alts = new ArrayList<>();
            for (String n : Glob.expandBraces(c.name())) {
                if (c.arg() instanceof Expr.StrLit s) {
                    for (String v : Glob.expandBraces(s.value())) {
                        alts.add(new Component(c.span(), n, new Expr.StrLit(s.span(), v)));
                    }
                } else {
                    alts.add(new Component(c.span(), n, c.arg()));
                }
            }
            List<List<Component>> next = new ArrayList<>();
            for (List<Component> prefix : acc) {
                for (Component alt : alts) {
                    List<Component> l = new ArrayList<>(prefix);
                    l.add(alt);
                    next.add(l);
                }
            }
            acc = next;
        }
        List<ProbePoint> out = new ArrayList<>();
        for (List<Component> cs : acc) out.add(new ProbePoint(p.span(), cs, p.optional(), p.sufficient(), p.condition()));
        return out;
    }

    private void reportUnresolved(ProbePoint p) {
        Diagnostics d = ctx.diagnostics();
        String text = p.text();
        Set<String> candidates = new TreeSet<>();
        for (Symbols.AliasSym a : symbols.aliases(p.components().get(0).name())) {
            for (ProbePoint n : a.decl().names()) candidates.add(n.text());
        }
        String hint = null;
        boolean known = hasProvider(p);
        if (!known) {
            for (ProbeProvider prov : providers) candidates.addAll(prov.shapes());
            hint = Hints.didYouMean(text, candidates);
            if (hint == null) {
                String head = p.components().get(0).name();
                for (String c : candidates) {
                    if (c.startsWith(head + ".") || c.startsWith(head + "(")) {
                        hint = "known points here include `" + c + "`";
                        break;
                    }
                }
            }
        } else {
            hint = functionHint(p);
        }
        Diagnostic diag = Diagnostic.error(Codes.SEM_UNRESOLVED_PROBE, p.span(),
                "probe point '" + text + "' does not match anything");
        if (failedTarget != null) {
            diag = diag.withRelated(failedTarget.span(), "an alias expands to '" + failedTarget.text()
                    + "', which does not exist here");
            failedTarget = null;
        }
        d.report(hint == null ? diag : diag.withHint(hint));
    }

    /** For {@code kernel.function("vfs_reed")}: the closest kernel function names. */
    private String functionHint(ProbePoint p) {
        for (Component c : p.components()) {
            if ((c.name().equals("function") || c.name().equals("trace")) && c.arg() instanceof Expr.StrLit s
                    && !Glob.isPattern(s.value())) {
                var di = ctx.kernel();
                if (di.isEmpty()) return null;
                List<String> names = c.name().equals("trace") ? di.get().tracepointNames() : di.get().functionNames();
                return Hints.didYouMean(s.value(), names);
            }
        }
        return null;
    }
}
