package dev.meridian.global.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.projection.LogSource;
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
    try (Admin admin = clients.admin()) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(LogSource.GLOBAL_TOPIC)) {
        return;
      }
      NewTopic topic =
          new NewTopic(
                  LogSource.GLOBAL_TOPIC,
                  clients.settings().topicPartitions(),
                  clients.settings().topicReplicationFactor())
              .configs(LogClientConfig.topic());
      try {
        admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + LogSource.GLOBAL_TOPIC, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not create " + LogSource.GLOBAL_TOPIC, e);
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
