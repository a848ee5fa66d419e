package dev.meridian.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node KRaft broker (combined controller + broker) inside the test JVM. */
final class EmbeddedKraftKafka implements KafkaFixture {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKraftKafka.class);
  private final KafkaClusterTestKit cluster;

  /** A benchmark may stop the shared broker itself before the JVM's exit hook tries again. */
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKraftKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static EmbeddedKraftKafka start() {
    // A broker inside the test JVM must never end the JVM: Kafka halts the process on fatal
    // faults (e.g. its log dir vanishing while the fixture is shut down at JVM exit), which would
    // turn a green test run into a failed fork.
    Exit.setExitProcedure(
        (code, message) -> log.warn("In-JVM Kafka asked to exit({}): {}", code, message));
    Exit.setHaltProcedure(
        (code, message) -> log.warn("In-JVM Kafka asked to halt({}): {}", code, message));
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKraftKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
    }
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public String description() {
    return "in-JVM KRaft broker";
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the in-JVM Kafka broker", e);
    }
  }
}
