package dev.meridian.kernel.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rules built once per shape and bound to a dataplane are the rules built for that dataplane. */
class SelectionShapeTest {
  static final List<String> SERVICES = List.of("web", "backend", "db");
  static final List<String> ADDRESSES = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3");

  @Test
  void boundShapeRulesAreTheDataplanesRulesForRandomDataplanesAndPolicies() {
    Random random = new Random(2026);
    for (int round = 0; round < 2_000; round++) {
      Resource dataplane = randomDataplane(random);
      List<Resource> policies = randomPolicies(random);
      SelectionShape shape = SelectionShape.of(dataplane).orElseThrow();

      assertThat(SelectionShape.bind(shape.rules(policies), dataplane))
          .as("round %d: %s with %s", round, dataplane.spec(), policies)
          .isEqualTo(RulesBuilder.build(dataplane, policies));
    }
  }

  @Test
  void dataplanesThatDifferOnlyByTheirAddressHaveOneShape() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      Resource dataplane = randomDataplane(random);
      String address = ((DataplaneSpec) dataplane.spec()).networking().address();
      Resource moved = movedTo(dataplane, address, "192.168.7.7");

      assertThat(SelectionShape.of(moved)).isEqualTo(SelectionShape.of(dataplane));
    }
  }

  @Test
  void rulesWithoutInboundRulesAreSharedAsTheyAre() {
    Resource dataplane = randomDataplane(new Random(1));
    ProxyRules shapeRules =
        SelectionShape.of(dataplane)
            .orElseThrow()
            .rules(List.of(policy(ResourceKind.MESH_TIMEOUT, "t", "{kind: Mesh}", to("db"), "")));

    assertThat(SelectionShape.bind(shapeRules, dataplane)).isSameAs(shapeRules);
  }

  @Test
  void aDataplaneWithAnInboundSpelledLikeThePlaceholderHasNoShape() {
    Resource odd =
        dataplane(
            "10.0.0.1",
            List.of(inbound(8080, SelectionShape.OWN_ADDRESS, "web", "v1")),
            List.of(),
            null);

    assertThat(SelectionShape.of(odd)).isEmpty();
  }

  // ---------------------------------------------------------------- random inputs

  static Resource randomDataplane(Random random) {
    String address = pick(random, ADDRESSES);
    List<DataplaneSpec.Inbound> inbounds = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      String own =
          switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> address;
            default -> pick(random, ADDRESSES);
          };
      inbounds.add(
          inbound(
              8080 + random.nextInt(2),
              own,
              pick(random, SERVICES),
              random.nextBoolean() ? "v1" : "v2"));
    }
    List<DataplaneSpec.Outbound> outbounds = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      outbounds.add(
          new DataplaneSpec.Outbound(
              10000 + i, null, Map.of(DataplaneSpec.SERVICE_TAG, pick(random, SERVICES))));
    }
    DataplaneSpec.Gateway gateway =
        random.nextInt(5) == 0
            ? new DataplaneSpec.Gateway(Map.of(DataplaneSpec.SERVICE_TAG, "gw"), "BUILTIN")
            : null;
    return dataplane(address, inbounds, outbounds, gateway);
  }

  static List<Resource> randomPolicies(Random random) {
    List<ResourceKind> kinds =
        List.of(
            ResourceKind.MESH_TIMEOUT,
            ResourceKind.MESH_RATE_LIMIT,
            ResourceKind.MESH_FAULT_INJECTION,
            ResourceKind.MESH_CIRCUIT_BREAKER,
            ResourceKind.MESH_TCP_ROUTE);
    List<Resource> policies = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      ResourceKind kind = pick(random, kinds);
      String top =
          switch (random.nextInt(5)) {
            case 0 -> "{kind: Mesh}";
            case 1 -> "{kind: MeshService, name: " + pick(random, SERVICES) + "}";
            case 2 -> "{kind: MeshSubset, tags: {version: v" + (1 + random.nextInt(2)) + "}}";
            case 3 ->
                "{kind: MeshServiceSubset, name: "
                    + pick(random, SERVICES)
                    + ", tags: {version: v1}}";
            default -> "{kind: MeshGateway, name: gw}";
          };
      String to =
          kind == ResourceKind.MESH_TCP_ROUTE
              ? "[{targetRef: {kind: MeshService, name: "
                  + pick(random, SERVICES)
                  + "}, rules: [{default: {backendRefs: [{kind: MeshService, name: "
                  + pick(random, SERVICES)
                  + "}]}}]}]"
              : random.nextBoolean() ? to(pick(random, SERVICES)) : "[]";
      String from =
          kind == ResourceKind.MESH_TCP_ROUTE || random.nextBoolean()
              ? ""
              : ", from: [{targetRef: "
                  + (random.nextBoolean()
                      ? "{kind: Mesh}"
                      : "{kind: MeshService, name: " + pick(random, SERVICES) + "}")
                  + ", default: {idleTimeout: "
                  + (1 + random.nextInt(9))
                  + "s}}]";
      policies.add(policy(kind, "p-" + i, top, to, from));
    }
    return policies;
  }

  static String to(String service) {
    return "[{targetRef: {kind: MeshService, name: "
        + service
        + "}, default: {connectionTimeout: 3s}}]";
  }

  static Resource policy(ResourceKind kind, String name, String top, String to, String from) {
    return Policies.policy(kind, name, "spec: {targetRef: " + top + ", to: " + to + from + "}");
  }

  static DataplaneSpec.Inbound inbound(int port, String address, String service, String version) {
    return new DataplaneSpec.Inbound(
        port,
        null,
        null,
        address,
        Map.of(DataplaneSpec.SERVICE_TAG, service, "version", version),
        null,
        null,
        null);
  }

  static Resource dataplane(
      String address,
      List<DataplaneSpec.Inbound> inbounds,
      List<DataplaneSpec.Outbound> outbounds,
      DataplaneSpec.Gateway gateway) {
    return new Resource(
        ResourceKey.dataplane("default", "dp"),
        new DataplaneSpec(
            new DataplaneSpec.Networking(address, null, inbounds, outbounds, gateway, null)),
        null,
        null);
  }

  /** The dataplane at {@code to}: its address, and inbounds bound to it, move. */
  static Resource movedTo(Resource dataplane, String from, String to) {
    DataplaneSpec.Networking net = ((DataplaneSpec) dataplane.spec()).networking();
    List<DataplaneSpec.Inbound> inbounds = new ArrayList<>();
    for (DataplaneSpec.Inbound in : net.inbounds()) {
      inbounds.add(
          from.equals(in.address())
              ? new DataplaneSpec.Inbound(in.port(), null, null, to, in.tags(), null, null, null)
              : in);
    }
    return dataplane(to, inbounds, net.outbounds(), net.gateway());
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
