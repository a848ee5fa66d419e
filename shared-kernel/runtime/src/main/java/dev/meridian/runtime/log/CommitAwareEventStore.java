package dev.meridian.runtime.log;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
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
