package dev.meridian.ctl.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.meridian.ctl.CliException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes the config file. It is written owner-only (0600), through a temporary file moved
 * into place, since it may point at tokens and a half-written file would lose every context.
 */
public final class ConfigStore {
  static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public ConfigStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public CtlConfig load() {
    if (!Files.exists(file)) {
      return new CtlConfig();
    }
    try {
      CtlConfig config = YAML.readValue(file.toFile(), CtlConfig.class);
      return config == null ? new CtlConfig() : config;
    } catch (IOException e) {
      throw new CliException("could not read the config file " + file + ": " + e.getMessage());
    }
  }

  public void save(CtlConfig config) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, ".config", ".tmp");
      if (posix()) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      }
      YAML.writeValue(temporary.toFile(), config);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException("could not write the config file " + file + ": " + e.getMessage());
    }
  }

  /** The file as it is stored. */
  public String text() {
    try {
      return Files.exists(file) ? Files.readString(file) : YAML.writeValueAsString(new CtlConfig());
    } catch (IOException e) {
      throw new CliException("could not read the config file " + file + ": " + e.getMessage());
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
