package org.jstap.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * sem/ok must pass passes 1-2 without errors; sem/ko must fail with exactly the declared SEM_* codes.
 * Skipped (not passed) while no pass-2 stage is on the class path.
 */
class SemCorpusTest {
    @TestFactory
    Stream<DynamicTest> semOk() {
        return Verdicts.okTests("sem/ok");
    }

    @TestFactory
    Stream<DynamicTest> semKo() {
        return Verdicts.koTests("sem/ko");
    }
}
