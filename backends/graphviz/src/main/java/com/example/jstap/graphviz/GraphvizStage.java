package com.example.jstap.graphviz;

import org.jstap.api.Pass;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;

/** Pass 3 of the graphviz backend: {@code ir.json} to a dot call graph. */
public final class GraphvizStage implements Stage<IrArtefact, DotGraph> {
    @Override
    public Pass pass() {
        return Pass.TRANSLATE;
    }

    @Override
    public String name() {
        return "graphviz";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String backend() {
        return GraphvizBackend.NAME;
    }

    @Override
    public Class<IrArtefact> inputType() {
        return IrArtefact.class;
    }

    @Override
    public Class<DotGraph> outputType() {
        return DotGraph.class;
    }

    /** Works on the JSON form of the IR, as a tool in any language could: see docs/plugins.md. */
    @Override
    public DotGraph run(IrArtefact input, StageContext ctx) {
        return new DotGraph(CallGraph.of(IrCodec.IR.toBytes(input)).toDot());
    }

    @Override
    public void printResult(DotGraph output, StageContext ctx) {
        ctx.out().print(output.text());
        ctx.out().flush();
    }
}
