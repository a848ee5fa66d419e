package dev.meridian.runtime;

import dev.meridian.kernel.api.ApiFailure;
import dev.meridian.kernel.projection.LogSource;
import dev.meridian.kernel.resource.ResourceKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * What makes a control plane global or a zone, as far as the shared runtime is concerned. Each
 * application declares exactly one bean of this type; everything else the runtime does is the same
 * for both (ADR 015).
 */
public interface ControlPlaneRole {

  /** The topic this control plane writes, its own and only its own, and the origin it stamps. */
  LogSource ownSource();

  /** The topics the projection reads from the start. */
  List<LogSource> projectionSources();

  /**
   * Whether zone topics that appear on the cluster are looked for (every {@link
   * dev.meridian.runtime.settings.KafkaSettings#zoneDiscoveryInterval()}); if not, {@link
   * #followedZone} is never asked.
   */
  boolean discoversZones();

  /** The source to follow for a zone whose topic was found, or empty to leave it alone. */
  Optional<LogSource> followedZone(String zone);

  /** Starts every Kafka client id, so the broker can tell this control plane's connections. */
  String clientIdPrefix();

  /**
   * The refusal of a write of {@code kind} here, naming where that kind is written instead; empty
   * when this control plane owns the kind.
   */
  Optional<ApiFailure> refusedWrite(ResourceKind kind);

  /** Labels and values of {@code cp_info}, in order (Kuma's metric of the same name). */
  LinkedHashMap<String, String> identity();

  /** The labels every {@link #identity()} starts with: the product and this build's version. */
  default LinkedHashMap<String, String> productLabels() {
    LinkedHashMap<String, String> labels = new LinkedHashMap<>();
    labels.put("product", "Meridian");
    labels.put("version", String.valueOf(getClass().getPackage().getImplementationVersion()));
    return labels;
  }

  /** The classpath resource of this API's OpenAPI document. */
  String openApiResource();
}
