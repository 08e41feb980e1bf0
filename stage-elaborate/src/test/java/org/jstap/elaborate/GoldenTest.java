package org.jstap.elaborate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.diag.Diagnostic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -p2} and {@code -l/-L} output of the scripts in src/test/resources/golden against their {@code .out}
 * files (printed result, then each diagnostic as {@code file:line:col: severity: code}). A first line
 * {@code // list: L} runs the listing mode, {@code // dump-ir-after: PASS,...} dumps the IR after those passes
 * (the dumps come first: they are printed while pass 2 runs). Regenerate with {@code -Dgolden.update=true}.
 */
class GoldenTest {
    static Path dir() throws URISyntaxException {
        return Path.of(GoldenTest.class.getResource("/golden").toURI());
    }

    static Stream<String> scripts() throws Exception {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".stp")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void matches(String name) throws Exception {
        String script = Files.readString(dir().resolve(name));
        SessionOptions.Builder b = SessionOptions.builder().lastPass(2);
        if (script.startsWith("// list: ")) {
            b.listing(SessionOptions.Listing.of(script.substring(9, 10)));
        }
        if (script.startsWith("// dump-ir-after: ")) {
            b.dumpIrAfter(List.of(script.lines().findFirst().orElseThrow().substring(18).split(",")));
        }
        Elab.Out o = Elab.run(script, b.build());
        StringBuilder actual = new StringBuilder(o.printed());
        for (Diagnostic d : o.diagnostics()) {
            actual.append(d.span()).append(": ").append(d.severity().label).append(": ").append(d.code()).append('\n');
        }
        String outName = name.replace(".stp", ".out");
        if (Boolean.getBoolean("golden.update")) {
            Path src = Path.of("src/test/resources/golden").resolve(outName);
            Files.writeString(src, actual.toString());
            return;
        }
        String expected = read(dir().resolve(outName));
        assertEquals(expected, actual.toString(), o.rendered());
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "<missing " + p.getFileName() + ">";
    }

    static List<String> unused() {
        return List.of();
    }
}
