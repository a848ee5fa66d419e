package dev.meridian.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The runtime is what both control planes share, so it never knows either of them: what differs is
 * asked of the application's {@link ControlPlaneRole}. The Maven module graph forbids it too; this
 * rule keeps it so should a dependency ever be added.
 */
class RuntimeBoundariesTest {
  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages("dev.meridian.runtime");

  @Test
  void runtimeNeverImportsAnApplication() {
    noDependencyOn("dev.meridian.zone..", "dev.meridian.global..").check(RUNTIME);
  }

  @Test
  void theRuleFailsOnADependencyThatExists() {
    // Aimed at the domain, which the runtime does use: the same rule can fail.
    assertThat(noDependencyOn("dev.meridian.kernel..").evaluate(RUNTIME).hasViolation()).isTrue();
  }

  private static ArchRule noDependencyOn(String... packages) {
    return noClasses()
        .that()
        .resideInAPackage("dev.meridian.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .because("the runtime serves global and zones alike; an application plugs in by its role");
  }
}
