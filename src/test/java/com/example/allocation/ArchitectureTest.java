package com.example.allocation;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.fixture.DomainClassThatUsesJdbc;
import com.example.allocation.servicelayer.fixture.ServiceLayerClassThatUsesJdbc;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule, enforced: the domain depends on nothing but the JDK, the service layer on the domain,
 * its own ports and three small libraries (retries, logging's and metrics' facades), and every other arrow points inward. "The JDK" leaves out JDBC
 * ({@code java.sql}, {@code javax.sql}): talking to a database is the persistence adapter's business.
 */
@AnalyzeClasses(packages = "com.example.allocation", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] JDBC = {"java.sql..", "javax.sql.."};

    @ArchTest
    static final ArchRule the_domain_imports_nothing_but_java_and_no_jdbc = classes()
            .that().resideInAPackage("..allocation.domain..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "..allocation.domain..")
                    .and(not(resideInAnyPackage(JDBC))));

    @ArchTest
    static final ArchRule the_service_layer_imports_only_the_domain_its_ports_and_small_utilities = classes()
            .that().resideInAPackage("..allocation.servicelayer..")
            .should().onlyDependOnClassesThat(resideInAnyPackage(
                            "java..", "..allocation.domain..", "..allocation.servicelayer..", "dev.failsafe..", "org.slf4j..",
                            "io.micrometer.core.instrument..")
                    .and(not(resideInAnyPackage(JDBC))));

    @ArchTest
    static final ArchRule dependencies_point_inward = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Domain").definedBy("..allocation.domain..")
            .layer("Service layer").definedBy("..allocation.servicelayer..")
            .layer("Adapters").definedBy("..allocation.adapters..")
            .layer("Views").definedBy("..allocation.views..")
            .layer("Entry points").definedBy("..allocation.entrypoints..")
            .layer("Composition root").definedBy("com.example.allocation")
            .whereLayer("Composition root").mayOnlyBeAccessedByLayers("Entry points")
            .whereLayer("Entry points").mayOnlyBeAccessedByLayers("Composition root")
            // Views are a SQL adapter of their own (the book's views.py), and share the persistence adapter's guard.
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Views", "Composition root")
            .whereLayer("Views").mayOnlyBeAccessedByLayers("Entry points", "Composition root")
            .whereLayer("Service layer").mayOnlyBeAccessedByLayers("Adapters", "Views", "Entry points", "Composition root")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers(
                    "Service layer", "Adapters", "Views", "Entry points", "Composition root");

    @Test
    void the_rules_catch_a_domain_or_service_layer_class_that_uses_jdbc() {
        JavaClasses leaking = new ClassFileImporter().importClasses(DomainClassThatUsesJdbc.class, ServiceLayerClassThatUsesJdbc.class);

        assertThat(the_domain_imports_nothing_but_java_and_no_jdbc.evaluate(leaking).hasViolation()).isTrue();
        assertThat(the_service_layer_imports_only_the_domain_its_ports_and_small_utilities.evaluate(leaking).hasViolation()).isTrue();
    }
}
