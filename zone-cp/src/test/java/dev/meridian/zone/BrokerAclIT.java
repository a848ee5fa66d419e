package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.kernel.zone.InsightRecords;
import dev.meridian.testkit.Http;
import dev.meridian.testkit.SaslKafka;
import dev.meridian.zone.support.RunningZone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log as production runs it: a broker that authenticates every client (SASL/SCRAM) and allows
 * only what ACLs grant. Each zone's principal may write its own topic and no other; the broker
 * refuses the rest before any reader has to, and a zone control plane runs on exactly those grants.
 */
class BrokerAclIT {
  private static SaslKafka kafka;

  @TempDir Path dataDir;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = SaslKafka.start();
    kafka.createTopics(
        "meridian.global",
        "meridian.zone.east",
        "meridian.zone.west",
        Heartbeat.TOPIC,
        InsightRecords.TOPIC);
    for (String zone : new String[] {"east", "west"}) {
      kafka.addUser(zone, zone + "-secret");
      // Its own topic: write and read it; every Meridian topic: read (global's, other zones').
      kafka.allow(
          zone,
          "meridian.zone." + zone,
          PatternType.LITERAL,
          AclOperation.WRITE,
          AclOperation.CREATE);
      kafka.allow(
          zone, "meridian.", PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
      kafka.allow(zone, Heartbeat.TOPIC, PatternType.LITERAL, AclOperation.WRITE);
      kafka.allow(zone, InsightRecords.TOPIC, PatternType.LITERAL, AclOperation.WRITE);
    }
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  @Test
  void aZonesPrincipalMayWriteItsOwnTopicAndTheBrokerRefusesAnothers() throws Exception {
    try (KafkaProducer<String, byte[]> east = producer("east")) {
      east.send(new ProducerRecord<>("meridian.zone.east", "k", new byte[] {1}))
          .get(30, TimeUnit.SECONDS);

      assertThatThrownBy(
              () ->
                  east.send(new ProducerRecord<>("meridian.zone.west", "k", new byte[] {1}))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(
              () ->
                  east.send(new ProducerRecord<>("meridian.global", "k", new byte[] {1}))
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aClientWithTheWrongPasswordIsNotLetIn() {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.putAll(SaslKafka.scramClient("east", "guessed"));
    props.put("max.block.ms", "15000");
    try (KafkaProducer<String, byte[]> intruder =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(
              () ->
                  intruder
                      .send(new ProducerRecord<>("meridian.zone.east", "k", new byte[] {1}))
                      .get(30, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void aZoneControlPlaneRunsOnItsOwnPrincipalsGrants() {
    Map<String, String> settings = new HashMap<>();
    settings.put("meridian.mode", "multizone");
    settings.put("meridian.kafka.bootstrap-servers", kafka.bootstrapServers());
    SaslKafka.scramClient("east", "east-secret")
        .forEach((key, value) -> settings.put("meridian.kafka.properties." + key, value));
    try (RunningZone zone = RunningZone.start("east", dataDir, settings)) {
      Http http = new Http(zone.baseUrl());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> http.get("/actuator/health/readiness").status() == 200);
      // The mesh comes from global in multizone mode; a dataplane write needs one, so it waits for
      // none: the zone's own kinds go to its own topic and come back through its own reader.
      assertThat(
              http.put(
                      "/zoneingresses/ingress-1",
                      """
                      {"type": "ZoneIngress", "name": "ingress-1",
                       "networking": {"address": "10.0.0.1", "port": 10001}}
                      """)
                  .status())
          .isEqualTo(201);
      assertThat(http.get("/zoneingresses/ingress-1").status()).isEqualTo(200);
    }
  }

  private static KafkaProducer<String, byte[]> producer(String user) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.putAll(SaslKafka.scramClient(user, user + "-secret"));
    props.put("max.block.ms", "15000");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
