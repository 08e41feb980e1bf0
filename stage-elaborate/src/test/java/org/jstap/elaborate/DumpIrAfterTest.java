package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Codes;
import org.jstap.elaborate.sem.TailPasses;
import org.junit.jupiter.api.Test;

/** {@code --dump-ir-after}: which passes print, with and without {@code -u}; unknown names are a usage error. */
class DumpIrAfterTest {
    static final String SCRIPT = "global g\nfunction f() { return 1 }\nprobe begin { x = f(); g = 2 }\n";

    private static List<String> dumped(SessionOptions o) {
        return Elab.run(SCRIPT, o).printed().lines().filter(l -> l.startsWith("# IR after ")).map(l -> l.substring(11)).toList();
    }

    @Test
    void allIsEveryPassInOrderAndMinusUSkipsTheOptimisingOnes() {
        SessionOptions.Builder b = SessionOptions.builder().lastPass(2).dumpIrAfter(List.of("all"));
        assertEquals(TailPasses.names(), dumped(b.build()));
        assertEquals(List.of("fold", "elide-unused", "global-display", "checks", "ustack-tables"),
                dumped(b.unoptimized(true).build()));
    }

    @Test
    void eachDumpIsAnIrJsonDocument() {
        String out = Elab.run(SCRIPT, SessionOptions.builder().lastPass(2).dumpIrAfter(List.of("reachable")).build()).printed();
        List<String> lines = out.lines().toList();
        assertEquals("# IR after reachable", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"header\":{\"formatVersion\":1,\"kind\":\"ir\""), lines.get(1));
        assertTrue(!lines.get(1).contains("\"id\":\"f\""), "dead stores dropped the call, reachable the function");
    }

    @Test
    void anUnknownPassIsAUsageError() {
        Elab.Out o = Elab.run(SCRIPT, SessionOptions.builder().lastPass(2).dumpIrAfter(List.of("fold", "folding")).build());
        assertEquals(List.of(Codes.DRIVER_USAGE), o.diagnostics().stream().map(d -> d.code()).toList());
        assertTrue(o.rendered().contains("no IR pass 'folding'"), o.rendered());
    }
}
