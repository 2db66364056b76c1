package io.edgeworks.bundle;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The bundle library is shared by every module, so it stays framework-free. */
@AnalyzeClasses(packages = "io.edgeworks.bundle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noFrameworks = noClasses().that().resideInAPackage("io.edgeworks.bundle..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.vertx..")
            .because("platform-api and edge-node share this library; it must not drag a framework in");

    @ArchTest
    static final ArchRule keyToolPathUsesOnlyTheJdk = noClasses()
            .that().haveSimpleName("KeyTool").or().haveSimpleName("Ed25519Keys").or().haveSimpleName("Digests")
            .or().haveSimpleName("SecretSealer")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "io.edgeworks.bundle..")
            .because("deploy scripts run KeyTool with only the bundle jar on the class path");

    @ArchTest
    static final ArchRule keyToolAvoidsJackson = noClasses().that().haveSimpleName("KeyTool")
            .should().transitivelyDependOnClassesThat().resideInAnyPackage("com.fasterxml..", "org.bouncycastle..")
            .because("deploy scripts run KeyTool with only the bundle jar on the class path");
}
