package org.jstap.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jstap.api.ir.IrProbe;

/** {@code begin}, {@code end}, {@code error} (jst_probes.c): one table, run by priority, ties in program order. */
final class BeginEndTable extends SiteTable {
    static final int BEGIN = 0, END = 1, ERROR = 2;
    private static final String[] TYPES = {"JST_BEGIN", "JST_END", "JST_ERROR_PROBE"};

    private record Be(IrProbe p, int type, long prio, int order) {}

    private final List<Be> be = new ArrayList<>();

    BeginEndTable() {
        super("jst_be_probe", "jt_be", "be", "nbe", null, false);
    }

    void add(IrProbe p, int index, int type, long priority) {
        be.add(new Be(p, type, priority, index));
    }

    @Override
    boolean isEmpty() {
        return be.isEmpty();
    }

    @Override
    List<String> rows() {
        List<Be> sorted = new ArrayList<>(be);
        sorted.sort(Comparator.comparingLong(Be::prio).thenComparingInt(Be::order));
        List<String> out = new ArrayList<>();
        for (Be b : sorted) out.add("{ &" + ModuleGenerator.probeDesc(b.p()) + ", " + TYPES[b.type()] + " }");
        return out;
    }
}
