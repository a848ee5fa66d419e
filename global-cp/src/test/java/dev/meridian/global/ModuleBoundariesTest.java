package dev.meridian.global;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** global-cp and zone-cp never import each other: what both need lives in shared-kernel/runtime. */
@AnalyzeClasses(
    packages = "dev.meridian.global",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {
  @ArchTest
  static final ArchRule globalNeverImportsZone =
      noClasses()
          .that()
          .resideInAPackage("dev.meridian.global..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.meridian.zone..");
}
