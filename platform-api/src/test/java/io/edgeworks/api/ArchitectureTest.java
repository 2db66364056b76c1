package io.edgeworks.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Architecture rules as tests. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.edgeworks.api");

    @Test
    void resourcesNeverTouchRepositories() {
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().resideInAPackage("io.quarkus.hibernate.reactive.panache..")
                .because("resources map HTTP; services own logic and transactions, repositories own queries")
                .check(MAIN);
    }

    @Test
    void resourcesNeverOpenTransactions() {
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.hibernate.reactive.panache.common.WithTransaction")
                .check(MAIN);
    }
}
