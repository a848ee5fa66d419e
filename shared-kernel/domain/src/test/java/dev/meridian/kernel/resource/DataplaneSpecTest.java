package dev.meridian.kernel.resource;

import static dev.meridian.kernel.resource.DataplaneBuilder.bare;
import static dev.meridian.kernel.resource.DataplaneBuilder.dataplane;
import static dev.meridian.kernel.resource.DataplaneBuilder.service;
import static dev.meridian.kernel.resource.DataplaneBuilder.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.meridian.kernel.resource.DataplaneSpec.Inbound;
import org.junit.jupiter.api.Test;

class DataplaneSpecTest {

  @Test
  void stampZoneOverwritesAUserSuppliedZoneOnEveryInbound() {
    DataplaneSpec spec =
        dataplane()
            .editInbound(0, in -> in.tag("kuma.io/zone", "forged"))
            .inbound(in -> in.port(8081).tag("version", "v1"))
            .build();

    DataplaneSpec stamped = spec.stampZone("zone-1");

    assertThat(stamped.networking().inbounds())
        .extracting(Inbound::tags)
        .containsExactly(
            java.util.Map.of("kuma.io/service", "backend", "kuma.io/zone", "zone-1"),
            java.util.Map.of(
                "kuma.io/service", "backend", "kuma.io/zone", "zone-1", "version", "v1"));
  }

  @Test
  void stampZoneOverwritesTheGatewayZone() {
    DataplaneSpec spec =
        bare().gateway("BUILTIN", tags("kuma.io/service", "edge", "kuma.io/zone", "other")).build();

    DataplaneSpec stamped = spec.stampZone("zone-1");

    assertThat(stamped.networking().gateway().tags())
        .containsOnly(entry("kuma.io/service", "edge"), entry("kuma.io/zone", "zone-1"));
    assertThat(stamped.networking().gateway().type()).isEqualTo("BUILTIN");
  }

  @Test
  void stampZoneCreatesTagsWhereThereWereNone() {
    DataplaneSpec spec =
        dataplane().editInbound(0, in -> in.tags(null)).gateway(null, null).build();

    DataplaneSpec stamped = spec.stampZone("zone-1");

    assertThat(stamped.networking().inbounds().get(0).tags())
        .containsOnly(entry("kuma.io/zone", "zone-1"));
    assertThat(stamped.networking().gateway().tags()).containsOnly(entry("kuma.io/zone", "zone-1"));
  }

  @Test
  void stampZoneChangesNothingElse() {
    DataplaneSpec spec =
        dataplane()
            .advertisedAddress("1.2.3.4")
            .editInbound(
                0,
                in ->
                    in.servicePort(80)
                        .serviceAddress("127.0.0.1")
                        .address("192.168.0.2")
                        .probe("1s", "2s", 3, 4)
                        .state("NotReady")
                        .health(false))
            .nullInbound()
            .outbound(10001, null, service("redis"))
            .admin(9901)
            .build();

    DataplaneSpec stamped = spec.stampZone("zone-1");

    Inbound before = spec.networking().inbounds().get(0);
    Inbound after = stamped.networking().inbounds().get(0);
    assertThat(after.withTags(before.tags())).isEqualTo(before);
    assertThat(stamped.networking().inbounds().get(1)).isNull();
    assertThat(stamped.networking().outbounds()).isEqualTo(spec.networking().outbounds());
    assertThat(stamped.networking().outbounds().get(0).tags()).doesNotContainKey("kuma.io/zone");
    assertThat(stamped.networking().address()).isEqualTo(spec.networking().address());
    assertThat(stamped.networking().advertisedAddress()).isEqualTo("1.2.3.4");
    assertThat(stamped.networking().admin()).isEqualTo(spec.networking().admin());
  }

  @Test
  void stampZoneLeavesTheOriginalUntouched() {
    DataplaneSpec spec = dataplane().editInbound(0, in -> in.tag("kuma.io/zone", "forged")).build();

    spec.stampZone("zone-1");

    assertThat(spec.networking().inbounds().get(0).tags()).containsEntry("kuma.io/zone", "forged");
  }

  @Test
  void stampZoneWithoutNetworkingIsANoOp() {
    DataplaneSpec spec = new DataplaneSpec(null);
    assertThat(spec.stampZone("zone-1")).isSameAs(spec);
  }

  @Test
  void tagsAreCopiedAndImmutable() {
    java.util.Map<String, String> tags = new java.util.HashMap<>(service("backend"));
    Inbound inbound = new Inbound(8080, null, null, null, tags, null, null, null);

    tags.put("late", "change");

    assertThat(inbound.tags()).containsOnlyKeys("kuma.io/service");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbound.tags().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
