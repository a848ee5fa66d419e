package dev.meridian.zone.command;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the aggregates only a zone has: dataplanes and zone ingresses. The target id is
 * always the resource's log key.
 */
public final class ZoneCommands {
  private ZoneCommands() {}

  public record PutDataplane(
      @TargetAggregateIdentifier String aggregateId,
      String mesh,
      String name,
      DataplaneSpec spec) {}

  public record DeleteDataplane(
      @TargetAggregateIdentifier String aggregateId, String mesh, String name) {}

  public record PutZoneIngress(
      @TargetAggregateIdentifier String aggregateId, String name, ZoneIngressSpec spec) {}

  public record DeleteZoneIngress(@TargetAggregateIdentifier String aggregateId, String name) {}
}
