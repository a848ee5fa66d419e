package dev.meridian.zone.command;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.MeshSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the zone's aggregates. The target id is always the resource's log key. */
public final class Commands {
  private Commands() {}

  public record PutDataplane(
      @TargetAggregateIdentifier String aggregateId,
      String mesh,
      String name,
      DataplaneSpec spec) {}

  public record DeleteDataplane(
      @TargetAggregateIdentifier String aggregateId, String mesh, String name) {}

  public record PutMesh(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}

  public record DeleteMesh(@TargetAggregateIdentifier String aggregateId, String name) {}

  public record PutZoneIngress(
      @TargetAggregateIdentifier String aggregateId, String name, ZoneIngressSpec spec) {}

  public record DeleteZoneIngress(@TargetAggregateIdentifier String aggregateId, String name) {}

  /** Creates or replaces a targetRef policy of any kind; {@code key} says which. */
  public record PutPolicy(
      @TargetAggregateIdentifier String aggregateId, ResourceKey key, PolicySpec spec) {}

  public record DeletePolicy(@TargetAggregateIdentifier String aggregateId, ResourceKey key) {}

  /** Creates the mesh only if it never existed, so a mesh the user deleted stays deleted. */
  public record EnsureMeshCreatedOnce(
      @TargetAggregateIdentifier String aggregateId, String name, MeshSpec spec) {}
}
