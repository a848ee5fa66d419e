package dev.meridian.runtime.command;

import dev.meridian.kernel.command.Decision;
import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.resource.MeshSpec;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** One Mesh's history, on whichever control plane owns meshes (global, or a standalone zone). */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class MeshAggregate extends ResourceAggregate<MeshSpec> {

  protected MeshAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutMesh command) {
    return decide(ResourceDecisions.putMesh(command.name(), current(), command.spec()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.EnsureMeshCreatedOnce command) {
    if (sequence() >= 0) {
      return new WriteResult(Decision.Outcome.UNCHANGED, sequence());
    }
    return decide(ResourceDecisions.putMesh(command.name(), null, command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeleteMesh command) {
    return decide(ResourceDecisions.deleteMesh(command.name(), current()));
  }
}
