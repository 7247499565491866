package org.vrrpd;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The daemon's layering, checked on the compiled classes of every module on this classpath (core, the check API
 * and runtime, the daemon): no cycle between any two packages, the pure core and the check API depend on
 * nothing of the daemon, and the Linux edge ({@code net}) never reaches up into the daemon.
 */
@AnalyzeClasses(packages = "org.vrrpd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_areFreeOfCycles = slices()
            .matching("org.vrrpd.(**)")
            .should().beFreeOfCycles()
            .because("a listener or view interface lives beside its implementer, never nested in its caller");

    @ArchTest
    static final ArchRule wireAndFsm_dependOnlyOnTheJdkSlf4jAndEachOther = classes()
            .that().resideInAnyPackage("org.vrrpd.wire..", "org.vrrpd.fsm..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "org.slf4j..", "org.vrrpd.wire..", "org.vrrpd.fsm..")
            .because("the codec and the state machine are pure and tested without I/O");

    @ArchTest
    static final ArchRule checkApi_dependsOnNothingOfTheDaemon = noClasses()
            .that().resideInAPackage("org.vrrpd.check.api..")
            .should().dependOnClassesThat(resideInAPackage("org.vrrpd..")
                    .and(not(resideInAPackage("org.vrrpd.check.api.."))))
            .because("operators compile their plugins against the check API alone");

    @ArchTest
    static final ArchRule checks_neverReachIntoTheDaemon = noClasses()
            .that().resideInAPackage("org.vrrpd.check..")
            .should().dependOnClassesThat(resideInAnyPackage("org.vrrpd.daemon..", "org.vrrpd.control..",
                    "org.vrrpd.ctl..", "org.vrrpd.net..", "org.vrrpd.config.."))
            .because("the check runtime is a library the daemon uses, not the other way round");

    @ArchTest
    static final ArchRule net_neverImportsTheDaemon = noClasses()
            .that().resideInAPackage("org.vrrpd.net..")
            .should().dependOnClassesThat(resideInAnyPackage("org.vrrpd.daemon..", "org.vrrpd.config..",
                    "org.vrrpd.control..", "org.vrrpd.ctl..", "org.vrrpd.migrate..", "org.vrrpd.check.."))
            .because("the Linux edge knows sockets and rtnetlink, not instances or configuration");

    @ArchTest
    static final ArchRule fsm_andWire_areNotReachedByTheCheckApi = noClasses()
            .that().resideInAPackage("org.vrrpd.check..")
            .should().dependOnClassesThat(resideInAnyPackage("org.vrrpd.fsm..", "org.vrrpd.wire.."))
            .because("checks report health; they never see protocol state or packets");
}
