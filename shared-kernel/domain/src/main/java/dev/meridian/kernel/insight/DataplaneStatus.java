package dev.meridian.kernel.insight;

import dev.meridian.kernel.resource.DataplaneSpec;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A dataplane's status as Kuma reports it: {@code offline} when no proxy of it is connected or none
 * of its inbounds is ready, {@code partially_degraded} when some are not, {@code online} otherwise
 * (a gateway, which has no inbounds, is online when connected).
 */
public enum DataplaneStatus {
  ONLINE("online"),
  PARTIALLY_DEGRADED("partially_degraded"),
  OFFLINE("offline");

  private final String kumaName;

  DataplaneStatus(String kumaName) {
    this.kumaName = kumaName;
  }

  public String kumaName() {
    return kumaName;
  }

  public static DataplaneStatus of(DataplaneSpec spec, boolean connected) {
    return of(spec, connected, in -> true);
  }

  /** The status counting only the inbounds {@code counted} keeps (e.g. one service's). */
  public static DataplaneStatus of(
      DataplaneSpec spec, boolean connected, Predicate<DataplaneSpec.Inbound> counted) {
    if (!connected) {
      return OFFLINE;
    }
    List<DataplaneSpec.Inbound> inbounds =
        spec.networking() == null
            ? List.of()
            : spec.networking().inbounds().stream()
                .filter(Objects::nonNull)
                .filter(counted)
                .toList();
    if (inbounds.isEmpty()) {
      return ONLINE;
    }
    long ready = inbounds.stream().filter(DataplaneStatus::ready).count();
    if (ready == 0) {
      return OFFLINE;
    }
    return ready == inbounds.size() ? ONLINE : PARTIALLY_DEGRADED;
  }

  /** An inbound is ready unless its health or its state says otherwise. */
  static boolean ready(DataplaneSpec.Inbound inbound) {
    if (inbound.health() != null && Boolean.FALSE.equals(inbound.health().ready())) {
      return false;
    }
    return inbound.state() == null
        || inbound.state().equals(DataplaneSpec.InboundState.Ready.name())
        || inbound.state().equals(DataplaneSpec.InboundState.Ignored.name());
  }
}
