package dev.meridian.zone.command;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.history.OwnLogReplay;
import dev.meridian.kernel.log.LogPosition;
import dev.meridian.kernel.log.RebuildProgress;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.zone.log.KafkaLogReader;
import dev.meridian.zone.log.LogPublisher;
import dev.meridian.zone.log.RebuildMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 * Disaster recovery of the command side: when this zone's event store is empty (a new data folder
 * or database) but its topic holds its history, the events are written back into the event store
 * with their aggregate identifiers, sequences, identifiers, times and actors, and the log
 * publisher's token is set after them, so nothing is published twice and later updates continue
 * each aggregate where it was. {@code meridian.rebuild-from-log=true} forces the same from a
 * non-empty store, discarding it first.
 *
 * <p>It runs while the application context starts, before the event processors and the API do.
 */
@Component
public class EventStoreRestore implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(EventStoreRestore.class);
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

  private final EventStorageEngine engine;
  private final TransactionManager transactions;
  private final TokenStore tokens;
  private final EntityManagerProvider entityManagers;
  private final LogSource own;
  private final OwnLogReplay replay;
  private final boolean forced;
  private volatile Outcome outcome = Outcome.NOT_RUN;

  /** What happened at start. */
  public enum Outcome {
    NOT_RUN,
    NOT_NEEDED,
    /** The store had events but lagged its topic; the missing ones were written back. */
    CAUGHT_UP,
    RESTORED
  }

  public EventStoreRestore(
      EventStorageEngine engine,
      TransactionManager transactions,
      TokenStore tokens,
      EntityManagerProvider entityManagers,
      KafkaLogReader reader,
      LogSource ownSource,
      MeterRegistry meters,
      @Value("${meridian.rebuild-from-log:false}") boolean forced) {
    this.engine = engine;
    this.transactions = transactions;
    this.tokens = tokens;
    this.entityManagers = entityManagers;
    this.own = ownSource;
    this.replay = new OwnLogReplay(reader, ownSource);
    this.forced = forced;
    RebuildMetrics.register(meters, "command", replay::progress);
  }

  @Override
  public void afterPropertiesSet() {
    if (forced) {
      log.warn("Rebuild from the log requested: discarding the local event store");
      transactions.executeInTransaction(this::discardEventStore);
    } else if (hasEvents()) {
      if (transactions.fetchInTransaction(this::publisherHasStarted)) {
        catchUpWithTheLog();
        return;
      }
      // Events but no publisher token: a restore that did not finish (the token is written last).
      log.warn("Found an unfinished restore from the log: discarding it and restoring again");
      transactions.executeInTransaction(this::discardEventStore);
    }
    Map<LogPosition, Long> end = replay.end();
    long onLog = end.values().stream().mapToLong(Long::longValue).sum();
    if (onLog == 0) {
      outcome = Outcome.NOT_NEEDED;
      return;
    }
    log.info("Event store is empty; restoring it from {} ({} records)", own.topic(), onLog);
    // An empty store may still hold the publisher's token (its events lost with a disk, the token
    // row not): start clean, so the token written at the end is the only one.
    transactions.executeInTransaction(this::discardEventStore);
    long[] nextLog = {System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos()};
    replay.run(
        end,
        batch -> {
          transactions.executeInTransaction(() -> engine.appendEvents(messages(batch)));
          if (System.nanoTime() > nextLog[0]) {
            nextLog[0] = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
            RebuildProgress p = replay.progress();
            log.info(
                "Restoring the event store: {} records read, {} to go, {} records/s",
                p.recordsRead(),
                p.recordsRemaining(),
                Math.round(p.recordsPerSecond()));
          }
        });
    // Everything restored is on the log already: the publisher starts after it.
    transactions.executeInTransaction(
        () ->
            tokens.initializeTokenSegments(
                LogPublisher.PROCESSING_GROUP, 1, engine.createHeadToken()));
    RebuildProgress done = replay.progress();
    log.info(
        "Event store restored from the log: {} events of {} aggregates in {} ms ({} records/s)",
        replay.restored(),
        replay.projection().size(),
        done.elapsed().toMillis(),
        Math.round(done.recordsPerSecond()));
    outcome = Outcome.RESTORED;
  }

  /**
   * A store that lags its own topic (restored from an older backup, or its last commits lost with a
   * machine) would make later writes of those aggregates invisible: the log already holds their
   * sequence numbers. The events it lacks are written back, as in a restore. Counting first keeps
   * the usual start, where the store holds everything, to one query.
   */
  private void catchUpWithTheLog() {
    Map<LogPosition, Long> end = replay.end();
    long onLog = end.values().stream().mapToLong(Long::longValue).sum();
    long stored = transactions.fetchInTransaction(this::storedEvents);
    if (stored >= onLog) {
      outcome = Outcome.NOT_NEEDED;
      return;
    }
    Map<String, Long> storedSequences = transactions.fetchInTransaction(this::storedSequences);
    TrackingToken headBefore = engine.createHeadToken();
    long[] appended = {0};
    replay.run(
        end,
        batch -> {
          List<EventEnvelope> missing =
              batch.stream()
                  .filter(e -> e.sequence() > storedSequences.getOrDefault(e.aggregateId(), -1L))
                  .toList();
          if (!missing.isEmpty()) {
            transactions.executeInTransaction(() -> engine.appendEvents(messages(missing)));
            appended[0] += missing.size();
          }
        });
    if (appended[0] == 0) {
      outcome = Outcome.NOT_NEEDED;
      return;
    }
    transactions.executeInTransaction(() -> skipPublishingWrittenBack(headBefore));
    log.warn(
        "The event store lagged {}: wrote back {} events it lacked from the log",
        own.topic(),
        appended[0]);
    outcome = Outcome.CAUGHT_UP;
  }

  /**
   * The events written back are on the log already. If the publisher had published everything
   * before them, it resumes after them; otherwise it resumes where it was, and re-sends them too
   * (consumers drop a redelivery by its sequence).
   */
  private void skipPublishingWrittenBack(TrackingToken headBefore) {
    TrackingToken current = tokens.fetchToken(LogPublisher.PROCESSING_GROUP, 0);
    try {
      if (headBefore == null || (current != null && current.covers(headBefore))) {
        tokens.storeToken(engine.createHeadToken(), LogPublisher.PROCESSING_GROUP, 0);
      }
    } finally {
      tokens.releaseClaim(LogPublisher.PROCESSING_GROUP, 0);
    }
  }

  private long storedEvents() {
    return entityManagers
        .getEntityManager()
        .createQuery("SELECT COUNT(e) FROM DomainEventEntry e", Long.class)
        .getSingleResult();
  }

  private Map<String, Long> storedSequences() {
    Map<String, Long> out = new java.util.HashMap<>();
    entityManagers
        .getEntityManager()
        .createQuery(
            "SELECT e.aggregateIdentifier, MAX(e.sequenceNumber) FROM DomainEventEntry e"
                + " GROUP BY e.aggregateIdentifier",
            Object[].class)
        .getResultList()
        .forEach(row -> out.put((String) row[0], ((Number) row[1]).longValue()));
    return out;
  }

  public Outcome outcome() {
    return outcome;
  }

  public RebuildProgress progress() {
    return replay.progress();
  }

  public long restoredEvents() {
    return replay.restored();
  }

  private boolean publisherHasStarted() {
    return tokens.fetchSegments(LogPublisher.PROCESSING_GROUP).length > 0;
  }

  private boolean hasEvents() {
    try (var events = engine.readEvents(null, false)) {
      return events.findFirst().isPresent();
    }
  }

  private void discardEventStore() {
    var entityManager = entityManagers.getEntityManager();
    entityManager.createQuery("DELETE FROM DomainEventEntry").executeUpdate();
    entityManager.createQuery("DELETE FROM SnapshotEventEntry").executeUpdate();
    entityManager.createQuery("DELETE FROM TokenEntry").executeUpdate();
  }

  private static List<GenericDomainEventMessage<?>> messages(List<EventEnvelope> batch) {
    return batch.stream()
        .<GenericDomainEventMessage<?>>map(
            e ->
                new GenericDomainEventMessage<>(
                    aggregateType(e.payload().key().kind()),
                    e.aggregateId(),
                    e.sequence(),
                    e.payload(),
                    Map.of(ResourceCommands.ACTOR, e.actor()),
                    e.eventId(),
                    e.timestamp()))
        .toList();
  }

  /** The aggregate class each kind's events belong to, as Axon records it. */
  static String aggregateType(ResourceKind kind) {
    if (kind.isPolicy()) {
      return PolicyAggregate.class.getSimpleName();
    }
    return switch (kind) {
      case MESH -> MeshAggregate.class.getSimpleName();
      case DATAPLANE -> DataplaneAggregate.class.getSimpleName();
      case ZONE_INGRESS -> ZoneIngressAggregate.class.getSimpleName();
      default -> throw new IllegalStateException("no aggregate for " + kind);
    };
  }
}
