package com.example.allocation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule, enforced: the domain depends on nothing, and every other arrow points inward. */
@AnalyzeClasses(packages = "com.example.allocation", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_domain_imports_nothing_but_java = classes()
            .that().resideInAPackage("..allocation.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..allocation.domain..");

    @ArchTest
    static final ArchRule the_service_layer_imports_only_the_domain_its_ports_and_small_utilities = classes()
            .that().resideInAPackage("..allocation.servicelayer..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "..allocation.domain..", "..allocation.servicelayer..", "dev.failsafe..", "org.slf4j..");

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
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Composition root")
            .whereLayer("Views").mayOnlyBeAccessedByLayers("Entry points", "Composition root")
            .whereLayer("Service layer").mayOnlyBeAccessedByLayers("Adapters", "Views", "Entry points", "Composition root")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers(
                    "Service layer", "Adapters", "Views", "Entry points", "Composition root");
}
