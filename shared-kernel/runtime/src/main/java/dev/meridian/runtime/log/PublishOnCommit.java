package dev.meridian.runtime.log;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Hands every event a command stores to the log publisher's fast path once the command's
 * transaction has committed (ADR 014): the write reaches the log without waiting for the tracking
 * processor to find it in the store. Events stored without a unit of work (none today) are left to
 * the processor. {@code meridian.log.publish-on-commit=false} leaves every event to it.
 */
@Component
public class PublishOnCommit {
  private static final String PENDING = PublishOnCommit.class.getName() + ".pending";

  /**
   * Set on a unit of work once the fast path took every event it stored; the event store then
   * leaves the tracking processor asleep ({@link CommitAwareEventStore}).
   */
  static final String ALL_APPENDED = PublishOnCommit.class.getName() + ".allAppended";

  public PublishOnCommit(
      EventBus eventBus,
      LogPublisher publisher,
      @Value("${meridian.log.publish-on-commit:true}") boolean enabled) {
    if (!enabled) {
      return;
    }
    // Axon intercepts a unit of work's events when it prepares the commit, after they are final.
    eventBus.registerDispatchInterceptor(
        messages -> {
          if (CurrentUnitOfWork.isStarted()) {
            List<DomainEventMessage<?>> stored = new ArrayList<>(messages.size());
            for (EventMessage<?> message : messages) {
              if (message instanceof DomainEventMessage<?> domainEvent) {
                stored.add(domainEvent);
              }
            }
            if (!stored.isEmpty()) {
              committedBy(CurrentUnitOfWork.get().root(), publisher).addAll(stored);
            }
          }
          return (index, message) -> message;
        });
  }

  /**
   * The events a unit of work stores, appended in that order after it commits. One handler per unit
   * of work: after-commit handlers run in the reverse order of their registration.
   */
  private static List<DomainEventMessage<?>> committedBy(
      UnitOfWork<?> unitOfWork, LogPublisher publisher) {
    return unitOfWork.getOrComputeResource(
        PENDING,
        key -> {
          List<DomainEventMessage<?>> pending = new ArrayList<>();
          unitOfWork.afterCommit(
              committed -> {
                boolean all = true;
                for (DomainEventMessage<?> event : pending) {
                  all &= publisher.appendCommitted(event);
                }
                if (all) {
                  committed.resources().put(ALL_APPENDED, Boolean.TRUE);
                }
              });
          return pending;
        });
  }
}
