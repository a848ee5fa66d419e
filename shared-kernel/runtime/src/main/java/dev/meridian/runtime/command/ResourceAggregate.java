package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.event.DomainEvent;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * One resource's history, whatever its kind: what every aggregate keeps (the resource as its last
 * event left it, and how many events it has) and how it applies a decision. The decisions are the
 * kernel's {@code ResourceDecisions}; a subclass only routes its commands to them. Never marked
 * deleted in Axon's sense, so a deleted name can be created again and its sequence continues.
 *
 * @param <S> the kind's spec type
 */
public abstract class ResourceAggregate<S> {
  @AggregateIdentifier private String id;
  private S current;
  private long sequence = -1;

  protected ResourceAggregate() {}

  /** The resource as it is now; null before it is created and after it is deleted. */
  protected S current() {
    return current;
  }

  /** The sequence of the last event; -1 for a resource that never existed. */
  protected long sequence() {
    return sequence;
  }

  /** Appends the decision's event, if any, and tells the caller what happened. */
  protected WriteResult decide(Decision decision) {
    decision.event().ifPresent(AggregateLifecycle::apply);
    return new WriteResult(decision.outcome(), sequence);
  }

  /** Every event carries the whole resource it leaves behind (or none, for a removal). */
  @EventSourcingHandler
  @SuppressWarnings("unchecked")
  void on(DomainEvent event) {
    id = event.key().logKey();
    current = (S) DomainEvent.specAfter(event);
    sequence++;
  }
}
