package dev.meridian.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogClientConfigTest {
  @Test
  void theLogsGuaranteesWinOverUserProperties() {
    Map<String, Object> producer =
        LogClientConfig.producer(
            "k:9092", Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "5"), "p");
    assertThat(producer)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("linger.ms", "5");

    Map<String, Object> consumer =
        LogClientConfig.consumer(
            "k:9092", Map.of("group.id", "g", "isolation.level", "read_uncommitted"), "c");
    assertThat(consumer).doesNotContainKey("group.id");
    assertThat(consumer).containsEntry("isolation.level", "read_committed");
  }

  @Test
  void aLogReaderUsesLargePollsAndAnOsSizedReceiveBufferUnlessTheUserSetsThem() {
    assertThat(LogClientConfig.logReader("k:9092", Map.of(), "r"))
        .containsEntry("max.poll.records", 1000)
        .containsEntry("receive.buffer.bytes", -1)
        .containsEntry("enable.auto.commit", false);

    assertThat(
            LogClientConfig.logReader(
                "k:9092",
                Map.of("receive.buffer.bytes", "1048576", "max.poll.records", "200"),
                "r"))
        .containsEntry("receive.buffer.bytes", "1048576")
        .containsEntry("max.poll.records", "200");
  }
}
