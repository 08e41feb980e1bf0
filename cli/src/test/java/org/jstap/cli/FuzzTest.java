package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jstap.api.Pass;
import org.jstap.api.spi.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded, seeded sample of the fuzz run ({@link Fuzz}; the full run is {@code bench/fuzz.sh}): mutants of the
 * corpora and the huge shapes at a small size, through Main in process. 0 crashes, 0 runs over 30 s, every
 * diagnostic located. A failure names the mutant (seed, index, base script, edits) so it can be replayed.
 */
class FuzzTest {
    static final long SEED = 11;
    static final int MUTANTS = 80;

    @Test
    void aSeededSampleNeverCrashesHangsOrReportsWithoutAPlace(@TempDir Path work) throws Exception {
        Registry reg = Registry.discover(FuzzTest.class.getClassLoader());
        assumeTrue(reg.stage(Pass.ELABORATE, "kmod").isPresent(), "pass 2 is not on the class path");
        Path corpus = Path.of("..", "conformance-tests");
        assumeTrue(Files.isDirectory(corpus.resolve("parse/ok")), "no corpus beside the cli module");
        List<Fuzz.Input> inputs = new ArrayList<>(Fuzz.mutants(Fuzz.corpus(corpus), SEED, MUTANTS));
        inputs.addAll(Fuzz.huge(3000));
        Fuzz.Report r = new Fuzz(reg, work, 30_000).run(inputs, o -> { });
        assertTrue(r.bad().isEmpty(), r.summary() + "\n" + r.bad().stream()
                .map(o -> o.kind() + " " + o.input().name() + ": " + o.detail()).collect(Collectors.joining("\n")));
    }
}
