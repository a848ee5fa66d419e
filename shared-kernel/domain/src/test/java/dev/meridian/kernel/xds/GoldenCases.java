package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folders of golden cases under {@code src/test/resources/xds/<folder>}: one {@code
 * <case>.input.yaml} and one {@code <case>.golden.yaml} per case, rewritten instead of compared
 * when the build runs with {@code -Dgolden.update=true}.
 */
final class GoldenCases {
  static final String INPUT_SUFFIX = ".input.yaml";
  static final String GOLDEN_SUFFIX = ".golden.yaml";

  private GoldenCases() {}

  /**
   * The source folder of a set of cases, so that updates land in the sources: the module directory
   * is the working directory under Maven; otherwise it is found from the compiled test resources.
   */
  static Path directory(String folder) {
    Path moduleRelative = Path.of("src", "test", "resources", "xds", folder);
    if (Files.isDirectory(moduleRelative)) {
      return moduleRelative;
    }
    URL compiled = GoldenCases.class.getResource("/xds/" + folder);
    if (compiled != null && "file".equals(compiled.getProtocol())) {
      try {
        // <module>/target/test-classes/xds/<folder> → <module>
        Path module = Path.of(compiled.toURI()).getParent().getParent().getParent().getParent();
        Path sources = module.resolve(moduleRelative);
        if (Files.isDirectory(sources)) {
          return sources;
        }
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("cannot find the golden cases folder " + moduleRelative);
  }

  /** The names of the cases in a folder, sorted. */
  static List<String> caseNames(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(INPUT_SUFFIX))
          .map(f -> f.substring(0, f.length() - INPUT_SUFFIX.length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares {@code actual} with the case's golden file (or rewrites it, when updating). */
  static void check(Path directory, String name, String actual, String regenerate)
      throws IOException {
    Path golden = directory.resolve(name + GOLDEN_SUFFIX);
    if (Boolean.getBoolean(EnvoyRenderingGoldenTest.UPDATE_PROPERTY)) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail("golden file %s is missing; generate it with: %s", golden, regenerate);
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
    if (!expected.equals(actual)) {
      fail(
          "golden file %s differs; if the change is intended regenerate with: %s%n%s",
          golden, regenerate, EnvoyRenderingGoldenTest.diff(expected, actual));
    }
  }
}
