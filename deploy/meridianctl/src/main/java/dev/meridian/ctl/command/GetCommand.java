package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.api.Kind;
import dev.meridian.ctl.output.Printer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridianctl get <kind>[s] [name]}: one resource or a page of them, now or in the past. */
@Command(
    name = "get",
    description = "Show resources: a list, or one by name; now or as they were at a moment.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl get meshes",
      "  meridianctl get dataplanes -m default -o yaml",
      "  meridianctl get dataplane backend-1 -m default -o json",
      "  meridianctl get meshtimeouts -m default --size 10 --offset 10",
      "  meridianctl get dataplanes --at 2026-01-01T12:00:00Z",
      "  meridianctl get dataplanes --at meridian.zone.zone-1-0@42"
    })
public final class GetCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;
  @Mixin OutputOption output;
  @Mixin Paging paging;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "The kind, e.g. meshes, dataplanes, meshtimeouts (singular works too).")
  String type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "One resource.")
  String name;

  @Option(
      names = "--at",
      paramLabel = "TIME|POSITION",
      description =
          "As it was then: an RFC 3339 time or a log position <topic>-<partition>@<offset>.")
  String at;

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    Kind kind = Kind.parse(type);
    Printer.Format format = output.format();
    ApiClient api = session.api();
    if (name != null) {
      JsonNode resource = api.get(kind.resourcePath(mesh.mesh(), name), ApiClient.params("at", at));
      if (format == Printer.Format.TABLE) {
        ResourceTables.of(kind, List.of(resource), session.now()).print(session.out());
      } else {
        Printer.print(resource, format, session.out());
      }
      return;
    }
    JsonNode list =
        api.get(
            kind.collectionPath(mesh.mesh()),
            ApiClient.params("at", at, "size", paging.size(), "offset", paging.offset()));
    if (format == Printer.Format.TABLE) {
      List<JsonNode> items = new ArrayList<>();
      list.path("items").forEach(items::add);
      ResourceTables.of(kind, items, session.now())
          .footer(Paging.footer(list))
          .print(session.out());
    } else {
      Printer.print(list, format, session.out());
    }
  }
}
