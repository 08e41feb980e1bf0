package org.jstap.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module rule as ArchUnit rules, parameterised by packages so a fixture can prove it bites: a stage's classes
 * use only the contracts, their own package and libraries; the contracts use no stage.
 */
final class StageIsolation {
    private StageIsolation() {}

    /**
     * @param root     the project's root package ({@code org.jstap}); anything outside it is a library
     * @param api      the contracts package
     * @param stages   each stage's package
     */
    static ArchRule rule(String root, String api, List<String> stages) {
        List<ArchRule> rules = new ArrayList<>();
        for (String stage : stages) {
            rules.add(noClasses().that().resideInAPackage(stage + "..")
                    .should().dependOnClassesThat(resideInAPackage(root + "..")
                            .and(not(resideInAnyPackage(api + "..", stage + ".."))))
                    .as("classes in " + stage + " depend only on " + api + ", their own package and libraries")
                    .allowEmptyShould(true));
        }
        rules.add(noClasses().that().resideInAPackage(api + "..")
                .should().dependOnClassesThat(resideInAnyPackage(
                        stages.stream().map(s -> s + "..").toArray(String[]::new)))
                .as(api + " depends on no stage")
                .allowEmptyShould(true));
        return CompositeArchRule.of(rules);
    }
}
