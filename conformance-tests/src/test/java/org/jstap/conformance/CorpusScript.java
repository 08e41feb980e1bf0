package org.jstap.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One script of a corpus with what its comments declare: the header, the expected errors (ko corpora) and an
 * optional {@code // ORACLE: stap-accepts|stap-rejects|stap-skip <why>} note recording a deliberate difference from stap.
 */
record CorpusScript(Path path, String text, ScriptHeader header, List<ExpectedError> expected, String oracleNote) {

    static CorpusScript load(Path path) {
        String text;
        try {
            text = org.jstap.api.ScriptBytes.decode(Files.readAllBytes(path)); // bytes, as jstap reads them
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\n", -1);
        ScriptHeader header = ScriptHeader.parse(lines[0]);
        List<ExpectedError> expected = new ArrayList<>();
        String oracle = null;
        for (String l : lines) {
            ExpectedError e = ExpectedError.parse(l);
            if (e != null) expected.add(e);
            String s = l.strip();
            if (s.startsWith("// ORACLE:")) oracle = s.substring("// ORACLE:".length()).strip();
        }
        return new CorpusScript(path, text, header, List.copyOf(expected), oracle);
    }

    /** The name diagnostics use: the path inside the corpus root, e.g. {@code ok/foreach_sorted.stp}. */
    String displayName() {
        Path parent = path.getParent();
        return parent == null ? path.getFileName().toString() : parent.getFileName() + "/" + path.getFileName();
    }

    /** {@code // ORACLE: stap-skip <why>}: stap must not be run on this script (it hangs or exhausts memory). */
    boolean stapSkipped() {
        return oracleNote != null && oracleNote.startsWith("stap-skip");
    }

    /** The stap verdict we expect, taking the ORACLE note into account: true when stap must accept. */
    boolean stapShouldAccept(boolean jstapAccepts) {
        if (oracleNote == null || stapSkipped()) return jstapAccepts;
        if (oracleNote.startsWith("stap-accepts")) return true;
        if (oracleNote.startsWith("stap-rejects")) return false;
        throw new IllegalArgumentException("ORACLE note must start with stap-accepts, stap-rejects or stap-skip: " + oracleNote);
    }
}
