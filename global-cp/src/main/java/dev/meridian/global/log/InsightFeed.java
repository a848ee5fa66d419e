package dev.meridian.global.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.zone.InsightRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest DataplaneInsight of every zone's dataplanes, read from the compacted {@code
 * meridian.insights} topic. An insight is believed only when its key names the zone that sent it.
 */
@Component
public class InsightFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(InsightFeed.class);

  private final KafkaClients clients;
  private final MeterRegistry meters;
  private final Map<ResourceKey, JsonNode> insights = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public InsightFeed(KafkaClients clients, MeterRegistry meters) {
    this.clients = clients;
    this.meters = meters;
  }

  public Optional<JsonNode> insight(ResourceKey dataplane) {
    return Optional.ofNullable(insights.get(dataplane));
  }

  @Override
  public void start() {
    running = true;
    Thread thread = new Thread(this::run, "insight-feed");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try {
        LogTopics.ensureInsights(clients);
        follow();
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Insight feed failed, retrying in 2s: {}", e.toString());
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("insights")) {
      consumer = kafka;
      List<TopicPartition> partitions =
          kafka.partitionsFor(InsightRecords.TOPIC, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          apply(record);
        }
      }
    }
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
