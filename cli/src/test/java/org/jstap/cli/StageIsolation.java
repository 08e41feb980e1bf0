package org.jstap.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The module rule as ArchUnit rules, parameterised by packages so a fixture can prove it bites: a stage's classes
 * use only the shared modules (the contracts, the IR toolkit, and the C runtime's resources), their own package and
 * libraries;
 * the shared modules use no stage.
 */
final class StageIsolation {
    private StageIsolation() {}

    /**
     * @param root    the project's root package ({@code org.jstap}); anything outside it is a library
     * @param shared  packages every stage may use ({@code org.jstap.api}, {@code org.jstap.irtools},
     *                {@code org.jstap.runtime})
     * @param stages  each stage's package
     */
    static ArchRule rule(String root, List<String> shared, List<String> stages) {
        List<ArchRule> rules = new ArrayList<>();
        for (String stage : stages) {
            String[] allowed = Stream.concat(shared.stream(), Stream.of(stage)).map(p -> p + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(stage + "..")
                    .should().dependOnClassesThat(resideInAPackage(root + "..").and(not(resideInAnyPackage(allowed))))
                    .as("classes in " + stage + " depend only on " + String.join(", ", shared)
                            + ", their own package and libraries")
                    .allowEmptyShould(true));
        }
        String[] stagePackages = stages.stream().map(s -> s + "..").toArray(String[]::new);
        for (String s : shared) {
            rules.add(noClasses().that().resideInAPackage(s + "..")
                    .should().dependOnClassesThat(resideInAnyPackage(stagePackages))
                    .as(s + " depends on no stage")
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }
}
