package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.ctl.CliException;
import dev.meridian.ctl.Meridianctl;
import dev.meridian.ctl.Session;
import dev.meridian.ctl.api.ApiClient;
import dev.meridian.ctl.api.Kind;
import dev.meridian.ctl.output.Ago;
import dev.meridian.ctl.output.Printer;
import dev.meridian.ctl.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meridianctl inspect dataplanes|meshes|zones|proxy-status}. */
@Command(
    name = "inspect",
    description = "Show how proxies, meshes and zones are doing.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meridianctl inspect dataplanes -m default",
      "  meridianctl inspect proxy-status",
      "  meridianctl inspect meshes",
      "  meridianctl inspect zones"
    },
    subcommands = {
      InspectCommand.Dataplanes.class,
      InspectCommand.Meshes.class,
      InspectCommand.Zones.class,
      ProxyStatusCommand.class
    })
public final class InspectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(Meridianctl.session(spec).out());
  }

  /** Every item of a paged list, following the pages. */
  static List<JsonNode> all(ApiClient api, String path) {
    List<JsonNode> items = new ArrayList<>();
    int offset = 0;
    while (true) {
      JsonNode page =
          api.get(path, ApiClient.params("size", "1000", "offset", Integer.toString(offset)));
      page.path("items").forEach(items::add);
      if (page.path("next").isNull() || page.path("next").isMissingNode()) {
        return items;
      }
      offset = items.size();
    }
  }

  @Command(
      name = "dataplanes",
      description = "Dataplanes with their proxies' status, in kumactl's columns.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {
        "  meridianctl inspect dataplanes -m default",
        "  meridianctl inspect dataplanes -o yaml"
      })
  static final class Dataplanes implements Runnable {
    @Spec CommandSpec spec;
    @Mixin MeshOption mesh;
    @Mixin OutputOption output;

    static final List<String> HEADERS =
        List.of(
            "MESH",
            "NAME",
            "TAGS",
            "STATUS",
            "LAST CONNECTED AGO",
            "LAST UPDATED AGO",
            "TOTAL UPDATES",
            "TOTAL ERRORS",
            "CERT REGENERATED AGO",
            "CERT EXPIRATION",
            "CERT REGENERATIONS",
            "CERT BACKEND",
            "SUPPORTED CERT BACKENDS",
            "KUMA-DP",
            "ENVOY",
            "DEPENDENCIES-VERSION-COMPATIBLE");

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      Printer.Format format = output.format();
      String path = "/meshes/" + ApiClient.segment(mesh.mesh()) + "/dataplanes+insights";
      if (format != Printer.Format.TABLE) {
        Printer.print(session.api().get(path, ApiClient.params()), format, session.out());
        return;
      }
      table(all(session.api(), path), session).print(session.out());
    }

    static Table table(List<JsonNode> overviews, Session session) {
      Table table = new Table(HEADERS);
      for (JsonNode overview : overviews) {
        JsonNode insight = overview.path("dataplaneInsight");
        Optional<JsonNode> latest = Insights.latest(insight);
        JsonNode mtls = insight.path("mTLS");
        table.row(
            overview.path("mesh").asText(),
            overview.path("name").asText(),
            ResourceTables.tags(overview.path("dataplane").path("networking")),
            Insights.online(insight) ? "Online" : "Offline",
            Ago.since(
                latest.map(s -> s.path("connectTime").asText(null)).orElse(null), session.now()),
            Ago.since(
                latest.map(s -> s.path("status").path("lastUpdateTime").asText(null)).orElse(null),
                session.now()),
            Long.toString(Insights.total(insight, "responsesSent")),
            Long.toString(Insights.total(insight, "responsesRejected")),
            // What the insight does not report (yet) is shown as Kuma shows an unknown value.
            Ago.since(mtls.path("lastCertificateRegeneration").asText(null), session.now()),
            mtls.path("certificateExpirationTime").asText("-"),
            Long.toString(mtls.path("certificateRegenerations").asLong(0)),
            mtls.path("issuedBackend").asText("-"),
            String.join(",", texts(mtls.path("supportedBackends")))
                .transform(s -> s.isEmpty() ? "-" : s),
            latest
                .map(s -> s.path("version").path("kumaDp").path("version").asText("-"))
                .orElse("-"),
            latest
                .map(s -> s.path("version").path("envoy").path("version").asText("-"))
                .orElse("-"),
            "-");
      }
      return table;
    }

    private static List<String> texts(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(v -> out.add(v.asText()));
      return out;
    }
  }

  @Command(
      name = "meshes",
      description = "Meshes with their dataplanes (online/total) and policies per kind.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = "  meridianctl inspect meshes")
  static final class Meshes implements Runnable {
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      ApiClient api = session.api();
      List<Kind> policies = List.of(Kind.values()).stream().filter(Kind::isPolicy).toList();
      List<String> headers = new ArrayList<>(List.of("MESH", "DATAPLANES"));
      policies.forEach(p -> headers.add(columnName(p)));
      Table table = new Table(headers);
      var document = ApiClient.JSON.createObjectNode();
      var items = document.putArray("items");
      for (JsonNode mesh : all(api, "/meshes")) {
        String name = mesh.path("name").asText();
        List<JsonNode> dataplanes =
            all(api, "/meshes/" + ApiClient.segment(name) + "/dataplanes+insights");
        long online =
            dataplanes.stream().filter(d -> Insights.online(d.path("dataplaneInsight"))).count();
        List<String> row = new ArrayList<>(List.of(name, online + "/" + dataplanes.size()));
        var item = items.addObject().put("type", "MeshInsight").put("name", name);
        item.putObject("dataplanes").put("total", dataplanes.size()).put("online", online);
        var counts = item.putObject("policies");
        for (Kind policy : policies) {
          long total =
              api.get(policy.collectionPath(name), ApiClient.params("size", "1"))
                  .path("total")
                  .asLong();
          row.add(Long.toString(total));
          counts.putObject(policy.typeName()).put("total", total);
        }
        table.row(row);
      }
      document.put("total", items.size());
      if (output.format() == Printer.Format.TABLE) {
        table.print(session.out());
      } else {
        Printer.print(document, output.format(), session.out());
      }
    }

    /** {@code MeshHTTPRoute} → {@code HTTP ROUTES}, in the style of kumactl's columns. */
    static String columnName(Kind kind) {
      String words =
          kind.typeName()
              .substring("Mesh".length())
              .replaceAll("([a-z])([A-Z])", "$1 $2")
              .replaceAll("([A-Z])([A-Z][a-z])", "$1 $2");
      String plural =
          words.endsWith("y") ? words.substring(0, words.length() - 1) + "ies" : words + "s";
      return plural.toUpperCase(Locale.ROOT);
    }
  }

  @Command(
      name = "zones",
      description = "Zones (on global) with their control planes' status and log lag.",
      mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = "  meridianctl inspect zones")
  static final class Zones implements Runnable {
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Override
    public void run() {
      Session session = Meridianctl.session(spec);
      if (output.format() != Printer.Format.TABLE) {
        Printer.print(
            session.api().get("/zones+insights", ApiClient.params()),
            output.format(),
            session.out());
        return;
      }
      List<JsonNode> zones;
      try {
        zones = all(session.api(), "/zones+insights");
      } catch (CliException e) {
        throw new CliException(
            e.getMessage() + " (zones are inspected on the global control plane)", e.causes());
      }
      Table table = table(zones, session.now());
      table.print(session.out());
    }

    static Table table(List<JsonNode> zones, java.time.Instant now) {
      Table table =
          new Table(
              "NAME",
              "STATUS",
              "LAST CONNECTED AGO",
              "LAST UPDATED AGO",
              "CONTROL PLANES",
              "LOG LAG");
      for (JsonNode zone : zones) {
        List<JsonNode> subscriptions = Insights.subscriptions(zone.path("zoneInsight"));
        Optional<JsonNode> latest = Insights.latestConnected(subscriptions);
        long live = subscriptions.stream().filter(s -> !s.has("disconnectTime")).count();
        table.row(
            zone.path("name").asText(),
            zone.path("online").asBoolean(false) ? "Online" : "Offline",
            Ago.since(latest.map(s -> s.path("connectTime").asText(null)).orElse(null), now),
            Ago.since(
                latest.map(s -> s.path("status").path("lastUpdateTime").asText(null)).orElse(null),
                now),
            Long.toString(live),
            latest.map(s -> s.path("status").path("consumerLag").asText("-")).orElse("-"));
      }
      return table;
    }
  }
}
