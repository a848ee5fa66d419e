package dev.meridian.zone.xds;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.zone.InsightRecords;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.zone.config.ZoneProperties;
import dev.meridian.zone.log.PeriodicSender;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In multizone mode, sends each dataplane's insight (online, connections, ACKs/NACKs) to global on
 * the compacted {@code meridian.insights} topic whenever it changed, and a tombstone once the
 * dataplane is gone, so global shows every zone's proxies online or offline.
 */
@Component
public class InsightPublisher implements SmartLifecycle {

  private final DataplaneInsights insights;
  private final Projection projection;
  private final ZoneProperties properties;
  private final PeriodicSender sender;
  private final Map<ResourceKey, String> published = new HashMap<>();

  public InsightPublisher(
      DataplaneInsights insights,
      Projection projection,
      KafkaClients clients,
      ZoneProperties properties) {
    this.insights = insights;
    this.projection = projection;
    this.properties = properties;
    this.sender =
        new PeriodicSender(
            clients,
            "insight-publisher",
            InsightRecords.TOPIC,
            LogClientConfig.insightTopic(),
            this::publish);
  }

  @Override
  public void start() {
    if (properties.multizone()) {
      sender.start(properties.heartbeatInterval(), properties.heartbeatInterval());
    }
  }

  @Override
  public void stop() {
    sender.stop();
  }

  @Override
  public boolean isRunning() {
    return sender.running();
  }

  /** Sends what changed since the last round; a tombstone for dataplanes that are gone. */
  private void publish(KafkaProducer<String, byte[]> producer) {
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
                InsightRecords.TOPIC, key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        published.put(dataplane, json);
      }
    }
  }
}
