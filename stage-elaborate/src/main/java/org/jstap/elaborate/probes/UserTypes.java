package org.jstap.elaborate.probes;

import java.nio.file.Path;
import org.jstap.api.debuginfo.DebugInfo;
import org.jstap.api.debuginfo.HeaderTypes;
import org.jstap.api.ir.PointContext;
import org.jstap.elaborate.dwarf.BtfOverlay;

/**
 * The types a user-space program's DWARF variables are mapped onto ({@link BtfOverlay}'s base): the program's own
 * structs, unions, enums and typedefs as BTF (the debug-info provider encodes its DWARF with pahole once), so
 * {@code $p->member} walks them as a kernel struct. Without them (no pahole) scalars and pointers keep their DWARF
 * types and a struct is a declaration, whose members are an error saying why.
 */
final class UserTypes {
    private UserTypes() {}

    /** The types of {@code dwarfFile} (the program, or its debug file). */
    static DebugInfo of(Path dwarfFile, PointContext ctx) {
        HeaderTypes t = ctx.programTypes(dwarfFile);
        if (t instanceof HeaderTypes.Found f) return f.debugInfo();
        return BtfOverlay.noTypes(dwarfFile.toString(), ((HeaderTypes.Failed) t).reason());
    }
}
