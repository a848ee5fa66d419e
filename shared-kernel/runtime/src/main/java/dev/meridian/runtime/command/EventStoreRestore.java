package dev.meridian.runtime.command;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.history.CommandSideRecovery;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.runtime.ControlPlaneRole;
import dev.meridian.runtime.log.KafkaLogReader;
import dev.meridian.runtime.log.LogPublisher;
import dev.meridian.runtime.log.RebuildMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Disaster recovery of the command side (the kernel's {@link CommandSideRecovery}) on Axon's JPA
 * event store: restores this control plane's event store from its own topic when it is empty,
 * redoes an unfinished restore, writes back what a lagging store lacks. {@code
 * meridian.rebuild-from-log=true} forces a restore from a non-empty store, discarding it first.
 *
 * <p>It runs while the application context starts, before the event processors and the API do.
 */
@Component
public class EventStoreRestore implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(EventStoreRestore.class);

  private final CommandSideRecovery recovery;
  private final boolean forced;
  private final AggregateCache aggregates;

  public EventStoreRestore(
      EventStorageEngine engine,
      TransactionManager transactions,
      TokenStore tokens,
      EntityManagerProvider entityManagers,
      KafkaLogReader reader,
      ControlPlaneRole role,
      MeterRegistry meters,
      AggregateCache aggregates,
      @Value("${meridian.rebuild-from-log:false}") boolean forced) {
    this.aggregates = aggregates;
    this.recovery =
        new CommandSideRecovery(
            reader,
            role.ownSource(),
            new AxonEventStore(engine, transactions, tokens, entityManagers),
            new CommandSideRecovery.Reporter() {
              @Override
              public void info(String message) {
                log.info(message);
              }

              @Override
              public void warn(String message) {
                log.warn(message);
              }
            });
    this.forced = forced;
    RebuildMetrics.register(meters, "command", recovery::progress);
  }

  @Override
  public void afterPropertiesSet() {
    recovery.run(forced);
    // The store may have been rewritten underneath: no aggregate may be served from before.
    aggregates.removeAll();
  }

  public CommandSideRecovery.Outcome outcome() {
    return recovery.outcome();
  }

  public RebuildProgress progress() {
    return recovery.progress();
  }

  public long restoredEvents() {
    return recovery.restoredEvents();
  }

  /**
   * The aggregate type Axon records with every event (the aggregate's simple class name): one
   * aggregate writes every kind. Stores written while each kind had an aggregate of its own hold
   * those names; nothing reads the type back, so both load alike.
   */
  static final String AGGREGATE_TYPE = ResourceAggregate.class.getSimpleName();

  /** Axon's JPA event store and token store, one transaction per call. */
  private record AxonEventStore(
      EventStorageEngine engine,
      TransactionManager transactions,
      TokenStore tokens,
      EntityManagerProvider entityManagers)
      implements CommandSideRecovery.EventStore {

    @Override
    public boolean hasEvents() {
      try (var events = engine.readEvents(null, false)) {
        return events.findFirst().isPresent();
      }
    }

    @Override
    public boolean publisherHasStarted() {
      return transactions.fetchInTransaction(
          () -> tokens.fetchSegments(LogPublisher.PROCESSING_GROUP).length > 0);
    }

    @Override
    public long storedEvents() {
      return transactions.fetchInTransaction(
          () ->
              entityManagers
                  .getEntityManager()
                  .createQuery("SELECT COUNT(e) FROM DomainEventEntry e", Long.class)
                  .getSingleResult());
    }

    @Override
    public Map<String, Long> storedSequences() {
      return transactions.fetchInTransaction(
          () -> {
            Map<String, Long> out = new HashMap<>();
            entityManagers
                .getEntityManager()
                .createQuery(
                    "SELECT e.aggregateIdentifier, MAX(e.sequenceNumber) FROM DomainEventEntry e"
                        + " GROUP BY e.aggregateIdentifier",
                    Object[].class)
                .getResultList()
                .forEach(row -> out.put((String) row[0], ((Number) row[1]).longValue()));
            return out;
          });
    }

    @Override
    public void discard() {
      transactions.executeInTransaction(
          () -> {
            var entityManager = entityManagers.getEntityManager();
            entityManager.createQuery("DELETE FROM DomainEventEntry").executeUpdate();
            entityManager.createQuery("DELETE FROM SnapshotEventEntry").executeUpdate();
            entityManager.createQuery("DELETE FROM TokenEntry").executeUpdate();
          });
    }

    @Override
    public void append(List<EventEnvelope> events) {
      List<GenericDomainEventMessage<?>> messages =
          events.stream()
              .<GenericDomainEventMessage<?>>map(
                  e ->
                      new GenericDomainEventMessage<>(
                          AGGREGATE_TYPE,
                          e.aggregateId(),
                          e.sequence(),
                          e.payload(),
                          restoredMetaData(e),
                          e.eventId(),
                          e.timestamp()))
              .toList();
      transactions.executeInTransaction(() -> engine.appendEvents(messages));
    }

    @Override
    public Object head() {
      return engine.createHeadToken();
    }

    @Override
    public void startPublisherAtHead() {
      transactions.executeInTransaction(
          () ->
              tokens.initializeTokenSegments(
                  LogPublisher.PROCESSING_GROUP, 1, engine.createHeadToken()));
    }

    @Override
    public void skipPublishingWrittenBack(Object headBefore) {
      transactions.executeInTransaction(
          () -> {
            TrackingToken current = tokens.fetchToken(LogPublisher.PROCESSING_GROUP, 0);
            try {
              if (headBefore == null
                  || (current != null && current.covers((TrackingToken) headBefore))) {
                tokens.storeToken(engine.createHeadToken(), LogPublisher.PROCESSING_GROUP, 0);
              }
            } finally {
              tokens.releaseClaim(LogPublisher.PROCESSING_GROUP, 0);
            }
          });
    }
  }

  /** Who made a restored event's change, and why, as the log recorded it. */
  private static Map<String, Object> restoredMetaData(dev.meridian.kernel.event.EventEnvelope e) {
    Map<String, Object> meta = new java.util.HashMap<>();
    meta.put(ResourceCommands.ACTOR, e.actor());
    meta.put(ResourceCommands.ACTOR_GROUPS, ResourceCommands.groupsText(e.actorGroups()));
    if (!e.reason().isEmpty()) {
      meta.put(ResourceCommands.REASON, e.reason());
    }
    return meta;
  }
}
