package dev.meridian.zone.api;

import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.validation.ResourceNames;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.kernel.validation.ZoneIngressValidator;
import dev.meridian.kernel.xds.AvailableServices;
import dev.meridian.runtime.api.KindHandler;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ZoneIngresses: stamped with this zone; their {@code availableServices} are this zone's, computed
 * from its dataplanes — whatever a user sends there is replaced, as in Kuma.
 */
@Component
class ZoneIngressHandler implements KindHandler {
  private final String zone;
  private final Projection projection;

  ZoneIngressHandler(ZoneProperties properties, Projection projection) {
    this.zone = properties.zone();
    this.projection = projection;
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.ZONE_INGRESS;
  }

  @Override
  public ResourceSpec prepare(ResourceSpec submitted) {
    return ((ZoneIngressSpec) submitted)
        .withZone(zone)
        .withServices(AvailableServices.of(projection.list(ResourceKind.DATAPLANE, null)));
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return ZoneIngressValidator.validate((ZoneIngressSpec) prepared);
  }

  @Override
  public List<Violation> validateName(String name) {
    ValidationErrors errors = new ValidationErrors();
    ResourceNames.validateForZone(zone, name, errors);
    return errors.violations();
  }
}
