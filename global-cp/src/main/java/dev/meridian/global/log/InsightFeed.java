package dev.meridian.global.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.zone.InsightRecords;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.runtime.log.LogTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest DataplaneInsight of every zone's dataplanes, read from the compacted {@code
 * meridian.insights} topic. An insight is believed only when its key names the zone that sent it.
 */
@Component
public class InsightFeed
    implements SmartLifecycle, dev.meridian.runtime.insight.DataplaneConnectivity {
  private final MeterRegistry meters;
  private final Map<ResourceKey, JsonNode> insights = new ConcurrentHashMap<>();
  private final TopicTail tail;

  public InsightFeed(KafkaClients clients, MeterRegistry meters) {
    this.meters = meters;
    this.tail =
        new TopicTail(
            clients,
            InsightRecords.TOPIC,
            () ->
                LogTopics.ensure(
                    clients, Set.of(InsightRecords.TOPIC), LogClientConfig.insightTopic()),
            this::apply,
            () -> {});
  }

  public Optional<JsonNode> insight(ResourceKey dataplane) {
    return Optional.ofNullable(insights.get(dataplane));
  }

  /** Online as its zone last reported it. */
  @Override
  public boolean online(ResourceKey dataplane) {
    return insight(dataplane).map(node -> node.path("online").asBoolean(false)).orElse(false);
  }

  @Override
  public void start() {
    tail.start();
  }

  @Override
  public void stop() {
    tail.stop();
  }

  @Override
  public boolean isRunning() {
    return tail.running();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    Optional<InsightRecords.Keyed> keyed = InsightRecords.parse(record.key());
    if (keyed.isEmpty()) {
      meters.counter("meridian_insights_rejected_total").increment();
      return;
    }
    if (record.value() == null) {
      insights.remove(keyed.get().dataplane());
      return;
    }
    try {
      JsonNode insight = DomainJson.canonical().readTree(record.value());
      if (!keyed.get().zone().equals(insight.path("zone").asText())) {
        meters.counter("meridian_insights_rejected_total").increment();
        return;
      }
      insights.put(keyed.get().dataplane(), insight);
    } catch (java.io.IOException e) {
      meters.counter("meridian_insights_rejected_total").increment();
    }
  }
}
