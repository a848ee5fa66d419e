package dev.meridian.runtime.log;

import dev.meridian.kernel.log.LogClientConfig;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the log's topics when missing: kept forever, never compacted (the log is the audit). */
public final class LogTopics {
  private static final Logger log = LoggerFactory.getLogger(LogTopics.class);

  private LogTopics() {}

  /** The zones whose topics exist on the cluster. */
  public static Set<String> zones(KafkaClients clients) {
    String prefix = dev.meridian.kernel.projection.LogSource.zoneTopic("");
    try (Admin admin = clients.admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(name -> name.startsWith(prefix) && name.length() > prefix.length())
          .map(name -> name.substring(prefix.length()))
          .collect(java.util.stream.Collectors.toSet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not list topics", e);
    }
  }

  /** Creates the missing ones of {@code topics} as the log's topics are configured. */
  public static void ensure(KafkaClients clients, Set<String> topics) {
    ensure(clients, topics, LogClientConfig.topic());
  }

  /** Creates the missing ones of {@code topics} with {@code configs}. */
  public static void ensure(
      KafkaClients clients, Set<String> topics, java.util.Map<String, String> configs) {
    try (Admin admin = clients.admin()) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      for (String topic : topics) {
        if (existing.contains(topic)) {
          continue;
        }
        NewTopic newTopic =
            new NewTopic(
                    topic,
                    clients.settings().topicPartitions(),
                    clients.settings().topicReplicationFactor())
                .configs(clients.settings().topicConfig(configs));
        try {
          admin.createTopics(Set.of(newTopic)).all().get(30, TimeUnit.SECONDS);
          log.info("Created log topic {}", topic);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not create log topics " + topics, e);
    }
  }
}
