package dev.meridian.global.config;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.Owner;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.runtime.ControlPlaneRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What makes this control plane global: it writes meshes and policies to {@code meridian.global}
 * and follows every zone's topic, each accepted only for its own zone (ADR 001), to see every
 * zone's dataplanes and ingresses, which are written on their zone only.
 */
@Component
public class GlobalRole implements ControlPlaneRole {
  @Override
  public LogSource ownSource() {
    return LogSource.global().asOwn();
  }

  @Override
  public List<LogSource> projectionSources() {
    return List.of(ownSource());
  }

  @Override
  public boolean discoversZones() {
    return true;
  }

  @Override
  public Optional<LogSource> followedZone(String zone) {
    return Optional.of(LogSource.zone(zone));
  }

  @Override
  public String clientIdPrefix() {
    return "meridian-global";
  }

  /** Dataplanes and zone ingresses are their zone's to write; global shows them read-only. */
  @Override
  public Optional<ApiFailure> refusedWrite(ResourceKind kind) {
    if (kind.owner() != Owner.ZONE) {
      return Optional.empty();
    }
    String kinds = kind == ResourceKind.DATAPLANE ? "Dataplanes" : "Zone ingresses";
    return Optional.of(
        ApiFailure.of(
            405,
            "Method not Allowed",
            kinds
                + " are registered on their zone's control plane; the global control plane shows"
                + " them read-only"));
  }

  @Override
  public LinkedHashMap<String, String> identity() {
    LinkedHashMap<String, String> labels = productLabels();
    labels.put("mode", "global");
    return labels;
  }

  @Override
  public String openApiResource() {
    return "/openapi/global-cp.openapi.yaml";
  }
}
