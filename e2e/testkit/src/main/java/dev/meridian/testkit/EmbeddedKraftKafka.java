package dev.meridian.testkit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node KRaft broker (combined controller + broker) inside the test JVM. */
final class EmbeddedKraftKafka implements KafkaFixture {
  private final KafkaClusterTestKit cluster;

  /** A benchmark may stop the shared broker itself before the JVM's exit hook tries again. */
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKraftKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static EmbeddedKraftKafka start() {
    return new EmbeddedKraftKafka(SingleNodeKraft.start(new TestKitNodes.Builder(), Map.of()));
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
