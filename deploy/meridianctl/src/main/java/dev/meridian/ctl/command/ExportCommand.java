package dev.meridian.ctl.command;

import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridianctl export -m MESH [--at]}: a mesh as multi-document YAML, ready to apply. */
@Command(
    name = "export",
    description =
        "A mesh and everything in it as multi-document YAML, now or at a moment; the"
            + " output applies back with `meridianctl apply -f -`.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl export -m default > default.yaml",
      "  meridianctl export -m default --at 2026-01-01T10:00:00Z | meridianctl apply -f -"
    })
public final class ExportCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;

  @Option(
      names = "--at",
      paramLabel = "TIME|POSITION",
      description = "As it was then: an RFC 3339 time or a log position.")
  String at;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    String yaml =
        session
            .api()
            .getText(
                "/meshes/" + ApiClient.segment(mesh.mesh()) + "/_export",
                ApiClient.params("at", at),
                "application/yaml");
    session.out().print(yaml);
    if (!yaml.endsWith("\n")) {
      session.out().println();
    }
    session.out().flush();
  }
}
