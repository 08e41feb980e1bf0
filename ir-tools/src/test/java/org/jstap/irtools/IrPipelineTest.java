package org.jstap.irtools;

import static org.jstap.irtools.Ir.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jstap.api.ir.IrProgram;
import org.junit.jupiter.api.Test;

class IrPipelineTest {
    /** Appends a function named after itself, so the order of passes shows in the result. */
    record Mark(String name, boolean optimising, boolean on) implements IrPass<List<String>> {
        @Override public String description() { return "adds " + name; }
        @Override public boolean enabled(List<String> log) { return on; }
        @Override public IrProgram run(IrProgram p, List<String> log) {
            log.add(name);
            List<org.jstap.api.ir.IrFunction> fs = new ArrayList<>(p.functions());
            fs.add(fn(name));
            return IrEdit.withFunctions(p, fs);
        }
    }

    final IrPipeline<List<String>> pipeline = new IrPipeline<>(List.of(
            new Mark("a", false, true), new Mark("opt", true, true), new Mark("off", false, false), new Mark("z", false, true)));

    @Test
    void runsInOrderSkippingDisabledAndWithMinusUTheOptimisingOnes() {
        List<String> log = new ArrayList<>(), seen = new ArrayList<>();
        IrProgram out = pipeline.run(program(List.of()), log, false, (pass, p) -> seen.add(pass.name() + p.functions().size()));
        assertEquals(List.of("a", "opt", "z"), log);
        assertEquals(List.of("a1", "opt2", "z3"), seen, "the observer sees each pass's own result");
        assertEquals(3, out.functions().size());
        log.clear();
        pipeline.run(program(List.of()), log, true, (pass, p) -> { });
        assertEquals(List.of("a", "z"), log);
    }

    @Test
    void namesAndUnknownNames() {
        assertEquals(List.of("a", "opt", "off", "z"), pipeline.names());
        assertEquals(List.of("b"), pipeline.unknown(new java.util.LinkedHashSet<>(List.of("a", "all", "b"))));
        assertEquals(List.of(), pipeline.unknown(Set.of()));
    }
}
