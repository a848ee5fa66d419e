package dev.meridian.zone.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.ResourceKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AffectedProxiesTest {
  private final AffectedProxies<String> affected = new AffectedProxies<>();
  private final Set<String> live = new HashSet<>();

  private static ResourceKey dp(String name) {
    return ResourceKey.dataplane("default", name);
  }

  private Set<String> of(List<ResourceKey> dataplanes, List<String> services) {
    return affected.of(dataplanes, services, live::contains);
  }

  @Test
  void aChangeFindsTheProxiesOfItsDataplanesAndTheCallersOfItsServicesOnly() {
    live.addAll(List.of("web-1", "web-2", "db-1"));
    affected.opened("web-1", dp("web-1"));
    affected.opened("web-2", dp("web-2"));
    affected.opened("db-1", dp("db-1"));
    affected.calls("web-1", Set.of(), Set.of("backend"));
    affected.calls("web-2", Set.of(), Set.of("db"));

    assertThat(of(List.of(dp("db-1")), List.of("backend")))
        .containsExactlyInAnyOrder("db-1", "web-1");
    assertThat(of(List.of(), List.of("cache"))).isEmpty();
  }

  @Test
  void aProxyThatStopsCallingAServiceIsNoLongerItsCaller() {
    live.add("web-1");
    affected.opened("web-1", dp("web-1"));
    affected.calls("web-1", Set.of(), Set.of("backend", "db"));
    affected.calls("web-1", Set.of("backend", "db"), Set.of("db"));

    assertThat(of(List.of(), List.of("backend"))).isEmpty();
    assertThat(of(List.of(), List.of("db"))).containsExactly("web-1");
  }

  @Test
  void aClosedProxyIsForgottenAndOneRecordedAfterItClosedIsNeverReturned() {
    live.add("web-1");
    affected.opened("web-1", dp("web-1"));
    affected.calls("web-1", Set.of(), Set.of("backend"));
    live.remove("web-1");
    affected.closed("web-1", dp("web-1"), Set.of("backend"));
    // A regeneration that was running when the stream closed records it once more.
    affected.calls("web-1", Set.of(), Set.of("backend"));

    assertThat(of(List.of(dp("web-1")), List.of("backend"))).isEmpty();
  }
}
