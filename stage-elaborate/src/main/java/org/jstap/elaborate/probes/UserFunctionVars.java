package org.jstap.elaborate.probes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.PointContext;
import org.jstap.api.ir.ResolvedPoint;
import org.jstap.elaborate.dwarf.BtfOverlay;
import org.jstap.elaborate.dwarf.DwarfType;
import org.jstap.elaborate.dwarf.SourceIndex;

/**
 * The target variables of {@code process("PATH").function("F")[.return]} from the program's DWARF (its own
 * {@code .debug_info}, or the separate debug file Debian's {@code -dbg}/{@code -dbgsym} packages install under
 * {@code /usr/lib/debug/.build-id/}): the parameters and top-level locals with their locations at the uprobe's
 * address (the function's first instruction, where the SysV argument registers still hold the parameters), and at
 * {@code .return} the function's return type for {@code $return}. Types are mapped by {@link BtfOverlay} onto the
 * program's own types ({@link UserTypes}).
 */
final class UserFunctionVars {
    /** The point's variables, the debug info their types belong to, and {@code $return}'s type (else null). */
    record Found(List<ResolvedPoint.TargetVarDef> vars, DebugInfo debugInfo, Integer returnType) {}

    private final Path debug;
    private final SourceIndex idx; // null: no DWARF
    private final PointContext ctx;
    private DebugInfo types;

    private UserFunctionVars(Path debug, SourceIndex idx, PointContext ctx) {
        this.debug = debug;
        this.idx = idx;
        this.ctx = ctx;
    }

    /** The DWARF of {@code file} (or of its debug file), or an instance that finds nothing when it has none. */
    static UserFunctionVars of(Path file, PointContext ctx) {
        Path debug = SourceIndex.debugFileOf(file);
        if (debug == null) return new UserFunctionVars(file, null, ctx);
        try {
            return new UserFunctionVars(debug, SourceIndex.of(debug), ctx);
        } catch (IOException | RuntimeException e) {
            return new UserFunctionVars(file, null, ctx);
        }
    }

    /** The program's types, read once per resolution (on the first function DWARF describes). */
    private DebugInfo types() {
        if (types == null) types = UserTypes.of(debug, ctx);
        return types;
    }

    /** The variables of the function that starts at {@code address}; null when DWARF does not describe it. */
    Found at(long address, boolean isReturn, Span span) {
        if (idx == null) return null;
        SourceIndex.Function f = idx.functionAt(address);
        if (f == null) return null;
        DwarfVars.Found found = DwarfVars.at(idx, types(), f.unit(), f.die(), address, false, span, true);
        if (found == null) return null;
        Integer ret = null;
        if (isReturn) {
            DwarfType rt;
            try {
                rt = idx.returnType(f.unit(), f.die());
            } catch (RuntimeException e) { // a DIE this reader does not understand: no $return rather than a failure
                rt = new DwarfType.Void();
            }
            if (!(rt instanceof DwarfType.Void)) ret = ((BtfOverlay) found.debugInfo()).map(rt);
        }
        return new Found(found.vars(), found.debugInfo(), ret);
    }

}
