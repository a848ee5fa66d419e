package dev.meridian.zone.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.event.MeshEvent;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.ResourceKey;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One Mesh's history, owned by this zone while it runs standalone. */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class MeshAggregate {
  @AggregateIdentifier private String id;
  private MeshSpec current;
  private long sequence = -1;

  protected MeshAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutMesh command) {
    return decide(ResourceDecisions.putMesh(command.name(), current, command.spec()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.EnsureMeshCreatedOnce command) {
    if (sequence >= 0) {
      return new WriteResult(Decision.Outcome.UNCHANGED, sequence);
    }
    return decide(ResourceDecisions.putMesh(command.name(), null, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeleteMesh command) {
    return decide(ResourceDecisions.deleteMesh(command.name(), current));
  }

  private WriteResult decide(Decision decision) {
    decision.event().ifPresent(event -> apply(event));
    return new WriteResult(decision.outcome(), sequence);
  }

  @EventSourcingHandler
  void on(MeshEvent.MeshCreated event) {
    id = ResourceKey.mesh(event.name()).logKey();
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(MeshEvent.MeshUpdated event) {
    current = event.spec();
    sequence++;
  }

  @EventSourcingHandler
  void on(MeshEvent.MeshDeleted event) {
    current = null;
    sequence++;
  }
}
