package dev.meridian.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final String[] INFRASTRUCTURE = {
    "org.springframework..",
    "org.apache.kafka..",
    "io.grpc..",
    "org.axonframework..",
    "jakarta.persistence..",
    "org.hibernate.."
  };

  private static JavaClasses kernel;

  @BeforeAll
  static void importKernel() {
    kernel =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.meridian.kernel");
  }

  private static ArchRule kernelMustNotDependOn(String... packages) {
    return noClasses()
        .that()
        .resideInAPackage("dev.meridian.kernel..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .because("the shared kernel is the pure domain and must stay free of infrastructure");
  }

  @Test
  void importsTheKernelsProductionClassesOnly() {
    assertThat(kernel.containPackage("dev.meridian.kernel.validation")).isTrue();
    assertThat(kernel.contain("dev.meridian.kernel.validation.DataplaneValidator")).isTrue();
    assertThat(kernel.stream().map(c -> c.getSimpleName()))
        .noneMatch(name -> name.endsWith("Test"))
        .doesNotContain("DataplaneBuilder");
  }

  @Test
  void kernelDoesNotDependOnInfrastructure() {
    kernelMustNotDependOn(INFRASTRUCTURE).check(kernel);
  }

  @Test
  void theRuleDetectsADependencyThatExists() {
    // Same rule shape, aimed at a library the kernel does use: proves the check can fail.
    EvaluationResult result = kernelMustNotDependOn("com.fasterxml.jackson..").evaluate(kernel);

    assertThat(result.hasViolation()).isTrue();
  }
}
