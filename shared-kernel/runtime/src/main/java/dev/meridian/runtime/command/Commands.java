package dev.meridian.runtime.command;

import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceSpec;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of {@link ResourceAggregate}, the same for every kind. The target id is always the
 * resource's log key, so a resource's events keep one order on the log and in the store.
 */
public final class Commands {
  private Commands() {}

  /** Creates or replaces a resource of any kind. */
  public record PutResource(
      @TargetAggregateIdentifier String aggregateId, ResourceKey key, ResourceSpec spec) {
    public PutResource(ResourceKey key, ResourceSpec spec) {
      this(key.logKey(), key, spec);
    }
  }

  public record DeleteResource(@TargetAggregateIdentifier String aggregateId, ResourceKey key) {
    public DeleteResource(ResourceKey key) {
      this(key.logKey(), key);
    }
  }

  /** Creates the resource only if it never existed, so one the user deleted stays deleted. */
  public record CreateResourceOnce(
      @TargetAggregateIdentifier String aggregateId, ResourceKey key, ResourceSpec spec) {
    public CreateResourceOnce(ResourceKey key, ResourceSpec spec) {
      this(key.logKey(), key, spec);
    }
  }
}
