package dev.meridian.kernel.projection;

import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.resource.Resource;
import dev.meridian.kernel.resource.ResourceDocument;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over the canonical document of each resource, in key order. */
final class ProjectionChecksum {
  private ProjectionChecksum() {}

  static String of(Iterable<Resource> orderedResources) {
    MessageDigest digest = sha256();
    for (Resource resource : orderedResources) {
      digest.update(DomainJson.toBytes(ResourceDocument.render(resource)));
      digest.update("\n".getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
