package dev.meridian.kernel.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.event.EventEnvelope;
import dev.meridian.kernel.event.ZoneEvent;
import dev.meridian.kernel.event.ZoneIngressEvent;
import dev.meridian.kernel.projection.ApplyOutcome;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.projection.Projection;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import dev.meridian.kernel.resource.ZoneIngressSpec;
import dev.meridian.kernel.resource.ZoneSpec;
import dev.meridian.kernel.zone.Zones;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossZoneEndpointsTest {
  static Resource dataplane(String mesh, String name, String zone, String service, String state) {
    return new Resource(
        ResourceKey.dataplane(mesh, name),
        new DataplaneSpec(
            new DataplaneSpec.Networking(
                "10.0.0.1",
                null,
                List.of(
                    new DataplaneSpec.Inbound(
                        8080,
                        null,
                        null,
                        null,
                        Map.of(
                            "kuma.io/service",
                            service,
                            "kuma.io/zone",
                            zone,
                            "kuma.io/protocol",
                            "grpc"),
                        null,
                        state,
                        null)),
                null,
                null,
                null)),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  static ZoneIngressSpec ingress(String zone, String service, int instances) {
    return new ZoneIngressSpec(
        zone,
        new ZoneIngressSpec.Networking("10.1.0.1", "192.0.2.10", 10001, 10000),
        List.of(
            new ZoneIngressSpec.AvailableService(
                Map.of(
                    "kuma.io/service", service, "kuma.io/zone", zone, "kuma.io/protocol", "grpc"),
                instances,
                "default")));
  }

  @Test
  void aZonesAvailableServicesCountItsReadyInstancesPerMeshAndService() {
    List<ZoneIngressSpec.AvailableService> services =
        AvailableServices.of(
            List.of(
                dataplane("default", "a", "zone-2", "orders", null),
                dataplane("default", "b", "zone-2", "orders", "Ready"),
                dataplane("default", "c", "zone-2", "orders", "NotReady"),
                dataplane("other", "d", "zone-2", "orders", null)));
    assertThat(services)
        .extracting(s -> s.mesh() + ":" + s.tags().get("kuma.io/service") + "=" + s.instances())
        .containsExactly("default:orders=2", "other:orders=1");
  }

  @Test
  void anotherZonesIngressIsAnEndpointInThatZonesLocalityWeightedByInstances() {
    ServiceEndpoints endpoints =
        ServiceEndpoints.index(
            List.of(dataplane("default", "local-1", "zone-1", "orders", null)),
            List.of(ingress("zone-2", "orders", 3), ingress("zone-1", "orders", 1)),
            "zone-1",
            "default");
    ProxyModel.ServiceCluster orders = endpoints.cluster("orders");
    assertThat(orders.localities())
        .extracting(l -> l.zone() + "=" + l.weight())
        .containsExactly("zone-1=1", "zone-2=3");
    ProxyModel.Endpoint remote = orders.localities().get(1).endpoints().get(0);
    assertThat(remote.address() + ":" + remote.port()).isEqualTo("192.0.2.10:10000");
    assertThat(orders.protocol()).isEqualTo(Protocol.GRPC);
  }

  @Test
  void aDisabledZonesIngressIsNoEndpointAndADisabledZoneReachesNoOtherZone() {
    List<Resource> local = List.of(dataplane("default", "local-1", "zone-1", "orders", null));
    List<ZoneIngressSpec> ingresses =
        List.of(ingress("zone-2", "orders", 3), ingress("zone-3", "orders", 2));

    assertThat(
            ServiceEndpoints.index(local, ingresses, "zone-1", "default", Set.of("zone-2"))
                .cluster("orders")
                .localities())
        .extracting(l -> l.zone() + "=" + l.weight())
        .containsExactly("zone-1=1", "zone-3=2");
    assertThat(
            ServiceEndpoints.index(local, ingresses, "zone-1", "default", Set.of("zone-1"))
                .cluster("orders")
                .localities())
        .extracting(l -> l.zone() + "=" + l.weight())
        .containsExactly("zone-1=1");
  }

  @Test
  void zonesAreDisabledOnlyByAZoneResourceSayingSo() {
    List<Resource> zones =
        List.of(
            new Resource(
                ResourceKey.zone("zone-2"), new ZoneSpec(false), Instant.EPOCH, Instant.EPOCH),
            new Resource(
                ResourceKey.zone("zone-3"), new ZoneSpec(true), Instant.EPOCH, Instant.EPOCH),
            new Resource(
                ResourceKey.zone("zone-4"), new ZoneSpec(null), Instant.EPOCH, Instant.EPOCH));
    assertThat(Zones.disabled(zones)).containsExactly("zone-2");
  }

  @Test
  void zonesAreFollowedFromGlobalsTopicOnly() {
    Projection projection = new Projection();
    EventEnvelope disable =
        new EventEnvelope(
            "z1",
            LogSource.GLOBAL_ORIGIN,
            ResourceKey.zone("zone-2").logKey(),
            0,
            Instant.EPOCH,
            "admin",
            new ZoneEvent.ZoneCreated("zone-2", new ZoneSpec(false)));
    assertThat(projection.apply(LogSource.remoteZone("zone-2"), disable).status())
        .isNotEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(projection.apply(LogSource.global(), disable).status())
        .isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(Zones.disabled(projection.list(ResourceKind.ZONE, null))).containsExactly("zone-2");
  }

  @Test
  void servicesOfOtherMeshesBehindAnIngressAreNotEndpoints() {
    ServiceEndpoints endpoints =
        ServiceEndpoints.index(
            List.of(), List.of(ingress("zone-2", "orders", 3)), "zone-1", "payments");
    assertThat(endpoints.instances("orders")).isEmpty();
  }

  @Test
  void aZoneReadingAnotherZonesTopicKeepsItsIngressesOnlyAndRejectsForgedOnes() {
    Projection projection = new Projection();
    LogSource zone2 = LogSource.remoteZone("zone-2");
    ApplyOutcome ingressOutcome =
        projection.apply(
            zone2,
            new EventEnvelope(
                "e1",
                "zone-2",
                "zoneingress/in-2",
                0,
                Instant.EPOCH,
                "zone-2",
                new ZoneIngressEvent.ZoneIngressRegistered(
                    "in-2", ingress("zone-2", "orders", 1))));
    assertThat(ingressOutcome.status()).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(projection.get(ResourceKey.zoneIngress("in-2"))).isPresent();

    ApplyOutcome dataplaneOutcome =
        projection.apply(
            zone2,
            new EventEnvelope(
                "e2",
                "zone-2",
                "dataplane/default/x",
                0,
                Instant.EPOCH,
                "zone-2",
                new dev.meridian.kernel.event.DataplaneEvent.DataplaneRegistered(
                    "default",
                    "x",
                    (DataplaneSpec) dataplane("default", "x", "zone-2", "orders", null).spec())));
    assertThat(dataplaneOutcome.status()).isEqualTo(ApplyOutcome.Status.SKIPPED);
    assertThat(projection.get(ResourceKey.dataplane("default", "x"))).isEmpty();

    ApplyOutcome forged =
        projection.apply(
            zone2,
            new EventEnvelope(
                "e3",
                "zone-2",
                "zoneingress/in-3",
                0,
                Instant.EPOCH,
                "zone-2",
                new ZoneIngressEvent.ZoneIngressRegistered(
                    "in-3", ingress("zone-3", "orders", 1))));
    assertThat(forged.reason()).isEqualTo(ApplyOutcome.Reason.ZONE_TAG_MISMATCH);
  }
}
