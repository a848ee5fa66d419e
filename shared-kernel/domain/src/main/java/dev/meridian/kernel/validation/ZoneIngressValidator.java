package dev.meridian.kernel.validation;

import dev.meridian.kernel.resource.ZoneIngressSpec;
import java.util.List;

/** Rules for a ZoneIngress: where it listens and where other zones reach it must be usable. */
public final class ZoneIngressValidator {
  private static final String PORT_RANGE = "port must be in the range [1, 65535]";

  private ZoneIngressValidator() {}

  public static List<Violation> validate(ZoneIngressSpec spec) {
    ValidationErrors errors = new ValidationErrors();
    FieldPath net = FieldPath.of("networking");
    if (spec == null || spec.networking() == null) {
      return errors.add(net, "must be defined").violations();
    }
    ZoneIngressSpec.Networking n = spec.networking();
    if (n.address() == null || n.address().isEmpty()) {
      errors.add(net.field("address"), "address can't be empty");
    } else if (!Addresses.isIp(n.address()) && !Addresses.isDnsName(n.address())) {
      errors.add(net.field("address"), "address has to be valid IP address or domain name");
    }
    if (n.advertisedAddress() != null
        && !n.advertisedAddress().isEmpty()
        && !Addresses.isIp(n.advertisedAddress())) {
      // Other zones' proxies dial it directly: it must be an IP literal.
      errors.add(net.field("advertisedAddress"), "has to be a valid IP address");
    }
    if (n.port() == null || n.port() < 1 || n.port() > 65535) {
      errors.add(net.field("port"), PORT_RANGE);
    }
    if (n.advertisedPort() != null && (n.advertisedPort() < 1 || n.advertisedPort() > 65535)) {
      errors.add(net.field("advertisedPort"), PORT_RANGE);
    }
    return errors.violations();
  }
}
