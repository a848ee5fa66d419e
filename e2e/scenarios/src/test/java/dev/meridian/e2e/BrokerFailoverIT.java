package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.e2e.support.LauncherLogs;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.ResourceKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker lost under load: {@code deploy/local/meridian up --brokers 3} starts three broker
 * processes (RF 3, {@code min.insync.replicas=2}), global and one zone; meshes are PUT on global
 * without pause while the leader of a {@code meridian.global} partition is killed with SIGKILL.
 * Writes resume once a new leader is elected, and every acknowledged write is on the log exactly
 * once and on the zone.
 */
class BrokerFailoverIT {
  // Ports of this test's own, below Linux's ephemeral range (see LocalLauncherIT).
  static final int KAFKA_PORT = 26092;
  static final int STRIDE = 3300;
  static final int ZONE_API_PORT = STRIDE + 5681;
  static final int GLOBAL_PORT = 26681;
  static final String ZONE = "ha-1";
  static final String PREFIX = "ha-mesh-";
  static final List<String> BOOTSTRAP =
      List.of(
          "127.0.0.1:" + KAFKA_PORT,
          "127.0.0.1:" + (KAFKA_PORT + 2),
          "127.0.0.1:" + (KAFKA_PORT + 4));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;

  @BeforeAll
  static void up() throws Exception {
    LocalLauncherIT.Result result = launcher("up", "--brokers", "3", "--zones", ZONE, "--no-build");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("kafka-1     127.0.0.1:" + KAFKA_PORT)
        .contains("kafka-3     127.0.0.1:" + (KAFKA_PORT + 4));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get(ZONE_API_PORT, "/meshes/default").statusCode() == 200);
  }

  @AfterAll
  static void down() throws Exception {
    LocalLauncherIT.Result result = launcher("down");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void killingTheLeaderOfTheGlobalLogLosesNoAcknowledgedWriteAndAppliesNoneTwice()
      throws Exception {
    try (Admin admin = admin()) {
      TopicDescription global = describe(admin, LogSource.GLOBAL_TOPIC);
      // The topics the control planes created are replicated on all three brokers.
      assertThat(global.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource resource =
          new ConfigResource(ConfigResource.Type.TOPIC, LogSource.GLOBAL_TOPIC);
      Config config =
          admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");

      WriteLoad load = new WriteLoad();
      Thread writer = new Thread(load, "mesh-writer");
      writer.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 20);

      // Partition 0's leader; the other partitions' leaders may be elsewhere and carry on.
      int killedPartition = 0;
      int leader = global.partitions().get(killedPartition).leader().id();
      long pid =
          Long.parseLong(Files.readString(home.resolve("run/kafka-" + leader + ".pid")).trim());
      long killedAt = System.nanoTime();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
      int ackedBeforeKill = load.acknowledged.size();

      // A new leader is elected among the two in-sync followers.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                var partition =
                    describe(admin, LogSource.GLOBAL_TOPIC).partitions().get(killedPartition);
                return partition.leader() != null && partition.leader().id() != leader;
              });
      Duration election = Duration.ofNanos(System.nanoTime() - killedAt);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> load.acknowledged.size() >= ackedBeforeKill + 20);
      load.stop.set(true);
      writer.join(60_000);

      Set<String> acknowledged =
          load.acknowledged.stream().map(w -> w.name).collect(Collectors.toSet());
      // Exactly once on the log: nothing acknowledged is missing, nothing is there twice.
      Map<String, List<Integer>> onLog = meshesCreatedOnTheLog();
      assertThat(onLog.keySet()).containsAll(acknowledged);
      assertThat(onLog).allSatisfy((name, partitions) -> assertThat(partitions).hasSize(1));
      // Writes to the killed partition resume: the first one started after the kill, answered
      // (global answers once its own projection read it back from the log).
      WriteLoad.Write resumed =
          load.acknowledged.stream()
              .filter(w -> w.startedAt > killedAt)
              .filter(w -> onLog.get(w.name).get(0) == killedPartition)
              .findFirst()
              .orElseThrow();
      Duration failover = Duration.ofNanos(resumed.ackedAt - killedAt);
      // And the zone applied each once: its projection lists every acknowledged mesh.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(zoneMeshes()).containsAll(acknowledged));
      List<String> onZone = zoneMeshes();
      assertThat(onZone).doesNotHaveDuplicates();
      System.out.printf(
          "broker failover: leader %d of partition %d killed, new leader after %d ms, first"
              + " write to it acknowledged after %d ms; %d writes acknowledged, %d refused,"
              + " writes lost = %d, duplicates = %d%n",
          leader,
          killedPartition,
          election.toMillis(),
          failover.toMillis(),
          acknowledged.size(),
          load.refused.size(),
          acknowledged.stream().filter(name -> !onLog.containsKey(name)).count(),
          onLog.values().stream().filter(p -> p.size() > 1).count());
      assertThat(failover).isLessThan(Duration.ofSeconds(45));
    }
  }

  /** One PUT at a time on global; what was acknowledged (HTTP 2xx) and when. */
  static final class WriteLoad implements Runnable {
    record Write(String name, long startedAt, long ackedAt) {}

    final ConcurrentLinkedQueue<Write> acknowledged = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    final AtomicBoolean stop = new AtomicBoolean();

    @Override
    public void run() {
      String run = UUID.randomUUID().toString().substring(0, 6);
      for (int i = 0; !stop.get(); i++) {
        String name = PREFIX + run + "-" + i;
        long startedAt = System.nanoTime();
        try {
          HttpResponse<String> response =
              HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + GLOBAL_PORT + "/meshes/" + name))
                      .timeout(Duration.ofSeconds(30))
                      .header("Content-Type", "application/json")
                      .PUT(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"type\":\"Mesh\",\"name\":\"" + name + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() / 100 == 2) {
            acknowledged.add(new Write(name, startedAt, System.nanoTime()));
          } else {
            refused.add(name + " " + response.statusCode());
          }
        } catch (Exception e) {
          // Not acknowledged: the client cannot know whether it was written (checked on the log).
          refused.add(name + " " + e);
        }
      }
    }
  }

  /** The partitions of every MeshCreated of this test's meshes on {@code meridian.global}. */
  static Map<String, List<Integer>> meshesCreatedOnTheLog() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", BOOTSTRAP));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, String> meshByKey = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(LogSource.GLOBAL_TOPIC, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime()).as("read the global log to its end").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records.stream()
        .filter(r -> "MeshCreated".equals(header(r, LogRecordCodec.EVENT_TYPE)))
        .filter(r -> meshByKey.computeIfAbsent(r.key(), BrokerFailoverIT::meshName) != null)
        .collect(
            Collectors.groupingBy(
                r -> meshByKey.get(r.key()),
                Collectors.mapping(ConsumerRecord::partition, Collectors.toList())));
  }

  private static String meshName(String logKey) {
    String prefix = ResourceKey.mesh("").logKey();
    return logKey.startsWith(prefix + PREFIX) ? logKey.substring(prefix.length()) : null;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static List<String> zoneMeshes() throws Exception {
    JsonNode list = JSON.readTree(get(ZONE_API_PORT, "/meshes?size=1000").body());
    return list.get("items").findValuesAsText("name").stream()
        .filter(name -> name.startsWith(PREFIX))
        .toList();
  }

  static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
  }

  static Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            String.join(",", BOOTSTRAP),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static LocalLauncherIT.Result launcher(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(LocalLauncherIT.REPO.resolve("deploy/local/meridian").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("MERIDIAN_HOME", home.toString());
    env.put("MERIDIAN_KAFKA_PORT", Integer.toString(KAFKA_PORT));
    env.put("MERIDIAN_KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_PORT + 1));
    env.put("MERIDIAN_PORT_STRIDE", Integer.toString(STRIDE));
    env.put("MERIDIAN_GLOBAL_PORT", Integer.toString(GLOBAL_PORT));
    env.put("MERIDIAN_HEARTBEAT_INTERVAL", "1s");
    env.put("JAVA_OPTS", "-Xmx384m");
    // A write answers only once global's projection read it back from the log: an answer is
    // then proof the write is on the log, and its delay measures the failover.
    env.put("MERIDIAN_API_WRITE_VISIBILITY_TIMEOUT", "60s");
    Path output = Files.createTempFile("meridian-launcher", ".log");
    Process process = builder.redirectOutput(output.toFile()).start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("launcher did not finish: " + Files.readString(output));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      text += LauncherLogs.tails(home.resolve("logs"), 40);
    }
    return new LocalLauncherIT.Result(process.exitValue(), text);
  }
}
