package org.jstap.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** parse/ok must pass pass 1 without errors; parse/ko must fail it with exactly the declared codes. */
class ParseCorpusTest {
    @TestFactory
    Stream<DynamicTest> parseOk() {
        return Verdicts.okTests("parse/ok");
    }

    @TestFactory
    Stream<DynamicTest> parseKo() {
        return Verdicts.koTests("parse/ko");
    }
}
