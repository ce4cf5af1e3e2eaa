package io.daca.chatagent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The application's packages depend on each other one way only: no cycle between any two or more. */
class PackageCyclesTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.daca.chatagent");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.daca.chatagent.(*)..").should().beFreeOfCycles().check(APPLICATION);
    }
}
