package org.jstap.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Optional;
import org.jstap.api.Stage;
import org.jstap.api.StageContext;
import org.jstap.api.artefact.ArtefactException;
import org.jstap.cli.cache.CacheEntry;
import org.jstap.cli.cache.CacheKey;
import org.jstap.cli.cache.StageCache;
import org.jstap.cli.cache.StageKeys;

/**
 * What the last pass printed for a cached artefact, kept as a cache entry of its own ({@code pN-STAGE.printed},
 * same key): the next hit writes those bytes instead of decoding the artefact and printing it again (decoding
 * the AST of a {@code -p1} with Jackson was about 100 ms of a 270 ms run). Only for stages whose printing
 * follows from the artefact alone ({@link Stage#printDependsOnArtefactOnly}); the first hit prints as always and
 * keeps a copy.
 */
final class PrintedMemo {
    static final String FILE = "stdout";

    private final StageCache cache;
    private final String dir;
    private final CacheKey key;
    private final Stage<Object, Object> stage;

    PrintedMemo(StageCache cache, Stage<Object, Object> stage, CacheKey key) {
        this.cache = cache;
        this.stage = stage;
        this.dir = StageKeys.stageDir(stage) + ".printed";
        this.key = key;
    }

    /**
     * The stage allows it and the bytes written would be the bytes printed: the run's stdout is the JVM's, whose
     * encoding is the default charset unless the launcher chose another for a console.
     */
    static boolean usable(Stage<?, ?> stage, PrintStream out) {
        return stage.printDependsOnArtefactOnly() && out == System.out && System.getProperty("sun.stdout.encoding") == null;
    }

    /** An artefact, decoded only when the memo misses. */
    interface Artefact {
        Object get() throws ArtefactException;
    }

    void print(Artefact artefact, StageContext ctx) throws ArtefactException {
        Optional<CacheEntry> memo = cache.get(dir, key.hex(), FILE);
        cache.takeRefusal(); // an untrusted memo is only not used: the artefact's own check already warned
        PrintStream out = ctx.out();
        if (memo.isPresent()) {
            out.write(memo.get().bytes(), 0, memo.get().bytes().length);
            out.flush();
            return;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new Tee(out, copy), false, Charset.defaultCharset());
        stage.printResult(artefact.get(), new StageContext(ctx.options(), ctx.diagnostics(), ctx.sources(), ctx.kernel(),
                tee, ctx.err()));
        tee.flush();
        if (!tee.checkError()) cache.put(dir, key.hex(), FILE, copy.toByteArray(), key.log(), "", false);
        cache.takeRefusal();
    }

    /** Bytes to the real stream and to the copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
