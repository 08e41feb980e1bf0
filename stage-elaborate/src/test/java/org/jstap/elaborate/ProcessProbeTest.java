package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jstap.api.ir.IrProgram;
import org.jstap.api.ir.IrSite;
import org.jstap.elaborate.probes.ElfSymbols;
import org.junit.jupiter.api.Test;

/** process(...).function/.statement against this machine's libc (skipped where there is none). */
class ProcessProbeTest {
    static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void functionsComeFromTheElfSymbolTable() throws Exception {
        assumeTrue(Files.exists(LIBC), "no glibc here");
        ElfSymbols elf = ElfSymbols.read(LIBC.toRealPath());
        ElfSymbols.Symbol malloc = elf.functions().get("malloc");
        assertTrue(malloc != null && malloc.fileOffset() > 0, String.valueOf(malloc));
        Elab.Out o = Elab.run("probe process(\"" + LIBC + "\").function(\"malloc\"), process(\"" + LIBC
                + "\").function(\"malloc\").return { println(pp()) }");
        assertTrue(o.ok(), o.rendered());
        IrProgram p = o.program();
        IrSite.Process site = (IrSite.Process) p.probes().get(0).site();
        assertEquals("malloc", site.symbol());
        assertEquals(malloc.fileOffset(), site.offset());
        assertTrue(((IrSite.Process) p.probes().get(1).site()).isReturn());
        Elab.Out stmt = Elab.run(String.format("probe process(\"%s\").statement(0x%x) { println(1) }", LIBC, malloc.address()));
        assertTrue(stmt.ok(), stmt.rendered());
        assertEquals(malloc.fileOffset(), ((IrSite.Process) stmt.program().probes().get(0).site()).offset());
    }

    @Test
    void aMissingBinaryIsAnUnresolvedProbe() {
        Elab.Out o = Elab.run("probe process(\"/no/such/binary\").function(\"main\") { println(1) }");
        assertTrue(o.codes().contains("sem.unresolved.probe"), o.rendered());
    }
}
