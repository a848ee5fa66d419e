package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.ctl.CliException;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.output.Printer;
import dev.meridian.ctl.output.Table;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meridianctl inspect proxy-status}: per proxy and xDS type whether it is in sync, and the
 * log position its config derives from (the newest change among the resources it was generated
 * from, as {@code _provenance} reports them).
 */
@Command(
    name = "proxy-status",
    description =
        "Per proxy and xDS type (CDS, LDS, RDS, EDS): SYNCED, STALE, NOT SENT or"
            + " NACKED, and the log position its config is as of.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl inspect proxy-status -m default",
      "  meridianctl inspect proxy-status -o json"
    })
public final class ProxyStatusCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin MeshOption mesh;
  @Mixin OutputOption output;

  /** One proxy's line. */
  record Status(
      String mesh, String name, String proxyStatus, List<String> types, Optional<JsonNode> asOf) {}

  @Override
  public void run() {
    Session session = Meridianctl.session(spec);
    ApiClient api = session.api();
    String base = "/meshes/" + ApiClient.segment(mesh.mesh());
    List<Status> statuses =
        InspectCommand.all(api, base + "/dataplanes+insights").stream()
            .map(overview -> status(api, base, overview))
            .toList();
    if (output.format() == Printer.Format.TABLE) {
      Table table =
          new Table(
              "MESH",
              "NAME",
              "STATUS",
              "CDS",
              "LDS",
              "RDS",
              "EDS",
              "CONFIG AS OF LOG POSITION",
              "TIME");
      for (Status s : statuses) {
        table.row(
            s.mesh(),
            s.name(),
            s.proxyStatus(),
            s.types().get(0),
            s.types().get(1),
            s.types().get(2),
            s.types().get(3),
            s.asOf().map(e -> e.path("position").asText()).orElse("-"),
            s.asOf().map(e -> e.path("time").asText()).orElse("-"));
      }
      table.print(session.out());
      return;
    }
    ObjectNode document = ApiClient.JSON.createObjectNode();
    var items = document.putArray("items");
    for (Status s : statuses) {
      ObjectNode item = items.addObject().put("mesh", s.mesh()).put("name", s.name());
      item.put("status", s.proxyStatus());
      for (int i = 0; i < Insights.TYPES.size(); i++) {
        item.put(Insights.TYPES.get(i).toUpperCase(Locale.ROOT), s.types().get(i));
      }
      s.asOf().ifPresent(e -> item.set("configAsOf", e));
    }
    document.put("total", items.size());
    Printer.print(document, output.format(), session.out());
  }

  private static Status status(ApiClient api, String base, JsonNode overview) {
    String name = overview.path("name").asText();
    JsonNode insight = overview.path("dataplaneInsight");
    boolean online = Insights.online(insight);
    Optional<JsonNode> live =
        Insights.latestConnected(
            Insights.subscriptions(insight).stream()
                .filter(s -> !s.has("disconnectTime"))
                .toList());
    List<String> types =
        Insights.TYPES.stream()
            .map(t -> online && live.isPresent() ? Insights.typeStatus(live.get(), t) : "NOT SENT")
            .toList();
    return new Status(
        overview.path("mesh").asText(),
        name,
        online ? "Online" : "Offline",
        types,
        asOf(api, base + "/dataplanes/" + ApiClient.segment(name) + "/_provenance"));
  }

  /** The newest change (by time) among everything the proxy's config was generated from. */
  static Optional<JsonNode> asOf(ApiClient api, String provenancePath) {
    JsonNode provenance;
    try {
      provenance = api.get(provenancePath, ApiClient.params());
    } catch (CliException e) {
      return Optional.empty(); // global keeps no proxy models: no provenance there
    }
    JsonNode newest = null;
    for (JsonNode section : iterable(provenance)) {
      for (JsonNode contributors : iterable(section)) {
        for (JsonNode event : contributors) {
          if (event.hasNonNull("time") && (newest == null || time(event).isAfter(time(newest)))) {
            newest = event;
          }
        }
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    ObjectNode asOf = ApiClient.JSON.createObjectNode();
    asOf.put("position", newest.path("position").asText());
    asOf.put("time", newest.path("time").asText());
    asOf.put("type", newest.path("type").asText());
    asOf.put("name", newest.path("name").asText());
    return Optional.of(asOf);
  }

  private static java.time.Instant time(JsonNode event) {
    return java.time.Instant.parse(event.path("time").asText());
  }

  /** The values of an object (each section maps resource names to their contributors). */
  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node.isObject() ? node::elements : List.<JsonNode>of();
  }
}
