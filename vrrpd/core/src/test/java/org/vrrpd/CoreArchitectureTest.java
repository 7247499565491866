package org.vrrpd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The protocol core's layering, on the compiled classes: {@code wire} and {@code fsm} depend on nothing but the
 * JDK's language, collection, time and address types, SLF4J, and each other ({@link CorePurityTest} also forbids
 * the JDK's sockets, threads and wall clock, line by line in the sources).
 */
@AnalyzeClasses(packages = "org.vrrpd", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule wireAndFsm_dependOnlyOnTheJdkSlf4jAndEachOther = classes()
            .that().resideInAnyPackage("org.vrrpd.wire..", "org.vrrpd.fsm..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.slf4j..", "org.vrrpd.wire..", "org.vrrpd.fsm..")
            .because("the codec and the state machine are pure and tested without I/O (STYLE.md)");

    @ArchTest
    static final ArchRule wire_neverDependsOnTheStateMachine = classes()
            .that().resideInAPackage("org.vrrpd.wire..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.vrrpd.fsm..")
            .because("the codec knows bytes and values, not protocol states");
}
