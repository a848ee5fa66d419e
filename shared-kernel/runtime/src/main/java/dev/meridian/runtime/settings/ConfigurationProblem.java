package dev.meridian.runtime.settings;

/**
 * A setting that cannot work, found at start: which one and why. The start fails with just that
 * (see {@link ConfigurationProblemAnalyzer}), not with a stack trace to read through.
 */
public class ConfigurationProblem extends IllegalStateException {
  private final String setting;
  private final String reason;

  public ConfigurationProblem(String setting, String reason) {
    this(setting, reason, null);
  }

  public ConfigurationProblem(String setting, String reason, Throwable cause) {
    super(setting + ": " + reason, cause);
    this.setting = setting;
    this.reason = reason;
  }

  public String setting() {
    return setting;
  }

  public String reason() {
    return reason;
  }
}
