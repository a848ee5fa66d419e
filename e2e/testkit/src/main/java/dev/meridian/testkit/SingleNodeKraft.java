package dev.meridian.testkit;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a one-node KRaft cluster (combined controller + broker) inside the test JVM. */
final class SingleNodeKraft {
  private static final Logger log = LoggerFactory.getLogger(SingleNodeKraft.class);

  private SingleNodeKraft() {}

  /** {@code nodes}: the node builder's listeners; {@code extra}: broker settings on top. */
  static KafkaClusterTestKit start(TestKitNodes.Builder nodes, Map<String, String> extra) {
    // A broker inside the test JVM must never end the JVM: Kafka halts the process on fatal
    // faults (e.g. its log dir vanishing while the fixture is shut down at JVM exit), which would
    // turn a green test run into a failed fork.
    Exit.setExitProcedure(
        (code, message) -> log.warn("In-JVM Kafka asked to exit({}): {}", code, message));
    Exit.setHaltProcedure(
        (code, message) -> log.warn("In-JVM Kafka asked to halt({}): {}", code, message));
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
                  nodes.setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false");
      extra.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
    }
  }
}
