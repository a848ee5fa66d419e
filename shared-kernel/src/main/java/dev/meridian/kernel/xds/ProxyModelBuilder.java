package dev.meridian.kernel.xds;

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
        new ArrayList<>(clusters.values()));
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
