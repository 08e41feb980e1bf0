package org.jstap.elaborate.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.diag.Diagnostics;
import org.jstap.elaborate.probes.EhFrameRows;
import org.jstap.elaborate.probes.ElfSymbolTable;
import org.junit.jupiter.api.Test;

/** The bpf form of the user-space tables (flat arrays for jstap_ustacks.h): one range per file, counts as read. */
class UserSymbolTablesBpfTest {
    private static final Path BIN = Path.of("/usr/bin/true"), LIB = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    /** a jst_ubfiles entry: size, seg0, nsegs, sym0, nsyms, cfi0, ncfi, then the string offsets */
    private static final Pattern FILE = Pattern.compile("\\t\\{(\\d+)ULL, (\\d+), (\\d+), (\\d+), (\\d+), (\\d+), (\\d+), \\d+, \\d+, \\d+, \\d+\\},");

    @Test
    void filesAreConsecutiveRangesOfTheSharedArrays() throws Exception {
        assumeTrue(Files.isRegularFile(BIN) && Files.isRegularFile(LIB), "needs " + BIN + " and " + LIB);
        List<UserSymbolTables.File> files = List.of(new UserSymbolTables.File(BIN, BIN.toRealPath()),
                new UserSymbolTables.File(LIB, LIB.toRealPath()));
        String c = UserSymbolTables.emitBpf(files, new Diagnostics(false, false));
        List<long[]> want = new ArrayList<>();
        long segs = 0, syms = 0, rows = 0;
        for (UserSymbolTables.File f : files) {
            ElfSymbolTable t = ElfSymbolTable.read(f.real());
            long r = EhFrameRows.read(f.real()).stream().filter(x -> x.pc() >= 0 && x.pc() <= 0xffffffffL).count();
            want.add(new long[] {Files.size(f.real()), segs, t.segments().size(), syms, t.symbols().size(), rows, r});
            segs += t.segments().size();
            syms += t.symbols().size();
            rows += r;
            assertTrue(c.contains(f.real() + "\\000"), "the path is in jst_ustr");
        }
        Matcher m = FILE.matcher(c);
        for (long[] w : want) {
            assertTrue(m.find(), "an entry per file");
            for (int i = 0; i < w.length; i++) assertEquals(w[i], Long.parseLong(m.group(i + 1)), "field " + i);
        }
        assertEquals(files.size(), Integer.parseInt(define(c, "JST_NUFILES")));
        assertEquals(syms, Long.parseLong(define(c, "JST_NUSYMS")));
        assertEquals(rows, Long.parseLong(define(c, "JST_NUCFI")));
        assertTrue(rows > 0, "libc has .eh_frame rows");
        assertEquals("", UserSymbolTables.emitBpf(List.of(), new Diagnostics(false, false)));
    }

    private static String define(String c, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(c);
        assertTrue(m.find(), name);
        return m.group(1);
    }
}
