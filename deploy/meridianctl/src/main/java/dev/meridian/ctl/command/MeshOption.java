package dev.meridian.ctl.command;

import picocli.CommandLine.Option;

/** {@code -m, --mesh}, as kumactl spells it. */
public final class MeshOption {
  @Option(
      names = {"-m", "--mesh"},
      defaultValue = "default",
      description = "The mesh (default: ${DEFAULT-VALUE}).")
  String mesh;

  public String mesh() {
    return mesh;
  }
}
