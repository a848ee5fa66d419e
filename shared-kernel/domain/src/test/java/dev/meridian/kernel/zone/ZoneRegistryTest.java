package dev.meridian.kernel.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ZoneRegistryTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  final ZoneRegistry registry = new ZoneRegistry(Duration.ofSeconds(15), 3);

  static Heartbeat beat(String instance, int secondsAfterT0) {
    return new Heartbeat("zone-1", instance, T0.plusSeconds(secondsAfterT0), 0);
  }

  @Test
  void aZoneIsRegisteredOnItsFirstHeartbeatAndOnlineWhileItBeats() {
    assertThat(registry.zones()).isEmpty();
    registry.heartbeat(beat("cp-a", 0));
    registry.heartbeat(beat("cp-a", 10));
    registry.tick(T0.plusSeconds(20));
    assertThat(registry.zones()).containsExactly("zone-1");
    assertThat(registry.online("zone-1")).isTrue();
    assertThat(registry.subscriptions("zone-1")).hasSize(1);
  }

  @Test
  void aZoneWhoseHeartbeatsStopGoesOfflineAtTheTimeout() {
    registry.heartbeat(beat("cp-a", 0));
    registry.tick(T0.plusSeconds(14));
    assertThat(registry.online("zone-1")).isTrue();
    registry.tick(T0.plusSeconds(15));
    assertThat(registry.online("zone-1")).isFalse();
    assertThat(registry.current("zone-1").orElseThrow().disconnectTime())
        .isEqualTo(T0.plusSeconds(15));
  }

  @Test
  void aRestartedControlPlaneOpensANewSubscriptionAndComesBackOnline() {
    registry.heartbeat(beat("cp-a", 0));
    registry.tick(T0.plusSeconds(30));
    registry.heartbeat(beat("cp-b", 40));
    assertThat(registry.online("zone-1")).isTrue();
    assertThat(registry.subscriptions("zone-1"))
        .extracting(ZoneRegistry.Subscription::instanceId)
        .containsExactly("cp-a", "cp-b");
  }

  @Test
  void aNewInstanceWhileTheOldOneWasStillOnlineClosesTheOld() {
    registry.heartbeat(beat("cp-a", 0));
    registry.heartbeat(beat("cp-b", 5));
    assertThat(registry.subscriptions("zone-1").get(0).disconnectTime())
        .isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void historyIsBounded() {
    for (int i = 0; i < 5; i++) {
      registry.heartbeat(beat("cp-" + i, i));
    }
    assertThat(registry.subscriptions("zone-1"))
        .extracting(ZoneRegistry.Subscription::instanceId)
        .containsExactly("cp-2", "cp-3", "cp-4");
  }

  @Test
  void heartbeatsRoundTripThroughTheirWireForm() {
    Heartbeat heartbeat = new Heartbeat("zone-1", "cp-a", T0, 7);
    assertThat(Heartbeat.parse(heartbeat.toBytes())).isEqualTo(heartbeat);
    assertThat(Heartbeat.parse("nope".getBytes())).isNull();
  }
}
