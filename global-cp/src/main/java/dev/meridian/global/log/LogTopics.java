package dev.meridian.global.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.zone.Heartbeat;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The global topic (created when missing) and the zone topics present on the cluster. */
final class LogTopics {
  static final String ZONE_TOPIC_PREFIX = LogSource.zoneTopic("");

  private LogTopics() {}

  static void ensureGlobal(KafkaClients clients) {
    ensure(clients, LogSource.GLOBAL_TOPIC, LogClientConfig.topic());
  }

  static void ensureInsights(KafkaClients clients) {
    ensure(clients, dev.meridian.kernel.zone.InsightRecords.TOPIC, LogClientConfig.insightTopic());
  }

  static void ensureHeartbeats(KafkaClients clients) {
    ensure(clients, Heartbeat.TOPIC, LogClientConfig.heartbeatTopic());
  }

  private static void ensure(
      KafkaClients clients, String name, java.util.Map<String, String> configs) {
    try (Admin admin = clients.admin()) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
        return;
      }
      NewTopic topic =
          new NewTopic(
                  name,
                  clients.settings().topicPartitions(),
                  clients.settings().topicReplicationFactor())
              .configs(configs);
      try {
        admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + name, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not create " + name, e);
    }
  }

  /** The names of the zones whose topics exist. */
  static Set<String> zones(KafkaClients clients) {
    try (Admin admin = clients.admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(name -> name.startsWith(ZONE_TOPIC_PREFIX))
          .map(name -> name.substring(ZONE_TOPIC_PREFIX.length()))
          .filter(zone -> !zone.isEmpty())
          .collect(Collectors.toSet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not list topics", e);
    }
  }
}
