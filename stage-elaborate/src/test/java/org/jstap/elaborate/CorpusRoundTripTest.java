package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.ir.IrArtefact;
import org.jstap.api.ir.IrCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script of the shared sem/ok corpus that elaborates here also survives ir.json: written and read back,
 * the artefact is equal (catches IR shapes Jackson cannot carry). The corpus's own verdicts are checked by
 * conformance-tests; this only needs the files.
 */
class CorpusRoundTripTest {
    static final Path OK = Path.of("../conformance-tests/sem/ok");

    static Stream<Path> scripts() throws Exception {
        if (!Files.isDirectory(OK)) return Stream.of(Path.of("<no corpus>"));
        try (Stream<Path> s = Files.list(OK)) {
            return s.filter(p -> p.toString().endsWith(".stp")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void survivesIrJson(Path script) throws Exception {
        assumeTrue(Files.exists(script), "corpus not found");
        String text = Files.readString(script);
        String header = text.lines().findFirst().orElse("");
        SessionOptions o = SessionOptions.builder().lastPass(2).guru(List.of(header.split("\\s+")).contains("-g"))
                .runtime(header.contains("--runtime=interp") ? "interp" : "kmod").build();
        Elab.Out out = Elab.run(text, o);
        assumeTrue(out.ok(), "does not elaborate with the harness options: " + out.codes());
        byte[] json = IrCodec.IR.toBytes(out.artefact());
        IrArtefact back = IrCodec.IR.read(new ByteArrayInputStream(json));
        assertEquals(out.artefact(), back);
    }
}
