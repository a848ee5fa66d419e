package dev.meridian.zone.log;

import dev.meridian.kernel.log.LogClientConfig;
import dev.meridian.kernel.zone.Heartbeat;
import dev.meridian.zone.config.ManagementInstance;
import dev.meridian.zone.config.ZoneProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private volatile ScheduledExecutorService scheduler;
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
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "zone-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long interval = properties.heartbeatInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.MILLISECONDS);
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
    ScheduledExecutorService current = scheduler;
    if (current != null) {
      current.shutdownNow();
      scheduler = null;
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(2));
      producer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
