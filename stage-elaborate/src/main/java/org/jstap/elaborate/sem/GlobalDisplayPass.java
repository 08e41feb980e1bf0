package org.jstap.elaborate.sem;

import java.util.ArrayList;
import java.util.List;
import org.jstap.api.diag.Span;
import org.jstap.api.ir.IrGlobal;
import org.jstap.api.ir.IrProbe;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.api.ir.IrStmt;
import org.jstap.irtools.IrEdit;

/**
 * {@code global-display}: as stap, the script's globals that are written but never read are printed at exit; this
 * pass adds the {@code end} probe that does it ({@link GlobalDisplay}), globals in order of first use.
 */
final class GlobalDisplayPass extends TailPass {
    GlobalDisplayPass() {
        super("global-display", "add the end probe printing written-but-never-read globals", false, false);
    }

    @Override
    public IrProgram run(IrProgram program, TailContext c) {
        Symbols symbols = c.symbols();
        List<IrGlobal> display = new ArrayList<>();
        for (IrGlobal g : program.globals()) {
            GlobalSym s = symbols.globalsByMangled.get(g.mangled());
            if (g.written() && !g.read() && !g.isPrivate() && !(s != null && s.library)) display.add(g);
        }
        if (display.isEmpty()) return program;
        // stap displays them in order of first use: probes in script order, then functions
        display.sort((x, y) -> Integer.compare(symbols.globalsByMangled.get(x.mangled()).firstUse,
                symbols.globalsByMangled.get(y.mangled()).firstUse));
        Span s = display.get(0).span();
        GlobalDisplay gd = new GlobalDisplay();
        IrStmt.Block body = gd.body(display, s);
        List<IrProbe> probes = new ArrayList<>(program.probes());
        probes.add(new IrProbe(s, "probe_" + probes.size(), symbols.userProbes.size(), "end", "end", "",
                new IrSite.End(0), null, body, gd.locals(), List.of(), false));
        return IrEdit.withProbes(program, probes);
    }
}
