package dev.meridian.runtime.api;

import dev.meridian.kernel.auth.AccessRoleValidator;
import dev.meridian.kernel.resource.AccessRoleBindingSpec;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ResourceSpec;
import dev.meridian.kernel.validation.Violation;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * AccessRoleBindings: users and groups given roles. A binding may name a role not yet written (it
 * grants nothing until then), so roles and bindings can be applied in any order.
 */
@Component
class AccessRoleBindingHandler implements KindHandler {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ACCESS_ROLE_BINDING;
  }

  @Override
  public List<Violation> validate(ResourceSpec prepared) {
    return AccessRoleValidator.validate((AccessRoleBindingSpec) prepared);
  }
}
