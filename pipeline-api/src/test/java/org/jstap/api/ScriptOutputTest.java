package org.jstap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stap 4.8's -o / -S / switch_file() file names and cuts (as staprun showed them in the VM). */
class ScriptOutputTest {
    @TempDir Path dir;

    private SessionOptions opts(Long mb, Integer keep) {
        return SessionOptions.builder().outputFile(dir.resolve("f"))
                .stap(StapOptions.builder().outputSizeMb(mb).outputFiles(keep).build()).build();
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String text(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void oAloneStartsInTheFileItselfThenNumbers() throws Exception {
        try (ScriptOutput o = ScriptOutput.of(opts(null, null), null)) {
            o.write("a\n".getBytes(StandardCharsets.UTF_8));
            o.switchFile();
            o.write("b\n".getBytes(StandardCharsets.UTF_8));
            o.switchFile();
        }
        assertEquals(List.of("f", "f.1", "f.2"), files());
        assertEquals("a\n", text("f"));
        assertEquals("b\n", text("f.1"));
        assertEquals("", text("f.2"));
    }

    @Test
    void sizeLimitCutsBetweenLinesAndKeepsTheNewestN() throws Exception {
        byte[] line = ("x".repeat(99_999) + "\n").getBytes(StandardCharsets.UTF_8); // 100000 bytes
        try (ScriptOutput o = ScriptOutput.of(opts(1L, 2), null)) {
            for (int i = 0; i < 25; i++) { // a line in two writes must not be split across files
                o.write(line, 0, 50_000);
                o.write(line, 50_000, 50_000);
            }
        }
        // 10 lines (1,000,000 bytes) fit in 1 MiB, the 11th would not: f.0, f.1 full, f.2 with 5; f.0 deleted
        assertEquals(List.of("f.1", "f.2"), files());
        assertEquals(1_000_000, Files.size(dir.resolve("f.1")));
        assertEquals(500_000, Files.size(dir.resolve("f.2")));
    }

    @Test
    void stdoutWithoutO() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ScriptOutput o = ScriptOutput.of(SessionOptions.builder().build(), b);
        o.write("a\n".getBytes(StandardCharsets.UTF_8));
        o.switchFile();
        o.write("b\n".getBytes(StandardCharsets.UTF_8));
        o.close();
        assertEquals("a\nb\n", b.toString(StandardCharsets.UTF_8));
        assertFalse(o.toFiles());
        assertNull(o.current());
    }

    @Test
    void minusSWithoutOIsStapsError() {
        SessionOptions o = SessionOptions.builder().stap(StapOptions.builder().outputSizeMb(1L).build()).build();
        assertEquals("You have to specify output FILE with '-S' option.", ScriptOutput.misuse(o));
        assertNull(ScriptOutput.misuse(opts(1L, null)));
    }

    @Test
    void strftimeInTheName() {
        ZonedDateTime t = ZonedDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);
        assertEquals("out_2026-03-04_050607_%q_%", ScriptOutput.strftime("out_%Y-%m-%d_%H%M%S_%q_%%", t));
    }
}
