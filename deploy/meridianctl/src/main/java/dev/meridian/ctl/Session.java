package dev.meridian.ctl;

import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.config.ConfigStore;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What one invocation runs with: its streams, its environment, its clock and where its config
 * lives. Commands reach it from the root command, so tests run the real command line in-process
 * with streams, environment and time of their own.
 */
public final class Session {
  /** Overrides {@code ~/.meridianctl/config} (for scripts and tests). */
  public static final String CONFIG_ENV = "MERIDIANCTL_CONFIG";

  /**
   * An RFC 3339 time used as "now" for ages in tables, so table output can be pinned by golden
   * files.
   */
  public static final String NOW_ENV = "MERIDIANCTL_NOW";

  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream in;
  private final Map<String, String> env;
  private final String pinnedNow;
  private Path configFileOption;

  public Session(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = Map.copyOf(env);
    this.pinnedNow = env.get(NOW_ENV);
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public InputStream in() {
    return in;
  }

  public Instant now() {
    if (pinnedNow == null || pinnedNow.isBlank()) {
      return Clock.systemUTC().instant();
    }
    try {
      return Instant.parse(pinnedNow);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CliException(
          "$"
              + NOW_ENV
              + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z, not "
              + pinnedNow);
    }
  }

  void configFileOption(Path path) {
    this.configFileOption = path;
  }

  /**
   * {@code --config-file}, else {@code $MERIDIANCTL_CONFIG}, else {@code ~/.meridianctl/config}.
   */
  public ConfigStore configStore() {
    if (configFileOption != null) {
      return new ConfigStore(configFileOption);
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new ConfigStore(Path.of(fromEnv));
    }
    return new ConfigStore(Path.of(System.getProperty("user.home"), ".meridianctl", "config"));
  }

  /** A client of the current context's control plane. */
  public ApiClient api() {
    return ApiClient.of(configStore().load().current());
  }
}
