package org.jstap.debuginfo.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void distances() {
        assertEquals(0, Suggest.distance("abc", "abc", 3));
        assertEquals(1, Suggest.distance("abc", "abd", 3));
        assertEquals(1, Suggest.distance("abc", "acb", 3));       // transposition
        assertEquals(1, Suggest.distance("abc", "abcd", 3));
        assertEquals(3, Suggest.distance("", "abc", 3));
        assertEquals(2, Suggest.distance("kitten", "sitting", 1)); // bound exceeded: max + 1
    }

    @Test
    void suggestsKernelFunctions() {
        List<String> names = TestBlobs.kernel().functionNames();
        assertEquals(Optional.of("vfs_read"), Suggest.best("vfs_raed", names));
        assertEquals(Optional.of("ksys_read"), Suggest.best("ksys_reed", names));
        assertTrue(Suggest.best("zzzzzzzzzzzzzzzzqqqq", names).isEmpty());
        assertTrue(Suggest.suggest("vfs_rea", names, 3, 2).contains("vfs_read"));
        for (int i = 0; i < 5; i++) Suggest.best("do_sys_opne", names);
        long t0 = System.nanoTime();
        assertEquals(Optional.of("do_sys_open"), Suggest.best("do_sys_opne", names));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "suggest took " + ms + " ms");   // generous: shared CI cores
    }
}
