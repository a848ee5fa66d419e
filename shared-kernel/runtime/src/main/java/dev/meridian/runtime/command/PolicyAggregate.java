package dev.meridian.runtime.command;

import dev.meridian.kernel.command.ResourceDecisions;
import dev.meridian.kernel.resource.PolicySpec;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One targetRef policy's history, whatever its kind, on whichever control plane owns policies
 * (global, which publishes them to every zone, or a standalone zone).
 */
@Aggregate(cache = AxonConfig.AGGREGATE_CACHE)
public class PolicyAggregate extends ResourceAggregate<PolicySpec> {

  protected PolicyAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public WriteResult handle(Commands.PutPolicy command) {
    return decide(ResourceDecisions.putPolicy(command.key(), current(), command.spec()));
  }

  @CommandHandler
  public WriteResult handle(Commands.DeletePolicy command) {
    return decide(ResourceDecisions.deletePolicy(command.key(), current()));
  }
}
