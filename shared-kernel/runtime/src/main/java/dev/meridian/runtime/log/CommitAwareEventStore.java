package dev.meridian.runtime.log;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Axon's embedded event store, except that a commit whose events the committing thread already
 * appended to the log ({@link PublishOnCommit}) does not wake the tracking processor: it would
 * query the store and write its token on the cores the change needs on its way to the proxies (ADR
 * 014). The processor reads those events at its next poll, within the store's fetch delay, and
 * confirms them; any other commit wakes it at once, as Axon does.
 */
public final class CommitAwareEventStore extends EmbeddedEventStore {
  private CommitAwareEventStore(Builder builder) {
    super(builder);
  }

  public static CommitAwareEventStore over(EventStorageEngine storageEngine) {
    return new CommitAwareEventStore(EmbeddedEventStore.builder().storageEngine(storageEngine));
  }

  /**
   * An aggregate's events from the first, without asking for a snapshot first: no snapshot is ever
   * stored ({@link #storeSnapshot} refuses), so that query could only find none, and it was one of
   * the two queries a command ran for a resource the aggregate cache does not hold.
   */
  @Override
  public DomainEventStream readEvents(String aggregateIdentifier) {
    return readEvents(aggregateIdentifier, 0);
  }

  /** Aggregates are never snapshotted: the cache (ADR 010) makes loading them cheap instead. */
  @Override
  public void storeSnapshot(DomainEventMessage<?> snapshot) {
    throw new UnsupportedOperationException(
        "this event store reads no snapshots; aggregates are cached instead (ADR 010)");
  }

  @Override
  protected void afterCommit(List<? extends EventMessage<?>> events) {
    boolean allAppended =
        CurrentUnitOfWork.isStarted()
            && Boolean.TRUE.equals(
                CurrentUnitOfWork.get().root().getResource(PublishOnCommit.ALL_APPENDED));
    if (!allAppended) {
      super.afterCommit(events);
    }
  }
}
