package dev.meridian.runtime.command;

import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the aggregates every control plane has: meshes and policies. The target id is always
 * the resource's log key.
 */
public final class Commands {
  private Commands() {}

  public record PutMesh(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}

  public record DeleteMesh(@TargetAggregateIdentifier String aggregateId, String name) {}

  /** Creates the mesh only if it never existed, so a mesh the user deleted stays deleted. */
  public record EnsureMeshCreatedOnce(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}

  /** Creates or replaces a targetRef policy of any kind; {@code key} says which. */
  public record PutPolicy(
      @TargetAggregateIdentifier String aggregateId, ResourceKey key, PolicySpec spec) {}

  public record DeletePolicy(@TargetAggregateIdentifier String aggregateId, ResourceKey key) {}
}
