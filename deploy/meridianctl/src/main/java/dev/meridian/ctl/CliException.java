package dev.meridian.ctl;

import java.util.List;

/**
 * A failure shown to the user as kumactl shows one: {@code Error: <title>} on the first line, then
 * one {@code * <field>: <reason>} line per invalid parameter; the exit code is 1.
 */
public class CliException extends RuntimeException {
  /** One {@code * field: reason} line. */
  public record Cause(String field, String reason) {}

  private final List<Cause> causes;

  public CliException(String title) {
    this(title, List.of());
  }

  public CliException(String title, List<Cause> causes) {
    super(title);
    this.causes = List.copyOf(causes);
  }

  public List<Cause> causes() {
    return causes;
  }

  /** The lines printed on standard error. */
  public String render() {
    StringBuilder out = new StringBuilder("Error: ").append(getMessage()).append('\n');
    for (Cause cause : causes) {
      out.append("* ").append(cause.field()).append(": ").append(cause.reason()).append('\n');
    }
    return out.toString();
  }
}
