package dev.meridian.runtime.api;

import dev.meridian.kernel.auth.AccessRoleValidator;
import dev.meridian.kernel.resource.AccessRoleSpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import java.util.List;
import org.springframework.stereotype.Component;

/** AccessRoles: every access value and type must be one Meridian knows. */
@Component
class AccessRoleHandler implements KindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ACCESS_ROLE;
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return AccessRoleValidator.validate((AccessRoleSpec) prepared);
  }
}
