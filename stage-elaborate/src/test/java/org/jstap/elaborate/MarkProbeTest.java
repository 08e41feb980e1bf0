package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jstap.api.ir.IrSite;
import org.jstap.elaborate.probes.SdtNotes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * process(...).mark(...) against a binary compiled here with {@code <sys/sdt.h>} (skipped without gcc or
 * systemtap-sdt-dev): the notes, the semaphore's file offset, $argN, $$name/$$provider/$$parms and -L.
 */
class MarkProbeTest {
    @TempDir static Path dir;
    static Path bin;

    @BeforeAll
    static void build() throws Exception {
        Path src = dir.resolve("m.c");
        Files.writeString(src, String.join("\n",
                "#define _SDT_HAS_SEMAPHORES 1",
                "#include <sys/sdt.h>",
                "__extension__ unsigned short tp_hot_semaphore __attribute__((section(\".probes\")));",
                "__extension__ unsigned short tp_cold_semaphore __attribute__((section(\".probes\")));",
                "int main(int argc, char **argv) {",
                "  if (tp_hot_semaphore) STAP_PROBE2(tp, hot, argc, argv[0]);",
                "  STAP_PROBE(tp, cold);",
                "  return 0;",
                "}", ""));
        Path out = dir.resolve("m");
        try {
            Process p = new ProcessBuilder("gcc", "-O2", "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) bin = out;
        } catch (java.io.IOException e) {
            // no gcc
        }
    }

    @Test
    void notesGiveMarkersWithSemaphoresAndArguments() throws Exception {
        assumeTrue(bin != null, "no gcc with <sys/sdt.h> (systemtap-sdt-dev)");
        List<SdtNotes.Marker> ms = SdtNotes.read(bin).markers();
        assertEquals(2, ms.size(), ms.toString());
        SdtNotes.Marker hot = ms.stream().filter(m -> m.name().equals("hot")).findFirst().orElseThrow();
        assertEquals("tp", hot.provider());
        assertEquals(2, hot.argList().size(), hot.args());
        assertTrue(hot.semaphore() != 0 && hot.semaphoreOffset() > 0, hot.toString());
        assertTrue(hot.pcOffset() > 0);

        Elab.Out o = Elab.run("probe process(\"" + bin + "\").mark(\"hot\") { printf(\"%s %s %d %s %s\\n\", $$provider, $$name,"
                + " $arg1, user_string($arg2), $$parms) }");
        assertTrue(o.ok(), o.rendered());
        IrSite.Process site = (IrSite.Process) o.program().probes().get(0).site();
        assertEquals(hot.pcOffset(), site.offset());
        assertEquals(hot.semaphoreOffset(), site.semaphore());
        assertEquals("process(\"" + bin.toRealPath() + "\").mark(\"hot\")", o.program().probes().get(0).point());
    }

    @Test
    void listingAndErrors() throws Exception {
        assumeTrue(bin != null, "no gcc with <sys/sdt.h> (systemtap-sdt-dev)");
        Elab.Out l = Elab.list("process(\"" + bin + "\").provider(\"t*\").mark(\"*\")", "L");
        assertEquals("process(\"" + bin.toRealPath() + "\").provider(\"tp\").mark(\"cold\")\n"
                + "process(\"" + bin.toRealPath() + "\").provider(\"tp\").mark(\"hot\") $arg1:long $arg2:long\n", l.printed());
        Elab.Out bad = Elab.run("probe process(\"" + bin + "\").mark(\"hot\") { println($arg3) }");
        assertEquals(List.of("sem.unknown.target.var"), bad.codes(), bad.rendered());
        Elab.Out member = Elab.run("probe process(\"" + bin + "\").mark(\"hot\") { println($arg2->x) }");
        assertEquals(List.of("sem.unknown.target.var"), member.codes(), member.rendered());
        Elab.Out none = Elab.run("probe process(\"" + bin + "\").mark(\"nosuch\") { }");
        assertTrue(none.codes().contains("sem.unresolved.probe"), none.rendered());
    }

    @Test
    void python3AndHotspotTapsetsListOnThisMachine() throws Exception {
        Path py = Path.of("/usr/bin/python3.11");
        assumeTrue(Files.exists(py) && !SdtNotes.read(py).markers().isEmpty(), "no python3.11 with markers here");
        Elab.Out l = Elab.list("python3.function.*", "L");
        assertEquals("python3.function.entry filename:string funcname:string lineno:long $arg1:long $arg2:long $arg3:long\n"
                + "python3.function.return filename:string funcname:string lineno:long $arg1:long $arg2:long $arg3:long\n",
                l.printed(), l.rendered());
        Elab.Out stap = Elab.list("process(\"/usr/bin/python3\").mark(\"gc*\")", "L"); // a symlink: the file's name
        assertEquals("process(\"" + py.toRealPath() + "\").mark(\"gc__done\") $arg1:long\n"
                + "process(\"" + py.toRealPath() + "\").mark(\"gc__start\") $arg1:long\n", stap.printed(), stap.rendered());
        Path jvm = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so");
        assumeTrue(Files.exists(jvm), "no JDK 17 here");
        Elab.Out h = Elab.list("hotspot.gc_begin", "L");
        assertEquals("hotspot.gc_begin name:string is_full:long probestr:string $arg1:long\n", h.printed(), h.rendered());
    }
}
