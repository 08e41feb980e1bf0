package org.jstap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jstap.api.SessionOptions;
import org.jstap.api.artefact.AstArtefact;
import org.jstap.api.ast.ScriptFile;
import org.jstap.parse.AstNormalizer;
import org.jstap.parse.ScriptPrinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The -p1 printer is faithful: for every script that must parse (parse/ok, sem/ok, run/), printing its tree and
 * parsing the printout gives the same tree, spans aside.
 */
class RoundTripTest {
    static final List<String> CORPORA = List.of("parse/ok", "sem/ok", "run");

    @TestFactory
    Stream<DynamicTest> printedScriptsReparseToTheSameTree() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String corpus : CORPORA) {
            List<Path> files = corpus.equals("run") ? Corpus.filesDeep(corpus) : Corpus.files(corpus);
            for (Path p : files)
                tests.add(DynamicTest.dynamicTest(corpus + "/" + p.getFileName(), () -> roundTrip(p)));
        }
        return tests.stream();
    }

    private static void roundTrip(Path p) {
        CorpusScript s = CorpusScript.load(p);
        SessionOptions pass1 = s.header().toOptions().toBuilder().lastPass(1).build();
        String name = s.displayName();
        ScriptFile first = parse(name, s.text(), pass1, "original");
        String printed = ScriptPrinter.print(first);
        ScriptFile second = parse(name, printed, pass1, "printed");
        if (second == null) fail(name + ": the printed script does not parse:\n" + printed);
        assertEquals(AstNormalizer.stripSpans(first), AstNormalizer.stripSpans(second),
                () -> name + ": printing and re-parsing changed the tree; printed text was:\n" + printed);
    }

    private static ScriptFile parse(String name, String text, SessionOptions options, String which) {
        Pipeline.Outcome o = Pipeline.run(name, text, options);
        if (o.failedPass() != 0) {
            if (which.equals("original"))
                throw new TestAbortedException(name + " does not pass pass 1 (reported by the corpus test):\n" + o.render());
            fail(name + ": the printed script fails pass 1:\n" + o.render() + "\nprinted text:\n" + text);
        }
        return ((AstArtefact) o.output()).script().user();
    }
}
