package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.StageContext;
import org.jstap.api.StageFailedException;
import org.jstap.api.artefact.ModuleArtefact;
import org.jstap.api.diag.Codes;
import org.jstap.api.diag.Diagnostics;
import org.jstap.api.diag.SourceTexts;
import org.junit.jupiter.api.Test;

class RunStageTest {
    record Fake(String name, int preference, String whyUnavailable) implements KmodTarget {
        @Override
        public boolean isAvailable() {
            return whyUnavailable == null;
        }

        @Override
        public RunResult run(ModuleArtefact m, StageContext ctx) {
            return null;
        }
    }

    static StageContext ctx(String target) {
        return new StageContext(SessionOptions.builder().target(target).build(), new Diagnostics(), new SourceTexts(),
                () -> null, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void defaultIsTheFirstAvailableByPreference() throws Exception {
        RunStage s = new RunStage(List.of(new Fake("vm", 20, null), new Fake("local", 10, "needs root")));
        assertEquals("vm", s.choose(null, ctx(null)).name());
        s = new RunStage(List.of(new Fake("vm", 20, null), new Fake("local", 10, null)));
        assertEquals("local", s.choose(null, ctx(null)).name());
    }

    @Test
    void anUnavailableChoiceOrNoTargetAtAllSaysWhy() {
        RunStage s = new RunStage(List.of(new Fake("vm", 20, "qemu missing"), new Fake("local", 10, "needs root")));
        StageContext c = ctx("local");
        assertThrows(StageFailedException.class, () -> s.choose("local", c));
        assertTrue(c.diagnostics().all().get(0).message().contains("needs root"));
        StageContext d = ctx(null);
        assertThrows(StageFailedException.class, () -> s.choose(null, d));
        assertEquals(Codes.RUN_FAILED, d.diagnostics().all().get(0).code());
        assertTrue(d.diagnostics().all().get(0).message().contains("vm: qemu missing"));
    }

    /** A target whose loader exits with {@code rc}. */
    record Exits(int rc) implements KmodTarget {
        @Override public String name() { return "vm"; }
        @Override public int preference() { return 1; }
        @Override public boolean isAvailable() { return true; }
        @Override public String whyUnavailable() { return null; }

        @Override
        public RunResult run(ModuleArtefact m, StageContext ctx) {
            return new RunResult(rc, "vm", "m", null, true, 0, 0, false, false, false, false, List.of(), List.of(), 1, null);
        }
    }

    /** issue 11 item 4: a script error (loader exit 1) is a failed pass 5, so jstap exits 1 as stap does. */
    @Test
    void aScriptThatFailsFailsThePass() throws Exception {
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> new RunStage(List.of(new Exits(1))).run(null, ctx(null)));
        assertEquals(Pass.RUN, e.pass());
        assertEquals(1, e.result().exitStatus());
        assertEquals(0, new RunStage(List.of(new Exits(0))).run(null, ctx(null)).exitStatus());
    }

    @Test
    void localTargetExplainsItself() {
        LocalTarget l = new LocalTarget();
        if (!Files.exists(Paths.get("/proc/modules"))) {
            assertFalse(l.isAvailable());
            assertTrue(l.whyUnavailable().contains("no module support"), l.whyUnavailable());
        } else {
            assertEquals(l.whyUnavailable() == null, l.isAvailable());
        }
    }
}
