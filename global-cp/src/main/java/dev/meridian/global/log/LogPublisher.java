package dev.meridian.global.log;

import dev.meridian.global.command.ResourceCommands;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The outbox (ADR 002): a tracking processor appends each stored event to {@code meridian.global},
 * with origin {@code global}, waiting for the broker's ack before moving on.
 */
@Component
@ProcessingGroup(LogPublisher.PROCESSING_GROUP)
public class LogPublisher implements DisposableBean {
  public static final String PROCESSING_GROUP = "meridian-log-publisher";

  private final KafkaClients clients;
  private final LogRecordCodec codec = new LogRecordCodec();
  private volatile KafkaProducer<String, byte[]> producer;

  public LogPublisher(KafkaClients clients) {
    this.clients = clients;
  }

  @EventHandler
  public void on(
      DomainEvent event,
      @MessageIdentifier String eventId,
      @SequenceNumber Long sequence,
      @Timestamp Instant timestamp,
      @MetaDataValue(ResourceCommands.ACTOR) String actor)
      throws Exception {
    EventEnvelope envelope =
        new EventEnvelope(
            eventId,
            LogSource.GLOBAL_ORIGIN,
            event.key().logKey(),
            sequence,
            timestamp,
            actor,
            event);
    producer()
        .send(LogRecords.toProducerRecord(LogSource.GLOBAL_TOPIC, codec.encode(envelope)))
        .get(30, TimeUnit.SECONDS);
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer = clients.producer();
    }
    return producer;
  }

  @Override
  public synchronized void destroy() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}
