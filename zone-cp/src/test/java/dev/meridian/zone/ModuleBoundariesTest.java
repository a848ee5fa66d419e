package dev.meridian.zone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** zone-cp and global-cp never import each other: what both need lives in shared-kernel/runtime. */
@AnalyzeClasses(
    packages = "dev.meridian.zone",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {
  @ArchTest
  static final ArchRule zoneNeverImportsGlobal =
      noClasses()
          .that()
          .resideInAPackage("dev.meridian.zone..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.meridian.global..");
}
