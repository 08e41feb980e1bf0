package com.example.jstap.graphviz;

import org.jstap.api.ir.IrSite;
import org.jstap.api.spi.Backend;

/** {@code --runtime=graphviz}: its pipeline ends at pass 3, which prints the graph. */
public final class GraphvizBackend implements Backend {
    public static final String NAME = "graphviz";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "print the script's call graph as Graphviz dot (example plugin; ends at pass 3)";
    }

    /** It only draws the program: any probe family (and embedded C) may be in it. */
    @Override
    public boolean executesProbes() {
        return false;
    }

    @Override
    public boolean supports(IrSite site) {
        return true;
    }

    @Override
    public boolean runsEmbeddedC() {
        return true;
    }
}
