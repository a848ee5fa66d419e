package dev.meridian.zone.api;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.DataplaneValidator;
import dev.meridian.kernel.validation.ResourceNames;
import dev.meridian.kernel.validation.ValidationErrors;
import dev.meridian.kernel.validation.Violation;
import dev.meridian.runtime.api.KindHandler;
import dev.meridian.zone.config.ZoneProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/** Dataplanes: stamped with this zone, validated with Kuma's rules. */
@Component
class DataplaneHandler implements KindHandler {
  private final String zone;

  DataplaneHandler(ZoneProperties properties) {
    this.zone = properties.zone();
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.DATAPLANE;
  }

  @Override
  public ResourceSpec prepare(ResourceSpec submitted) {
    // The zone's word on kuma.io/zone is final: whatever the user sent is overwritten.
    return ((DataplaneSpec) submitted).stampZone(zone);
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return DataplaneValidator.validate((DataplaneSpec) prepared);
  }

  @Override
  public List<Violation> validateName(String name) {
    ValidationErrors errors = new ValidationErrors();
    ResourceNames.validateForZone(zone, name, errors);
    return errors.violations();
  }
}
