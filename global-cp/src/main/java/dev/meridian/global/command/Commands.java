package dev.meridian.global.command;

import dev.meridian.kernel.resource.MeshSpec;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of global's aggregates. The target id is always the resource's log key. */
public final class Commands {
  private Commands() {}

  public record PutMesh(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}

  public record DeleteMesh(@TargetAggregateIdentifier String aggregateId, String name) {}

  /** Creates the mesh only if it never existed, so a mesh the user deleted stays deleted. */
  public record EnsureMeshCreatedOnce(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}
}
