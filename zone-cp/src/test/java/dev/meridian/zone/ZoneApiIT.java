package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.TopicReader;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST contract as a Kuma user meets it: status codes, problem documents with field paths,
 * paging, YAML, and — for every bad input — nothing written to the log.
 */
class ZoneApiIT {
  @TempDir static Path dataDir;
  static RunningZone zone;
  static Http http;

  @BeforeAll
  static void start() {
    zone =
        RunningZone.start(
            "api-" + UUID.randomUUID().toString().substring(0, 8),
            dataDir,
            Map.of("meridian.api.max-body-bytes", "4096"));
    http = new Http(zone.baseUrl());
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/meshes/default").status() == 200);
  }

  @AfterAll
  static void stop() {
    zone.close();
  }

  static final String VALID =
      """
      {"type": "Dataplane", "mesh": "default", "name": "backend-1",
       "networking": {"address": "192.168.0.2",
         "inbound": [{"port": 11011, "servicePort": 11012,
                      "tags": {"kuma.io/service": "backend", "version": "2.0"}}]}}
      """;

  @Test
  void aWrittenAggregateIsKeptInMemoryAndItsNextCommandAppendsTheNextSequence() {
    String key = dev.meridian.kernel.resource.ResourceKey.dataplane("default", "cached-1").logKey();
    String body = VALID.replace("backend-1", "cached-1");
    assertThat(http.put("/meshes/default/dataplanes/cached-1", body).status()).isEqualTo(201);

    // The command side keeps the aggregate: the next command is decided without replaying it.
    assertThat(zone.bean(dev.meridian.runtime.command.AggregateCache.class).containsKey(key))
        .isTrue();

    assertThat(http.put("/meshes/default/dataplanes/cached-1", body.replace("2.0", "2.1")).status())
        .isEqualTo(200);
    assertThat(http.put("/meshes/default/dataplanes/cached-1", body.replace("2.0", "2.1")).status())
        .isEqualTo(200);
    assertThat(
            http.get("/meshes/default/dataplanes/cached-1")
                .json()
                .at("/networking/inbound/0/tags/version")
                .asText())
        .isEqualTo("2.1");
    // Created, then one update (the repeated PUT changes nothing): sequences 0 and 1, in order.
    assertThat(TopicReader.readKey(zone.topic(), key))
        .extracting(r -> new String(r.headers().lastHeader("meridian-sequence").value()))
        .containsExactly("0", "1");
  }

  @Test
  void invalidFieldsAreAllReportedWithKumaFieldPathsAndNothingIsWritten() {
    int recordsBefore = TopicReader.readAll(zone.topic()).size();
    Http.Response response =
        http.put(
            "/meshes/default/dataplanes/bad-1",
            """
            {"type": "Dataplane", "mesh": "default", "name": "bad-1",
             "networking": {"address": "0.0.0.0",
               "inbound": [{"port": 70000, "tags": {"kuma.io/protocol": "smtp"}},
                           {"port": 8080, "serviceAddress": "not-an-ip",
                            "tags": {"kuma.io/service": "b"}}],
               "outbound": [{"port": 1, "tags": {"app": "x"}}]}}
            """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.get("title").asText()).isEqualTo("Could not process a resource");
    assertThat(problem.get("detail").asText()).isEqualTo("Resource is not valid");
    assertThat(parameters(problem))
        .containsExactly(
            "networking.address: must not be 0.0.0.0 or ::",
            "networking.inbound[0].port: port must be in the range [1, 65535]",
            "networking.inbound[0].tags[\"kuma.io/protocol\"]: tag \"kuma.io/protocol\" has an"
                + " invalid value \"smtp\". Allowed values: grpc, http, http2, kafka, tcp",
            "networking.inbound[0].tags[\"kuma.io/service\"]: tag has to exist",
            "networking.inbound[1].serviceAddress: serviceAddress has to be valid IP address",
            "networking.outbound[0].tags: mandatory tag \"kuma.io/service\" is missing");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
    assertThat(http.get("/meshes/default/dataplanes/bad-1").status()).isEqualTo(404);
    assertThat(TopicReader.readAll(zone.topic())).hasSize(recordsBefore);
  }

