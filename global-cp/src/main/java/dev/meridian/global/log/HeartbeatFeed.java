package dev.meridian.global.log;

import dev.meridian.global.config.GlobalProperties;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.kernel.zone.ZoneRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens to the zones' heartbeats and keeps the {@link ZoneRegistry}: zones are registered on
 * their first heartbeat, online while they beat, offline once {@code meridian.zones
 * .offline-timeout} passes without one. A heartbeat is accepted only under its own zone's key.
 */
@Component
public class HeartbeatFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatFeed.class);

  private final KafkaClients clients;
  private final ZoneRegistry registry;
  private final MeterRegistry meters;
  private volatile boolean running;
  private volatile Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public HeartbeatFeed(KafkaClients clients, GlobalProperties properties, MeterRegistry meters) {
    this.clients = clients;
    this.registry =
        new ZoneRegistry(properties.zones().offlineTimeout(), properties.zones().history());
    this.meters = meters;
    Gauge.builder(
            "meridian_zones_online", registry, r -> r.zones().stream().filter(r::online).count())
        .description("Zones whose control plane is online")
        .register(meters);
  }

  public ZoneRegistry registry() {
    return registry;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "heartbeat-feed");
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
        LogTopics.ensureHeartbeats(clients);
        follow();
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Heartbeat feed failed, retrying in 2s: {}", e.toString());
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
    try (KafkaConsumer<String, byte[]> kafka = clients.consumer("heartbeats")) {
      consumer = kafka;
      List<TopicPartition> partitions =
          kafka.partitionsFor(Heartbeat.TOPIC, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          Heartbeat heartbeat = Heartbeat.parse(record.value());
          if (heartbeat == null || !heartbeat.zone().equals(record.key())) {
            meters.counter("meridian_heartbeats_rejected_total").increment();
            continue;
          }
          registry.heartbeat(heartbeat);
        }
        registry.tick(Instant.now());
      }
    }
  }
}
