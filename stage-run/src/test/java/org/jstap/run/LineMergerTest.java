package org.jstap.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineMergerTest {
    @Test
    void linesArePrefixedAndWholeWhateverTheChunks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineMerger m = new LineMerger(out, true);
        OutputStream a = m.sink(0), b = m.sink(12);
        a.write("hel".getBytes());
        b.write("x\ny".getBytes());
        a.write("lo\nwor".getBytes());
        b.write("\n".getBytes());
        a.write("ld".getBytes());
        a.close(); // the partial last line is kept
        b.close();
        assertEquals("[12] x\n[0] hello\n[12] y\n[0] world", out.toString(StandardCharsets.UTF_8));
        assertEquals(4, m.lines());
    }

    @Test
    void withoutPrefixTheBytesPassUnchanged() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineMerger m = new LineMerger(out, false);
        OutputStream a = m.sink(0);
        a.write(new byte[] {'a', (byte) 0xe9, '\n', 'b'});
        a.close();
        assertArrayEquals(new byte[] {'a', (byte) 0xe9, '\n', 'b'}, out.toByteArray());
    }

    /** Many writers at once: every line arrives whole, each host's lines in its own order. */
    @Test
    void concurrentHostsNeverInterleaveWithinALine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineMerger m = new LineMerger(out, true);
        int hosts = 16, lines = 2000;
        List<Thread> ts = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            int id = h;
            Thread t = new Thread(() -> {
                try (OutputStream s = m.sink(id)) {
                    for (int i = 0; i < lines; i++) {
                        byte[] l = ("host " + id + " line " + i + " " + "x".repeat(i % 50) + "\n").getBytes();
                        int cut = i % l.length; // split each line across two writes
                        s.write(l, 0, cut);
                        s.write(l, cut, l.length - cut);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        Map<Integer, Integer> next = new HashMap<>();
        String[] all = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(hosts * lines, all.length);
        for (String l : all) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\[(\\d+)\\] host (\\d+) line (\\d+) x*").matcher(l);
            assertTrue(x.matches(), l);
            int h = Integer.parseInt(x.group(1));
            assertEquals(h, Integer.parseInt(x.group(2)), l);
            int i = Integer.parseInt(x.group(3));
            assertEquals(next.getOrDefault(h, 0), i, l);
            next.put(h, i + 1);
        }
    }
}
