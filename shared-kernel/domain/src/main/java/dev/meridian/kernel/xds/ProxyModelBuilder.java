package dev.meridian.kernel.xds;

import dev.meridian.kernel.policy.BackendRef;
import dev.meridian.kernel.policy.ProxyRules;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the {@link ProxyModel} of one dataplane from the mesh's service endpoints. Pure. */
public final class ProxyModelBuilder {
  static final String LOCALHOST = "127.0.0.1";

  private ProxyModelBuilder() {}

  public static ProxyModel build(Resource dataplane, String zone, ServiceEndpoints endpoints) {
    return build(dataplane, zone, endpoints, ProxyRules.NONE);
  }

  /**
   * The model with the policies' rules: every route backend gets a cluster too (a subset backend
   * one of its own with only the matching endpoints).
   */
  public static ProxyModel build(
      Resource dataplane, String zone, ServiceEndpoints endpoints, ProxyRules rules) {
    DataplaneSpec.Networking net = ((DataplaneSpec) dataplane.spec()).networking();
    String mesh = dataplane.key().mesh();
    String name = dataplane.key().name();

    List<ProxyModel.Inbound> inbounds = new ArrayList<>();
    for (DataplaneSpec.Inbound in : net.inbounds()) {
      Map<String, String> tags = in.tags() == null ? Map.of() : in.tags();
      String address = nonEmpty(in.address()) ? in.address() : net.address();
      int workloadPort =
          in.servicePort() != null && in.servicePort() != 0 ? in.servicePort() : in.port();
      String workloadAddress = nonEmpty(in.serviceAddress()) ? in.serviceAddress() : LOCALHOST;
      inbounds.add(
          new ProxyModel.Inbound(
              address,
              in.port(),
              workloadAddress,
              workloadPort,
              tags.get(DataplaneSpec.SERVICE_TAG),
              Protocol.fromTag(tags.get(DataplaneSpec.PROTOCOL_TAG)),
              tags));
    }
    inbounds.sort(
        Comparator.comparing(ProxyModel.Inbound::address)
            .thenComparingInt(ProxyModel.Inbound::port));

    List<ProxyModel.Outbound> outbounds = new ArrayList<>();
    Map<String, ProxyModel.ServiceCluster> clusters = new TreeMap<>();
    for (DataplaneSpec.Outbound out : net.outbounds()) {
      String service = out.tags().get(DataplaneSpec.SERVICE_TAG);
      ProxyModel.ServiceCluster cluster = clusters.computeIfAbsent(service, endpoints::cluster);
      outbounds.add(
          new ProxyModel.Outbound(
              nonEmpty(out.address()) ? out.address() : LOCALHOST,
              out.port(),
              service,
              cluster.protocol()));
    }
    outbounds.sort(
        Comparator.comparing(ProxyModel.Outbound::address)
            .thenComparingInt(ProxyModel.Outbound::port));

    for (BackendRef backend : rules.backends().values()) {
      if (backend.subset()) {
        clusters.put(backend.clusterName(), subset(endpoints.cluster(backend.service()), backend));
      } else {
        clusters.computeIfAbsent(backend.service(), endpoints::cluster);
      }
    }

    int adminPort =
        net.admin() != null && net.admin().port() != null && net.admin().port() != 0
            ? net.admin().port()
            : ProxyModel.DEFAULT_ADMIN_PORT;
    return new ProxyModel(
        ProxyModel.nodeId(mesh, name),
        mesh,
        name,
        zone,
        net.address(),
        net.gateway() != null,
        adminPort,
        inbounds,
        outbounds,
        new ArrayList<>(clusters.values()),
        rules);
  }

  private static ProxyModel.ServiceCluster subset(
      ProxyModel.ServiceCluster service, BackendRef backend) {
    List<ProxyModel.Locality> localities = new ArrayList<>();
    for (ProxyModel.Locality locality : service.localities()) {
      List<ProxyModel.Endpoint> matching =
          locality.endpoints().stream().filter(e -> backend.includes(e.tags())).toList();
      if (!matching.isEmpty()) {
        localities.add(new ProxyModel.Locality(locality.zone(), matching));
      }
    }
    return new ProxyModel.ServiceCluster(backend.clusterName(), service.protocol(), localities);
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
