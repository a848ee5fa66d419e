package dev.meridian.zone.config;

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
 * What makes this control plane a zone. It writes its own topic: standalone with every kind, in
 * multizone mode only the kinds a zone owns (dataplanes, zone ingresses), while meshes and policies
 * come from the global topic, which it follows, and every other zone's topic is followed for its
 * ZoneIngresses. Access roles and bindings come from global too: a zone honours them, never writes
 * them.
 */
@Component
public class ZoneRole implements ControlPlaneRole {
  private final ZoneProperties properties;
  private final LogSource ownSource;

  public ZoneRole(ZoneProperties properties) {
    this.properties = properties;
    this.ownSource =
        properties.multizone()
            ? LogSource.zone(properties.zone()).asOwn()
            : LogSource.standaloneZone(properties.zone()).asOwn();
  }

  @Override
  public LogSource ownSource() {
    return ownSource;
  }

  @Override
  public List<LogSource> projectionSources() {
    return properties.multizone() ? List.of(ownSource, LogSource.global()) : List.of(ownSource);
  }

  @Override
  public boolean discoversZones() {
    return properties.multizone();
  }

  @Override
  public Optional<LogSource> followedZone(String zone) {
    return zone.equals(properties.zone())
        ? Optional.empty()
        : Optional.of(LogSource.remoteZone(zone));
  }

  @Override
  public String clientIdPrefix() {
    return "meridian-zone-" + properties.zone();
  }

  /** In multizone mode meshes and policies are the global control plane's to write. */
  @Override
  public Optional<ApiFailure> refusedWrite(ResourceKind kind) {
    if (!properties.multizone() || kind.owner() != Owner.GLOBAL) {
      return Optional.empty();
    }
    return Optional.of(
        ApiFailure.of(
            405,
            "Method not Allowed",
            managedOnGlobal(kind)
                + " are managed on the global control plane ("
                + properties.globalControlPlane()
                + "); zone "
                + properties.zone()
                + " runs in multizone mode and receives them over the log"));
  }

  private static String managedOnGlobal(ResourceKind kind) {
    if (kind == ResourceKind.MESH) {
      return "Meshes";
    }
    if (kind == ResourceKind.ACCESS_ROLE || kind == ResourceKind.ACCESS_ROLE_BINDING) {
      return "Access roles and their bindings";
    }
    return "Policies";
  }

  @Override
  public LinkedHashMap<String, String> identity() {
    LinkedHashMap<String, String> labels = productLabels();
    labels.put("instance_id", ManagementInstance.id());
    labels.put("mode", properties.multizone() ? "zone" : "standalone");
    labels.put("zone", properties.zone());
    return labels;
  }

  @Override
  public String openApiResource() {
    return "/openapi/zone-cp.openapi.yaml";
  }
}
