package org.jstap.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Enforces the module rule of docs/CONVENTIONS.md over every jstap class on cli's class path (cli depends on all
 * stages): a stage never depends on another stage, only on pipeline-api, the IR toolkit (ir-tools), runtime-c's
 * resource access and libraries.
 */
class ArchitectureTest {
    /**
     * The contracts, the IR toolkit every stage and backend may build on, and runtime-c (the C runtime shipped as
     * resources, which pass 3 copies into modules).
     */
    static final List<String> SHARED = List.of("org.jstap.api", "org.jstap.irtools", "org.jstap.runtime");
    /** The stages, backends, and debuginfo-btf (a debug-info provider: pass 2 reaches it only through the SPI). */
    static final List<String> STAGES = List.of("org.jstap.parse", "org.jstap.elaborate", "org.jstap.translate",
            "org.jstap.build", "org.jstap.run", "org.jstap.backend", "org.jstap.debuginfo");

    @Test
    void stagesDependOnlyOnTheContracts() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jstap");
        assertTrue(all.containPackage("org.jstap.api"), "pipeline-api is imported");
        StageIsolation.rule("org.jstap", SHARED, STAGES).check(all);
    }

    /** The same rule over a fixture where one "stage" calls another and the "api" calls a stage. */
    @Test
    void theRuleCatchesAStageUsingAnotherStage() {
        String base = "org.jstap.cli.archfixture";
        JavaClasses fixture = new ClassFileImporter().importPackages(base);
        EvaluationResult r = StageIsolation.rule(base, List.of(base + ".api"), List.of(base + ".alpha", base + ".beta"))
                .evaluate(fixture);
        assertTrue(r.hasViolation());
        String report = String.join("\n", r.getFailureReport().getDetails());
        assertTrue(report.contains("Alpha") && report.contains("Beta"), report);
        assertTrue(report.contains("Contract"), "the api-uses-a-stage violation is found too: " + report);
        assertFalse(report.contains("Beta.use"), "beta only uses the api and libraries: " + report);
    }
}
