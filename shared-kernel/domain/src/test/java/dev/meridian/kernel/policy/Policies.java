package dev.meridian.kernel.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.DataplaneSpec;
import dev.meridian.kernel.resource.PolicySpec;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceKey;
import dev.meridian.kernel.resource.ResourceKind;
import java.io.UncheckedIOException;

/** Test inputs written as Kuma writes them (YAML). */
final class Policies {
  private Policies() {}

  static PolicySpec spec(String yaml) {
    try {
      JsonNode tree = DomainJson.yaml().readTree(yaml);
      return DomainJson.canonical().treeToValue(tree, PolicySpec.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Resource policy(ResourceKind kind, String name, String yaml) {
    return new Resource(new ResourceKey(kind, "default", name), spec(yaml), null, null);
  }

  static Resource dataplane(String name, String yaml) {
    try {
      DataplaneSpec spec =
          DomainJson.canonical().treeToValue(DomainJson.yaml().readTree(yaml), DataplaneSpec.class);
      return new Resource(ResourceKey.dataplane("default", name), spec, null, null);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
