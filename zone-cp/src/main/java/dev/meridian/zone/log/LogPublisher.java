package dev.meridian.zone.log;

import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.LogRecordCodec;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.zone.command.ResourceCommands;
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
 * The outbox: a tracking processor reads the event store (which commits with the aggregate) and
 * appends each event to this zone's topic, waiting for the broker's ack before the processor's
 * token moves on. A crash between the two re-sends the event; consumers drop it by sequence.
 */
@Component
@ProcessingGroup(LogPublisher.PROCESSING_GROUP)
public class LogPublisher implements DisposableBean {
  public static final String PROCESSING_GROUP = "meridian-log-publisher";

  private final KafkaClients clients;
  private final LogRecordCodec codec = new LogRecordCodec();
  private final String topic;
  private final String origin;
  private volatile KafkaProducer<String, byte[]> producer;

  public LogPublisher(KafkaClients clients, LogSource ownSource) {
    this.clients = clients;
    this.topic = ownSource.topic();
    this.origin = ownSource.origin();
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
        new EventEnvelope(eventId, origin, event.key().logKey(), sequence, timestamp, actor, event);
    producer()
        .send(LogRecords.toProducerRecord(topic, codec.encode(envelope)))
        .get(30, TimeUnit.SECONDS);
  }

  private KafkaProducer<String, byte[]> producer() {
    KafkaProducer<String, byte[]> current = producer;
    if (current == null) {
      synchronized (this) {
        if (producer == null) {
          producer = clients.producer();
        }
        current = producer;
      }
    }
    return current;
  }

  @Override
  public void destroy() {
    KafkaProducer<String, byte[]> current = producer;
    if (current != null) {
      current.close(java.time.Duration.ofSeconds(5));
    }
  }
}
