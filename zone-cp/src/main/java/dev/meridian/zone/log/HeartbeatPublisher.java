package dev.meridian.zone.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.runtime.Periodic;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.zone.config.ManagementInstance;
import dev.meridian.zone.config.ZoneProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * In multizone mode, tells global this zone is alive every {@code meridian.heartbeat-interval}:
 * which instance, and how far its projection is behind the log. A zone that stops beating is shown
 * offline on global after its timeout.
 */
@Component
public class HeartbeatPublisher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

  private final KafkaClients clients;
  private final ZoneProperties properties;
  private final MeterRegistry meters;
  private volatile Periodic periodic;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile boolean topicReady;

  public HeartbeatPublisher(KafkaClients clients, ZoneProperties properties, MeterRegistry meters) {
    this.clients = clients;
    this.properties = properties;
    this.meters = meters;
  }

  @Override
  public void start() {
    if (!properties.multizone()) {
      return;
    }
    periodic =
        Periodic.start(
            "zone-heartbeat",
            Duration.ZERO,
            properties.heartbeatInterval(),
            this::beat,
            e -> log.warn("Could not send heartbeat: {}", e.toString()));
  }

  private void beat() {
    try {
      if (!topicReady) {
        LogTopics.ensure(clients, Set.of(Heartbeat.TOPIC), LogClientConfig.heartbeatTopic());
        topicReady = true;
      }
      if (producer == null) {
        producer = clients.producer();
      }
      var lag = meters.find("meridian_log_consumer_lag").gauge();
      Heartbeat heartbeat =
          new Heartbeat(
              properties.zone(),
              ManagementInstance.id(),
              Instant.now(),
              lag == null ? -1 : (long) lag.value());
      producer.send(new ProducerRecord<>(Heartbeat.TOPIC, properties.zone(), heartbeat.toBytes()));
    } catch (RuntimeException e) {
      log.warn("Could not send a heartbeat: {}", e.toString());
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
