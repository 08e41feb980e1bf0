package org.jstap.api.ir;

import java.util.List;
import org.jstap.api.diag.Span;

/**
 * One derived probe: a user probe expanded through aliases, wildcards and braces down to one concrete point.
 * <ul>
 * <li>{@code id}: unique, C-safe ({@code probe_0}, ...), in program order; {@code group}: index of the user's
 * {@code probe} declaration it came from (derived probes of one group share the body).</li>
 * <li>{@code point}: the canonical point as {@code -p2} and {@code pp()} print it
 * ({@code kernel.function("vfs_read").call}, {@code timer.s(1)}); {@code origin}: the user's points as written,
 * comma-joined ({@code -p2}'s {@code /* <- ... *}{@code /}); {@code function}: what {@code ppfunc()} returns
 * ("" when the point has no function).</li>
 * <li>{@code condition}: the {@code if (...)} of the point(s), and of any alias points, and-ed, or null. The probe
 * body runs only when it is non-zero (stap also disarms the probe; running-and-skipping is equivalent).</li>
 * <li>{@code body}: alias prologues, the user's body, alias epilogues, merged in that order;
 * {@code locals}: every local of the merged body with its slot.</li>
 * <li>{@code entrySaves}: {@code @entry(expr)} values to compute when the function is entered (kretprobe
 * entry handler / uretprobe); the body reads them with {@link IrExpr.EntryRef}.</li>
 * <li>{@code optional}: from a {@code ?} or {@code !} point: failing to register it at run time is not an error.</li>
 * <li>{@code written}: the user's point this probe came from after wildcard expansion but before alias expansion,
 * with its {@code ?}/{@code !} ({@code syscall.read}, {@code timer.profile}, {@code kernel.function("vfs_read")?}):
 * what {@code pn()} returns, as stap's; null where there is none
 * (the probe jstap adds to display globals, IR from an older writer).</li>
 * </ul>
 */
public record IrProbe(Span span, String id, int group, String point, String origin, String function, IrSite site,
                      IrExpr condition, IrStmt.Block body, List<IrVar> locals, List<EntrySave> entrySaves,
                      boolean optional, String written) {
    public IrProbe {
        locals = List.copyOf(locals);
        entrySaves = List.copyOf(entrySaves);
    }

    /** Without the written point ({@code pn()} then answers the canonical point). */
    public IrProbe(Span span, String id, int group, String point, String origin, String function, IrSite site,
                   IrExpr condition, IrStmt.Block body, List<IrVar> locals, List<EntrySave> entrySaves,
                   boolean optional) {
        this(span, id, group, point, origin, function, site, condition, body, locals, entrySaves, optional, null);
    }

    /** What {@code pn()} returns: the written point, else the canonical one. */
    public String pn() {
        return written != null ? written : point;
    }

    /** An {@code @entry(expr)}: evaluated at function entry, {@code expr} only reads the entry context. */
    public record EntrySave(int slot, IrType type, IrExpr expr) {}
}