  @Test
  void malformedJsonIsABadRequestNamingWhere() {
    Http.Response response =
        http.put("/meshes/default/dataplanes/bad-2", "{\"type\": \"Dataplane\",");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("detail").asText()).contains("line 1");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRejected() {
    Http.Response response = http.put("/meshes/default/dataplanes/bad-3", "[1, 2]");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("detail").asText()).contains("must be an object");
  }

  @Test
  void unknownAndMistypedFieldsAreNamed() {
    Http.Response unknown =
        http.put(
            "/meshes/default/dataplanes/backend-1",
            VALID.replace("\"servicePort\"", "\"servicePortt\""));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(parameters(unknown.json()))
        .containsExactly("networking.inbound[0].servicePortt: unknown field");

    Http.Response mistyped =
        http.put("/meshes/default/dataplanes/backend-1", VALID.replace("11011", "\"eleven\""));
    assertThat(mistyped.status()).isEqualTo(400);
    assertThat(parameters(mistyped.json()))
        .singleElement()
        .asString()
        .startsWith("networking.inbound[0].port: must be an integer");
  }

  @Test
  void nameTypeAndMeshMustMatchTheUrl() {
    Http.Response response =
        http.put(
            "/meshes/default/dataplanes/other-name",
            VALID.replace("\"type\": \"Dataplane\"", "\"type\": \"Mesh\""));
    assertThat(response.status()).isEqualTo(400);
    assertThat(parameters(response.json()))
        .containsExactly(
            "name: name from the URL has to be the same as in body",
            "type: type from the URL has to be the same as in body");

    Http.Response meshMismatch =
        http.put(
            "/meshes/default/dataplanes/backend-1",
            VALID.replace("\"mesh\": \"default\"", "\"mesh\": \"other\""));
    assertThat(parameters(meshMismatch.json()))
        .containsExactly("mesh: mesh from the URL has to be the same as in body");
  }

  @Test
  void invalidNamesAreRejected() {
    Http.Response response =
        http.put(
            "/meshes/default/dataplanes/Backend.1",
            VALID.replace("\"backend-1\"", "\"Backend.1\""));
    assertThat(response.status()).isEqualTo(400);
    assertThat(parameters(response.json()))
        .containsExactly(
            "name: invalid characters. Valid characters are numbers, lowercase latin letters and"
                + " '-', '_' symbols.");
  }

  @Test
  void anUnknownMeshIsRejected() {
    Http.Response response =
        http.put(
            "/meshes/nowhere/dataplanes/backend-1",
            VALID.replace("\"mesh\": \"default\"", "\"mesh\": \"nowhere\""));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("detail").asText()).isEqualTo("Mesh is not found");
    assertThat(parameters(response.json()))
        .containsExactly("mesh: mesh of name nowhere is not found");
  }

  @Test
  void absurdlyLargeBodiesAreRefused() {
    String huge = VALID.replace("\"version\": \"2.0\"", "\"pad\": \"" + "x".repeat(10_000) + "\"");
    Http.Response response = http.put("/meshes/default/dataplanes/backend-1", huge);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void unsupportedContentTypesAreRefused() {
    Http.Response response =
        http.put("/meshes/default/dataplanes/backend-1", "<xml/>", "application/xml");
    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void yamlInAndOutAndCurlsDefaultFormTypeIsUnderstood() {
    String yaml =
        """
        type: Dataplane
        mesh: default
        name: yaml-1
        networking:
          address: 10.1.1.1
          inbound:
            - port: 9000
              tags:
                kuma.io/service: yaml-svc
        """;
    assertThat(http.put("/meshes/default/dataplanes/yaml-1", yaml, "application/yaml").status())
        .isEqualTo(201);
    Http.Response asYaml = http.get("/meshes/default/dataplanes/yaml-1", "application/yaml");
    assertThat(asYaml.contentType()).startsWith("application/yaml");
    assertThat(asYaml.body()).contains("kuma.io/zone: " + zone.zone()).contains("name: yaml-1");

    String json = VALID.replace("backend-1", "form-1");
    assertThat(
            http.put("/meshes/default/dataplanes/form-1", json, "application/x-www-form-urlencoded")
                .status())
        .isEqualTo(201);
  }

  @Test
  void listsPageWithOffsetSizeAndANextLink() {
    Http.Response mesh = http.put("/meshes/paging", "{\"type\": \"Mesh\", \"name\": \"paging\"}");
    assertThat(mesh.status()).isEqualTo(201);
    for (int i = 1; i <= 5; i++) {
      String body =
          VALID
              .replace("\"mesh\": \"default\"", "\"mesh\": \"paging\"")
              .replace("backend-1", "dp-" + i);
      assertThat(http.put("/meshes/paging/dataplanes/dp-" + i, body).status()).isEqualTo(201);
    }
    JsonNode first = http.get("/meshes/paging/dataplanes?size=2").json();
    assertThat(first.get("total").asInt()).isEqualTo(5);
    assertThat(names(first)).containsExactly("dp-1", "dp-2");
    assertThat(first.get("next").asText()).endsWith("/meshes/paging/dataplanes?size=2&offset=2");

    JsonNode last = http.get("/meshes/paging/dataplanes?size=2&offset=4").json();
    assertThat(names(last)).containsExactly("dp-5");
    assertThat(last.get("next").isNull()).isTrue();

    Http.Response tooBig = http.get("/meshes/paging/dataplanes?size=2000");
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(parameters(tooBig.json()))
        .containsExactly("size: Invalid page size of 2000. Maximum page size is 1000");
    assertThat(http.get("/meshes/paging/dataplanes?offset=x").status()).isEqualTo(400);

    // A mesh with dataplanes cannot be deleted.
    Http.Response delete = http.delete("/meshes/paging");
    assertThat(delete.status()).isEqualTo(400);
    assertThat(parameters(delete.json()))
        .containsExactly("mesh: unable to delete mesh, there are still some dataplanes attached");
  }

  @Test
  void missingResourcesAre404sWithAProblemBody() {
    Http.Response get = http.get("/meshes/default/dataplanes/nope");
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().get("title").asText()).isEqualTo("Could not retrieve a resource");
    Http.Response delete = http.delete("/meshes/default/dataplanes/nope");
    assertThat(delete.status()).isEqualTo(404);
    assertThat(http.get("/no/such/endpoint").status()).isEqualTo(404);
  }

  private static List<String> parameters(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem
        .withArray("invalid_parameters")
        .forEach(p -> out.add(p.get("field").asText() + ": " + p.get("reason").asText()));
    return out;
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("items").forEach(item -> out.add(item.get("name").asText()));
    return out;
  }

  @Test
  void aReasonGivenWithAWriteIsOnItsEventAndInTheAudit() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String body =
        """
        {"type": "Dataplane", "mesh": "default", "name": "reasoned-1",
         "networking": {"address": "10.7.0.1", "inbound": [{"port": 8080,
           "tags": {"kuma.io/service": "reasoned"}}]}}
        """;
    java.util.function.Function<String, java.net.http.HttpRequest> put =
        reason ->
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(zone.baseUrl() + "/meshes/default/dataplanes/reasoned-1"))
                .header("Content-Type", "application/json")
                .header("X-Meridian-Reason", reason)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();

    java.net.http.HttpResponse<String> tooLong =
        client.send(put.apply("x".repeat(513)), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("X-Meridian-Reason");
    assertThat(http.get("/meshes/default/dataplanes/reasoned-1").status()).isEqualTo(404);

    assertThat(
            client
                .send(
                    put.apply("capacity test, ticket OPS-7"),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(201);
    JsonNode entry =
        http.get("/audit/events?mesh=default&name=reasoned-1").json().path("items").get(0);
    assertThat(entry.path("reason").asText()).isEqualTo("capacity test, ticket OPS-7");
    assertThat(entry.path("operation").asText()).isEqualTo("CREATE");
  }
}
