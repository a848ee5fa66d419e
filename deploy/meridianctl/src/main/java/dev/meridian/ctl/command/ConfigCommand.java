package dev.meridian.ctl.command;

import dev.meridian.ctl.Meridianctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridianctl config …}: the control planes meridianctl knows and which one is current. */
@Command(
    name = "config",
    description = "Manage meridianctl's config: control planes and the current context.",
    mixinStandardHelpOptions = true,
    subcommands = {ControlPlanesCommand.class, ConfigCommand.View.class},
    footerHeading = "%nExamples:%n",
    footer = {"  meridianctl config view", "  meridianctl config control-planes list"})
public final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Meridianctl.session(spec).out());
  }

  @Command(
      name = "view",
      description = "Show the config file.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {"  meridianctl config view", "  meridianctl --config-file ./ctl.yaml config view"})
  static final class View implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      var session = Meridianctl.session(spec);
      session.out().print(session.configStore().text());
      session.out().flush();
    }
  }
}
