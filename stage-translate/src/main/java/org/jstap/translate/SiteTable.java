package org.jstap.translate;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.ir.IrProbe;

/**
 * One probe family's part of the generated module: its {@code JST_NEED_*} switch (which pulls the family's
 * runtime-c file in) and its descriptor table, an array of the family's runtime struct that {@code struct
 * jst_module} points at. Each family's emitter (a subclass) turns one of its sites into one row; {@link SiteTables}
 * hands every probe to the emitter of its site.
 */
abstract class SiteTable {
    private final String struct;
    private final String array;
    private final String field;
    private final String count;
    private final String need;
    private final boolean needAlwaysWritten;
    /** The rows in probe order, each a C initializer. */
    protected final List<String> rows = new ArrayList<>();

    /**
     * {@code struct}: the runtime's descriptor type; {@code array}: the table's name; {@code field}/{@code count}:
     * its members in {@code struct jst_module}; {@code need}: the switch, null for none; {@code needAlwaysWritten}:
     * written as 0 when unused too (the first families did; later ones appear only when used).
     */
    SiteTable(String struct, String array, String field, String count, String need, boolean needAlwaysWritten) {
        this.struct = struct;
        this.array = array;
        this.field = field;
        this.count = count;
        this.need = need;
        this.needAlwaysWritten = needAlwaysWritten;
    }

    /** The rows as written (a family may order or cap them). */
    List<String> rows() {
        return rows;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** {@code #define JST_NEED_X 0|1}. */
    final void writeSwitch(CWriter out) {
        if (need == null) return;
        if (needAlwaysWritten) out.line("#define " + need + " " + (isEmpty() ? 0 : 1));
        else if (!isEmpty()) out.line("#define " + need + " 1");
    }

    /** Limits the runtime has for this family, reported as problems (before the table is written). */
    void check(ModuleGenerator gen) {
    }

    /** {@code static struct jst_x jt_xs[] = { ... };}, nothing when the family is unused. */
    final void writeTable(CWriter out) {
        List<String> rs = rows();
        if (rs.isEmpty()) return;
        writePrelude(out);
        out.line("static struct " + struct + " " + array + "[] = {");
        for (String r : rs) out.line("\t" + r + ",");
        out.line("};");
    }

    /** What the rows refer to, written before the table (nothing by default). */
    void writePrelude(CWriter out) {
    }

    /** The table's two members of {@code struct jst_module}. */
    final void writeModuleField(CWriter out) {
        if (!rows().isEmpty()) out.line("\t." + field + " = " + array + ", ." + count + " = ARRAY_SIZE(" + array + "),");
    }

    /** The probe's {@code struct jst_probe}, as a row references it. */
    static String desc(IrProbe p) {
        return "&" + ModuleGenerator.probeDesc(p);
    }

    static String optional(IrProbe p) {
        return p.optional() ? "1" : "0";
    }
}
