package dev.meridian.ctl.command;

import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridianctl completion bash}: a completion script picocli generates from the commands. */
@Command(
    name = "completion",
    description = "Print a shell completion script (bash; zsh loads it with bashcompinit).",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(meridianctl completion bash)",
      "  meridianctl completion bash > /etc/bash_completion.d/meridianctl"
    })
public final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = "bash",
      paramLabel = "SHELL",
      description = "bash or zsh (default: ${DEFAULT-VALUE}).")
  String shell;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new dev.meridian.ctl.CliException(
          "unsupported shell \"" + shell + "\"",
          java.util.List.of(new dev.meridian.ctl.CliException.Cause("shell", "one of bash, zsh")));
    }
    session.out().print(AutoComplete.bash("meridianctl", spec.root().commandLine()));
    session.out().flush();
  }
}
