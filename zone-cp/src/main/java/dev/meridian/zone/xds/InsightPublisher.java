package dev.meridian.zone.xds;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.runtime.Periodic;
import dev.meridian.kernel.zone.InsightRecords;
import dev.meridian.zone.config.ZoneProperties;
import dev.meridian.zone.log.KafkaClients;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In multizone mode, sends each dataplane's insight (online, connections, ACKs/NACKs) to global on
 * the compacted {@code meridian.insights} topic whenever it changed, and a tombstone once the
 * dataplane is gone, so global shows every zone's proxies online or offline.
 */
@Component
public class InsightPublisher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(InsightPublisher.class);

  private final DataplaneInsights insights;
  private final Projection projection;
  private final KafkaClients clients;
  private final ZoneProperties properties;
  private final Map<ResourceKey, String> published = new HashMap<>();
  private volatile Periodic periodic;
  private KafkaProducer<String, byte[]> producer;
  private boolean topicReady;

  public InsightPublisher(
      DataplaneInsights insights,
      Projection projection,
      KafkaClients clients,
      ZoneProperties properties) {
    this.insights = insights;
    this.projection = projection;
    this.clients = clients;
    this.properties = properties;
  }

  @Override
  public void start() {
    if (!properties.multizone()) {
      return;
    }
    periodic =
        Periodic.start(
            "insight-publisher",
            properties.heartbeatInterval(),
            properties.heartbeatInterval(),
            this::publish,
            e -> log.warn("Could not send insights: {}", e.toString()));
  }

  private void publish() {
    try {
      ensureTopic();
      if (producer == null) {
        producer = clients.producer();
      }
      for (ResourceKey dataplane : insights.dataplanes()) {
        String key = InsightRecords.key(properties.zone(), dataplane);
        if (projection.get(dataplane).isEmpty()) {
          if (published.remove(dataplane) != null) {
            producer.send(new ProducerRecord<>(InsightRecords.TOPIC, key, null));
          }
          continue;
        }
        Map<String, Object> insight = new HashMap<>(insights.insight(dataplane));
        insight.put("online", insights.online(dataplane));
        insight.put("zone", properties.zone());
        String json = DomainJson.toJson(insight);
        if (!json.equals(published.get(dataplane))) {
          producer.send(
              new ProducerRecord<>(
                  InsightRecords.TOPIC,
                  key,
                  json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          published.put(dataplane, json);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not publish insights: {}", e.toString());
    }
  }

  private void ensureTopic() {
    if (topicReady) {
      return;
    }
    try (Admin admin = clients.admin()) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(InsightRecords.TOPIC)) {
        admin
            .createTopics(
                Set.of(
                    new NewTopic(
                            InsightRecords.TOPIC,
                            clients.settings().topicPartitions(),
                            clients.settings().topicReplicationFactor())
                        .configs(LogClientConfig.insightTopic())))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      topicReady = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("could not create " + InsightRecords.TOPIC, e);
      }
      topicReady = true;
    }
  }

  @Override
  public void stop() {
    Periodic current = periodic;
    if (current != null) {
      current.stop();
      periodic = null;
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(2));
      producer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return periodic != null;
  }
}
