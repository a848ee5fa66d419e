package dev.meridian.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.history.CommandSideRecovery;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.runtime.command.EventStoreRestore;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.testkit.TopicReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Global's history: audit and past reads of meshes, and a rebuild from the log alone. */
class GlobalHistoryIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  @TempDir Path first;
  @TempDir Path replacement;

  static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(GlobalCpApplication.class)
        .run(
            "--meridian.data-dir=" + dataDir,
            "--meridian.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
            "--server.port=0",
            "--server.address=127.0.0.1");
  }

  static Http http(ConfigurableApplicationContext global) {
    int port = ((WebServerApplicationContext) global).getWebServer().getPort();
    Http http = new Http("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/actuator/health/readiness").status() == 200);
    return http;
  }

  static String mesh(String name, String routing) {
    return """
        {"type": "Mesh", "name": "%s", "routing": %s}
        """
        .formatted(name, routing);
  }

  @Test
  void globalAnswersForThePastAndComesBackFromTheLogAlone() {
    String payments = "payments-" + RUN;
    String temp = "temp-" + RUN;
    String checksum;
    int recordsBefore;
    try (ConfigurableApplicationContext global = start(first)) {
      Http http = http(global);
      assertThat(
              http.put(
                      "/meshes/" + payments,
                      mesh(payments, "{\"localityAwareLoadBalancing\": false}"))
                  .status())
          .isEqualTo(201);
      assertThat(http.put("/meshes/" + temp, mesh(temp, "{}")).status()).isEqualTo(201);
      Instant t1 = Instant.now();
      await().until(() -> Instant.now().isAfter(t1.plusMillis(20)));
      JsonNode liveAtT1 = http.get("/meshes/" + payments).json();
      assertThat(
              http.put(
                      "/meshes/" + payments,
                      mesh(payments, "{\"localityAwareLoadBalancing\": true}"))
                  .status())
          .isEqualTo(200);
      assertThat(http.delete("/meshes/" + temp).status()).isEqualTo(200);

      String at = URLEncoder.encode(t1.toString(), StandardCharsets.UTF_8);
      assertThat(http.get("/meshes/" + payments + "?at=" + at).json()).isEqualTo(liveAtT1);
      assertThat(http.get("/meshes/" + temp + "?at=" + at).status()).isEqualTo(200);
      assertThat(http.get("/meshes/" + temp).status()).isEqualTo(404);

      JsonNode audit = http.get("/audit/events?type=Mesh&mesh=" + payments).json();
      assertThat(audit.get("items"))
          .extracting(e -> e.get("operation").asText() + ":" + e.get("actor").asText())
          .containsExactly("UPDATE:anonymous", "CREATE:anonymous");
      assertThat(audit.at("/items/0/origin").asText()).isEqualTo("global");
      JsonNode diff = http.get("/meshes/" + payments + "/_diff?from=" + at).json();
      assertThat(diff.at("/changed/0/changes/0/path").asText())
          .isEqualTo("routing.localityAwareLoadBalancing");
      checksum = global.getBean(Projection.class).checksum();
      recordsBefore = TopicReader.readAll(LogSource.GLOBAL_TOPIC).size();
    }

    try (ConfigurableApplicationContext global = start(replacement)) {
      Http http = http(global);
      assertThat(global.getBean(EventStoreRestore.class).outcome())
          .isEqualTo(CommandSideRecovery.Outcome.RESTORED);
      Projection projection = global.getBean(Projection.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> checksum.equals(projection.checksum()));
      assertThat(http.get("/status/rebuild").json().get("checksum").asText()).isEqualTo(checksum);
      assertThat(TopicReader.readAll(LogSource.GLOBAL_TOPIC)).hasSize(recordsBefore);

      // Meshes created before the loss: updated, deleted and recreated as if nothing happened.
      assertThat(http.put("/meshes/" + payments, mesh(payments, "{}")).status()).isEqualTo(200);
      assertThat(http.put("/meshes/" + temp, mesh(temp, "{}")).status()).isEqualTo(201);
      assertThat(http.delete("/meshes/" + payments).status()).isEqualTo(200);
      // Three writes; the recreated mesh's new signing key and initial allow-all permission; the
      // deleted mesh's key and permission, deleted with it.
      assertThat(TopicReader.readAll(LogSource.GLOBAL_TOPIC)).hasSize(recordsBefore + 7);
      assertThat(DomainJson.toJson(http.get("/meshes/" + temp).json())).contains(temp);
    }
  }
}
