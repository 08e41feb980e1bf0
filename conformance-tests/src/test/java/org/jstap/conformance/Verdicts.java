package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.diag.Diagnostic;
import org.junit.jupiter.api.DynamicTest;

/** The two verdicts every ok/ko corpus checks, shared by the per-pass runners. */
final class Verdicts {
    private Verdicts() {}

    static Stream<DynamicTest> okTests(String folder) {
        List<Path> files = Corpus.files(folder);
        assertTrue(!files.isEmpty(), "empty corpus " + folder);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String unmet = RunCorpusVmTest.unmetNeed(p); // "# needs-file:": the kernel's -dbg package, say
            org.junit.jupiter.api.Assumptions.assumeTrue(unmet == null, unmet);
            assertOk(CorpusScript.load(p));
        }));
    }

    static Stream<DynamicTest> koTests(String folder) {
        List<Path> files = Corpus.files(folder);
        assertTrue(!files.isEmpty(), "empty corpus " + folder);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> assertKo(CorpusScript.load(p))));
    }

    static void assertOk(CorpusScript s) {
        Pipeline.Outcome o = Pipeline.run(s);
        if (!o.errors().isEmpty() || o.failedPass() != 0)
            fail(s.displayName() + " must pass " + s.header().lastPass() + " but pass " + o.failedPass()
                    + " failed:\n" + o.render());
        if (o.output() instanceof org.jstap.api.ir.IrArtefact ir) { // what pass 2 makes, --from and the cache accept
            try {
                org.jstap.api.ir.IrCheck.check(org.jstap.api.ir.IrCodec.IR.read(
                        new java.io.ByteArrayInputStream(org.jstap.api.ir.IrCodec.IR.toBytes(ir))));
            } catch (Exception e) {
                fail(s.displayName() + ": its ir.json fails IrCheck (add a nullable field to IrCheck.NULLABLE?): " + e);
            }
        }
    }

    static void assertKo(CorpusScript s) {
        assertTrue(!s.expected().isEmpty(), s.displayName() + ": a ko script needs at least one '// ERROR: code' line");
        Pipeline.Outcome o = Pipeline.run(s);
        List<Diagnostic> errors = o.errors();
        if (errors.isEmpty())
            fail(s.displayName() + " must fail with " + s.expected() + " but passes 1.." + s.header().lastPass()
                    + " reported no error");
        List<String> want = new ArrayList<>(s.expected().stream().map(ExpectedError::code).sorted().toList());
        List<String> got = new ArrayList<>(errors.stream().map(Diagnostic::code).sorted().toList());
        assertEquals(want, got, () -> s.displayName() + ": error codes differ (pass " + o.failedPass() + "):\n" + o.render());
        for (ExpectedError e : s.expected()) {
            if (!e.pinned()) continue;
            boolean found = errors.stream().anyMatch(d -> d.code().equals(e.code()) && d.span() != null
                    && d.span().line() == e.line() && d.span().col() == e.col());
            if (!found) fail(s.displayName() + ": expected " + e + " at that position:\n" + o.render());
        }
    }
}
