package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.Pass;
import org.jstap.api.artefact.ArtefactHeader;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.Script;
import org.jstap.api.ast.ScriptFile;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrProgram;
import org.junit.jupiter.api.Test;

class PassLinesTest {
    private static final ArtefactHeader H = new ArtefactHeader(1, "x", "test", "1", "0");

    @Test
    void parseLineCountsLibraryScripts() {
        AstArtefact ast = new AstArtefact(H, new Script(List.of(new ScriptFile("<input>", "", false, List.of()),
                new ScriptFile("a.stp", "", true, List.of()), new ScriptFile("b.stp", "", true, List.of()))));
        assertEquals("parsed user script and 2 library scripts", PassLines.describe(Pass.PARSE, ast));
        AstArtefact one = new AstArtefact(H, new Script(List.of(new ScriptFile("<input>", "", false, List.of()),
                new ScriptFile("a.stp", "", true, List.of()))));
        assertEquals("parsed user script and 1 library script", PassLines.describe(Pass.PARSE, one));
    }

    @Test
    void elaborationLineCountsWhatTheProgramHas() {
        IrArtefact ir = new IrArtefact(H, new IrProgram("<input>", List.of(), List.of(), List.of(), List.of("%{ x %}"),
                false, IrProgram.Elided.NONE));
        assertEquals("analyzed script: 0 probes, 0 functions, 1 embed, 0 globals", PassLines.describe(Pass.ELABORATE, ir));
    }

    @Test
    void wholeLineEndsWithADot() {
        String l = PassLines.line(Pass.TRANSLATE, "anything", "using 1virt/2res/3shr/4data kb, in 0usr/0sys/5real ms");
        assertEquals("Pass 3: translated to C using 1virt/2res/3shr/4data kb, in 0usr/0sys/5real ms.", l);
        assertTrue(ProcessUsage.memory().matches("\\d+virt/\\d+res/\\d+shr/\\d+data kb"), ProcessUsage.memory());
    }

    @Test
    void passes4And5GiveTimesOnlyAsStapDoes() {
        ProcessUsage u = new ProcessUsage();
        ProcessUsage.Mark m = u.mark();
        assertTrue(PassLines.reportsMemory(Pass.TRANSLATE));
        assertFalse(PassLines.reportsMemory(Pass.BUILD) || PassLines.reportsMemory(Pass.RUN));
        assertTrue(u.since(m, false).matches("in \\d+usr/\\d+sys/\\d+real ms"), u.since(m, false));
        assertTrue(u.since(m, true).matches("using .* kb, in \\d+usr/\\d+sys/\\d+real ms"), u.since(m, true));
    }
}
