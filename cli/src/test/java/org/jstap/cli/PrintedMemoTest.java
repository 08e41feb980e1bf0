package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import org.jstap.api.Pass;
import org.jstap.api.SessionOptions;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.cli.cache.CacheKey;
import org.jstap.cli.cache.StageCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printed result of a cached artefact is replayed on the next hit without decoding the artefact. */
class PrintedMemoTest {
    @TempDir
    Path root;

    /** Prints its artefact twice over; counts how often it was asked to. */
    static class Echo implements Stage<String, String> {
        int printed;

        @Override public Pass pass() { return Pass.PARSE; }
        @Override public String name() { return "echo"; }
        @Override public String version() { return "1"; }
        @Override public Class<String> inputType() { return String.class; }
        @Override public Class<String> outputType() { return String.class; }
        @Override public String run(String input, StageContext ctx) { return input; }
        @Override public boolean printDependsOnArtefactOnly() { return true; }

        @Override
        public void printResult(String output, StageContext ctx) {
            printed++;
            ctx.out().print(output + "\u00e9" + output + "\n");
        }
    }

    @Test
    void theSecondHitWritesTheSameBytesWithoutPrinting() throws Exception {
        StageCache cache = new StageCache(root, 1 << 20);
        Echo stage = new Echo();
        @SuppressWarnings("unchecked")
        Stage<Object, Object> erased = (Stage<Object, Object>) (Stage<?, ?>) stage;
        CacheKey key = new CacheKey().add("script", "x");
        int[] decoded = {0};
        PrintStream saved = System.out;
        byte[][] outputs = new byte[2][];
        try {
            for (int run = 0; run < 2; run++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(b, true, Charset.defaultCharset());
                System.setOut(out);
                assertTrue(PrintedMemo.usable(stage, out));
                StageContext ctx = new StageContext(SessionOptions.builder().build(), null, null, () -> null, out, System.err);
                new PrintedMemo(cache, erased, key).print(() -> {
                    decoded[0]++;
                    return "ab";
                }, ctx);
                outputs[run] = b.toByteArray();
            }
        } finally {
            System.setOut(saved);
        }
        assertEquals(1, stage.printed);
        assertEquals(1, decoded[0]);
        assertEquals(new String(outputs[0], Charset.defaultCharset()), new String(outputs[1], Charset.defaultCharset()));
        assertEquals("ab\u00e9ab\n", new String(outputs[1], Charset.defaultCharset()));
    }

    @Test
    void notForAStageWhosePrintingReadsMore() {
        Stage<String, String> other = new Echo() {
            @Override public boolean printDependsOnArtefactOnly() { return false; }
        };
        assertTrue(!PrintedMemo.usable(other, System.out));
    }
}
