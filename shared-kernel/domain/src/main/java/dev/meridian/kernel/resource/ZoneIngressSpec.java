package dev.meridian.kernel.resource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A zone's ingress, Kuma's {@code ZoneIngress}: where other zones send traffic for this zone's
 * services ({@code networking}), and which services sit behind it with how many instances ({@code
 * availableServices}, maintained by the zone control plane, not by users).
 */
public record ZoneIngressSpec(
    String zone, Networking networking, List<AvailableService> availableServices)
    implements ResourceSpec {

  public ZoneIngressSpec {
    availableServices =
        availableServices == null || availableServices.isEmpty()
            ? null
            : List.copyOf(availableServices);
  }

  public record Networking(
      String address, String advertisedAddress, Integer port, Integer advertisedPort) {}

  /** A service of this zone reachable through the ingress. */
  public record AvailableService(Map<String, String> tags, Integer instances, String mesh) {
    public AvailableService {
      tags = tags == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }
  }

  public List<AvailableService> services() {
    return availableServices == null ? List.of() : availableServices;
  }

  /** Where other zones connect: the advertised address and port when set. */
  public String reachableAddress() {
    return networking.advertisedAddress() != null && !networking.advertisedAddress().isEmpty()
        ? networking.advertisedAddress()
        : networking.address();
  }

  public int reachablePort() {
    return networking.advertisedPort() != null && networking.advertisedPort() != 0
        ? networking.advertisedPort()
        : networking.port();
  }

  public ZoneIngressSpec withZone(String stamped) {
    return new ZoneIngressSpec(stamped, networking, availableServices);
  }

  public ZoneIngressSpec withServices(List<AvailableService> services) {
    return new ZoneIngressSpec(zone, networking, services);
  }
}
