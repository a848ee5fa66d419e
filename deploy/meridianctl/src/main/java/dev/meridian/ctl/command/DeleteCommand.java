package dev.meridian.ctl.command;

import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridianctl delete <kind> <name>}. */
@Command(
    name = "delete",
    description = "Delete a resource.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl delete dataplane backend-1 -m default",
      "  meridianctl delete meshtimeout backend-timeout -m default",
      "  meridianctl delete mesh payments"
    })
public final class DeleteCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;

  @Parameters(index = "0", paramLabel = "TYPE", description = "The kind, e.g. dataplane.")
  String type;

  @Parameters(index = "1", paramLabel = "NAME", description = "The resource's name.")
  String name;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    Kind kind = Kind.parse(type);
    session.api().delete(kind.resourcePath(mesh.mesh(), name));
    session.out().printf("deleted %s \"%s\"%n", kind.typeName(), name);
    session.out().flush();
  }
}
