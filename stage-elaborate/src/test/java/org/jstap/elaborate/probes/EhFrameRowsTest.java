package org.jstap.elaborate.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flattened .eh_frame of a real library (this system's libc) and its function symbols agree. */
class EhFrameRowsTest {
    private static final Path JAVA = java.util.stream.Stream.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6",
            "/lib64/libc.so.6").map(Path::of).filter(Files::isRegularFile).findFirst().orElse(Path.of("/nonexistent"));

    @Test
    void rowsAreSortedAndEveryFunctionEntryHasTheReturnAddressOnTop() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(JAVA), "no x86-64 libc here");
        List<EhFrameRows.Row> rows = EhFrameRows.read(JAVA);
        assertFalse(rows.isEmpty(), "libc has an .eh_frame");
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i - 1).pc() <= rows.get(i).pc(), "sorted by pc");
        for (EhFrameRows.Row r : rows) assertTrue(r.cfaReg() == -1 || r.cfaReg() == 6 || r.cfaReg() == 7, r.toString());
        // at a function symbol's first byte the CFA is rsp + 8 (nothing pushed yet), whenever a row starts there
        ElfSymbolTable syms = ElfSymbolTable.read(JAVA);
        int checked = 0;
        for (ElfSymbolTable.Sym s : syms.symbols()) {
            EhFrameRows.Row at = null;
            for (EhFrameRows.Row r : rows) if (r.pc() == s.address() && r.cfaReg() != -1) at = r;
            if (at == null) continue;
            assertEquals(7, at.cfaReg(), s.name());
            assertEquals(8, at.cfaOff(), s.name());
            checked++;
        }
        assertTrue(checked > 0, "some function starts have rows");
    }
}
