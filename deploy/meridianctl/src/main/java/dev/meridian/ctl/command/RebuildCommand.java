package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.output.Printer;
import dev.meridian.ctl.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridianctl rebuild status}: how the rebuild from the log went. */
@Command(
    name = "rebuild",
    description = "The control plane's rebuild from the log.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = "  meridianctl rebuild status",
    subcommands = RebuildCommand.Status.class)
public final class RebuildCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Meridianctl.session(spec).out());
  }

  @Command(
      name = "status",
      description =
          "Progress of the read side (projection) and the command side (event store),"
              + " and the projection's checksum.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {"  meridianctl rebuild status", "  meridianctl rebuild status -o json"})
  static final class Status implements Runnable {
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      JsonNode status = session.api().get("/status/rebuild", ApiClient.params());
      if (output.format() != Printer.Format.TABLE) {
        Printer.print(status, output.format(), session.out());
        return;
      }
      Table table =
          new Table(
              "SIDE", "DONE", "OUTCOME", "RECORDS READ", "REMAINING", "PER SECOND", "ELAPSED");
      for (String side : new String[] {"readSide", "commandSide"}) {
        JsonNode p = status.path(side);
        table.row(
            side.equals("readSide") ? "read (projection)" : "command (event store)",
            Boolean.toString(p.path("done").asBoolean()),
            p.path("outcome").asText("-"),
            p.path("recordsRead").asText("0"),
            p.path("recordsRemaining").asText("0"),
            p.path("recordsPerSecond").asText("0"),
            p.path("elapsedMillis").asLong() + "ms");
      }
      table.print(session.out());
      session.out().println();
      session.out().printf("resources: %s%n", status.path("resources").asText());
      session.out().printf("checksum:  %s%n", status.path("checksum").asText());
      session.out().flush();
    }
  }
}
