package dev.meridian.kernel.mtls;

import dev.meridian.kernel.resource.DataplaneSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who a proxy is, as its identity certificate says it, in Kuma's terms: a SPIFFE id per service it
 * serves ({@code spiffe://<mesh>/<service>}) and a {@code kuma://<tag>/<value>} URI per tag of its
 * inbounds, which MeshTrafficPermission's subsets match. Proxies with the same tags have the same
 * identity (and may share a certificate).
 */
public record Identity(String mesh, List<String> spiffeIds, List<String> tagUris) {
  public Identity {
    spiffeIds = List.copyOf(spiffeIds);
    tagUris = List.copyOf(tagUris);
  }

  public static String spiffeId(String mesh, String service) {
    return "spiffe://" + mesh + "/" + service;
  }

  public static String tagUri(String tag, String value) {
    return "kuma://" + tag + "/" + value;
  }

  /**
   * The identity of a dataplane of {@code mesh}: its inbounds' (or gateway's) services and tags.
   */
  public static Identity of(String mesh, DataplaneSpec spec) {
    TreeSet<String> services = new TreeSet<>();
    TreeSet<String> tags = new TreeSet<>();
    for (DataplaneSpec.Inbound inbound : spec.networking().inbounds()) {
      add(mesh, inbound.tags(), services, tags);
    }
    if (spec.networking().gateway() != null) {
      add(mesh, spec.networking().gateway().tags(), services, tags);
    }
    return new Identity(mesh, List.copyOf(services), List.copyOf(tags));
  }

  private static void add(
      String mesh, Map<String, String> tags, TreeSet<String> services, TreeSet<String> uris) {
    if (tags == null) {
      return;
    }
    tags.forEach(
        (tag, value) -> {
          if (tag.equals(DataplaneSpec.SERVICE_TAG)) {
            services.add(spiffeId(mesh, value));
          }
          uris.add(tagUri(tag, value));
        });
  }

  /** Every URI SAN of the certificate: SPIFFE ids first (the first one names it), then tags. */
  public List<String> uris() {
    return java.util.stream.Stream.concat(spiffeIds.stream(), tagUris.stream()).toList();
  }
}
