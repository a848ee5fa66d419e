package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.event.DomainEvent;
import dev.meridian.kernel.resource.ResourceSpec;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One resource's history, whatever its kind (mesh, dataplane, zone ingress, policy): the resource
 * as its last event left it and how many events it has. Every kind follows Kuma's resource
 * semantics, so one aggregate serves them all; the decisions are the kernel's {@link
 * ResourceDecisions}, and which kinds a control plane writes at all is its role's to say (ADR 015).
 * Never marked deleted in Axon's sense, so a deleted name can be created again and its sequence
 * continues.
 */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class ResourceAggregate {
  @AggregateIdentifier private String id;
  private ResourceSpec current;
  private long sequence = -1;

  protected ResourceAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutResource command) {
    return decide(ResourceDecisions.put(command.key(), current, command.spec()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.CreateResourceOnce command) {
    return decide(
        ResourceDecisions.createOnce(command.key(), sequence >= 0, current, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeleteResource command) {
    return decide(ResourceDecisions.delete(command.key(), current));
  }

  private WriteResult decide(Decision decision) {
    decision.event().ifPresent(AggregateLifecycle::apply);
    return new WriteResult(decision.outcome(), sequence);
  }

  /** Every event carries the whole resource it leaves behind, or none for a removal. */
  @EventSourcingHandler
  void on(DomainEvent event) {
    id = event.key().logKey();
    current = DomainEvent.specAfter(event);
    sequence++;
  }
}
