package dev.meridian.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.runtime.log.LogTopics;
import dev.meridian.runtime.settings.KafkaSettings;
import dev.meridian.testkit.KafkaFixture;
import dev.meridian.zone.config.ZoneProperties;
import dev.meridian.zone.config.ZoneRole;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The durability settings of the topics a control plane creates reach the broker. */
class LogTopicSettingsIT {
  private static final KafkaFixture KAFKA = KafkaFixture.shared();

  @Test
  void aCreatedTopicCarriesTheConfiguredMinInsyncReplicas() throws Exception {
    KafkaClients clients =
        clients(new KafkaSettings(KAFKA.bootstrapServers(), null, 2, null, null, 1));
    String topic = "meridian.zone.isr-" + UUID.randomUUID().toString().substring(0, 8);

    LogTopics.ensure(clients, Set.of(topic));

    try (Admin admin = clients.admin()) {
      TopicDescription description =
          admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      assertThat(description.partitions()).hasSize(2);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
    }
  }

  @Test
  void aMinInsyncReplicasAboveTheReplicationFactorIsRefusedAtStart() {
    assertThatThrownBy(
            () -> new KafkaSettings(KAFKA.bootstrapServers(), null, 3, (short) 1, null, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meridian.kafka.topic-min-insync-replicas");
  }

  private static KafkaClients clients(KafkaSettings settings) {
    return new KafkaClients(
        settings,
        new ZoneRole(
            new ZoneProperties("zone-1", ZoneProperties.Mode.STANDALONE, null, null, null)));
  }
}
