package dev.meridian.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.resource.DataplaneSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a route sends (part of) its traffic: a whole service, or the instances of a service that
 * carry some tags. Each distinct backend is one cluster.
 */
public record BackendRef(String service, Map<String, String> tags, int weight) {
  public BackendRef {
    tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  static BackendRef parse(JsonNode ref) {
    Map<String, String> tags = new TreeMap<>();
    ref.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    tags.remove(DataplaneSpec.SERVICE_TAG);
    return new BackendRef(ref.path("name").asText(), tags, ref.path("weight").asInt(1));
  }

  public boolean subset() {
    return !tags.isEmpty();
  }

  /**
   * The cluster of this backend: the service's own name, or {@code <service>-<hash of the tags>}
   * for a subset, so equal subsets share one cluster whichever route names them.
   */
  public String clusterName() {
    if (!subset()) {
      return service;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(tags.toString().getBytes(StandardCharsets.UTF_8));
      return service + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether an instance with {@code endpointTags} belongs to this backend. */
  public boolean includes(Map<String, String> endpointTags) {
    if (!service.equals(endpointTags.get(DataplaneSpec.SERVICE_TAG))) {
      return false;
    }
    return tags.entrySet().stream()
        .allMatch(t -> t.getValue().equals(endpointTags.get(t.getKey())));
  }
}
