package dev.meridian.ctl.command;

import dev.meridian.ctl.output.Printer;
import picocli.CommandLine.Option;

/** {@code -o, --output table|yaml|json}. */
public final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output format: table, yaml or json (default: ${DEFAULT-VALUE}).")
  String output;

  public Printer.Format format() {
    return Printer.Format.parse(output);
  }
}
