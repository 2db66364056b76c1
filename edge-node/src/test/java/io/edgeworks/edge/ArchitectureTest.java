package io.edgeworks.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering rules of the edge node, as tests. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.edgeworks.edge");

    @Test
    void runtimeKnowsNothingOfSyncGraphOrServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.sync..", "io.edgeworks.edge.graph..",
                        "io.edgeworks.edge.server..", "io.quarkus..")
                .check(CLASSES);
    }

    /**
     * The runtime declares what it needs of the Web APIs ({@code WebApiSet}, {@code OutboundHttp},
     * {@code KvStore}); the {@code api.*} packages implement it. Never the other way round.
     */
    @Test
    void runtimeDoesNotImportTheWebApis() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.edgeworks.edge.api..")
                .check(CLASSES);
    }

    @Test
    void syncDoesNotImportServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.sync..")
                .should().dependOnClassesThat().resideInAPackage("io.edgeworks.edge.server..")
                .check(CLASSES);
    }

    /** The cron scheduler runs ticks through the runtime and the served graph; server only wires it (CronService). */
    @Test
    void cronDoesNotImportServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.cron..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.server..", "io.quarkus..")
                .check(CLASSES);
    }

    /** Live tail hooks into the runtime and reads the registry through sync's Redis access; server only wires it (TailWiring). */
    @Test
    void tailDoesNotImportServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.tail..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.server..", "io.quarkus..")
                .check(CLASSES);
    }

    /** Analytics hears the runtime's events and ships through sync's Redis access; server only wires it (AnalyticsWiring). */
    @Test
    void analyticsDoesNotImportServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.analytics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.server..", "io.quarkus..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.edgeworks.edge.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void graphDoesNotDependOnSyncOrServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.sync..", "io.edgeworks.edge.server..")
                .check(CLASSES);
    }

    @Test
    void webApisDoNotReachIntoSyncGraphOrServer() {
        noClasses().that().resideInAPackage("io.edgeworks.edge.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.edgeworks.edge.sync..", "io.edgeworks.edge.graph..",
                        "io.edgeworks.edge.server..")
                .check(CLASSES);
    }
}
