package dev.meridian.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker for tests. Which one is chosen by the system property {@code
 * meridian.test.kafka}:
 *
 * <ul>
 *   <li>{@code auto} (default): Testcontainers' Kafka when a Docker engine answers, otherwise an
 *       in-JVM KRaft broker;
 *   <li>{@code testcontainers}, {@code embedded}: force one of them;
 *   <li>{@code external}: use the broker at {@code meridian.test.kafka.bootstrap-servers}.
 * </ul>
 *
 * Every scenario runs against whichever is chosen; none is skipped for lack of Docker.
 */
public interface KafkaFixture extends AutoCloseable {

  String bootstrapServers();

  /** Human-readable description for test logs. */
  String description();

  @Override
  void close();

  /** One broker per test JVM, started on first use and stopped when the JVM exits. */
  static KafkaFixture shared() {
    return SharedHolder.INSTANCE;
  }

  static KafkaFixture start() {
    Logger log = LoggerFactory.getLogger(KafkaFixture.class);
    String mode = System.getProperty("meridian.test.kafka", "auto");
    KafkaFixture fixture =
        switch (mode) {
          case "embedded" -> EmbeddedKraftKafka.start();
          case "testcontainers" -> ContainerKafka.start();
          case "external" -> ExternalKafka.fromProperties();
          case "auto" ->
              ContainerKafka.dockerAvailable()
                  ? ContainerKafka.start()
                  : EmbeddedKraftKafka.start();
          default ->
              throw new IllegalArgumentException(
                  "meridian.test.kafka must be auto, embedded, testcontainers or external, not "
                      + mode);
        };
    log.info("Kafka for tests: {} at {}", fixture.description(), fixture.bootstrapServers());
    return fixture;
  }

  /** Lazy holder: the broker starts when a test first asks for it. */
  final class SharedHolder {
    static final KafkaFixture INSTANCE = start();

    static {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // Bounded: a broker that will not stop must not hold the JVM's exit.
                    Thread closer = new Thread(INSTANCE::close, "kafka-fixture-close");
                    closer.setDaemon(true);
                    closer.start();
                    try {
                      closer.join(20_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "kafka-fixture-stop"));
    }

    private SharedHolder() {}
  }
}
