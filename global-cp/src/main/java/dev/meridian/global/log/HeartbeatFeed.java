package dev.meridian.global.log;

import dev.meridian.global.config.GlobalProperties;
import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.kernel.zone.ZoneRegistry;
import dev.meridian.runtime.log.KafkaClients;
import dev.meridian.runtime.log.LogTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens to the zones' heartbeats and keeps the {@link ZoneRegistry}: zones are registered on
 * their first heartbeat, online while they beat, offline once {@code meridian.zones
 * .offline-timeout} passes without one. A heartbeat is accepted only under its own zone's key.
 */
@Component
public class HeartbeatFeed implements SmartLifecycle {
  private final ZoneRegistry registry;
  private final MeterRegistry meters;
  private final TopicTail tail;

  public HeartbeatFeed(KafkaClients clients, GlobalProperties properties, MeterRegistry meters) {
    this.registry =
        new ZoneRegistry(properties.zones().offlineTimeout(), properties.zones().history());
    this.meters = meters;
    this.tail =
        new TopicTail(
            clients,
            Heartbeat.TOPIC,
            () ->
                LogTopics.ensure(
                    clients, Set.of(Heartbeat.TOPIC), LogClientConfig.heartbeatTopic()),
            this::apply,
            () -> registry.tick(Instant.now()));
    Gauge.builder(
            "meridian_zones_online", registry, r -> r.zones().stream().filter(r::online).count())
        .description("Zones whose control plane is online")
        .register(meters);
  }

  public ZoneRegistry registry() {
    return registry;
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    Heartbeat heartbeat = Heartbeat.parse(record.value());
    if (heartbeat == null || !heartbeat.zone().equals(record.key())) {
      meters.counter("meridian_heartbeats_rejected_total").increment();
      return;
    }
    registry.heartbeat(heartbeat);
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
}
