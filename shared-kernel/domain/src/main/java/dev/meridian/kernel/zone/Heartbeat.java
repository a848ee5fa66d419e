package dev.meridian.kernel.zone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.kernel.json.DomainJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A zone control plane saying "I am alive": which instance, when, and how far its projection is
 * behind the log. Heartbeats travel on their own short-lived topic, {@link #TOPIC}: they are not
 * changes, so they stay out of the audit log.
 */
public record Heartbeat(String zone, String instanceId, Instant timestamp, long consumerLag) {
  public static final String TOPIC = "meridian.heartbeats";

  public Heartbeat {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  public byte[] toBytes() {
    ObjectNode json = DomainJson.canonical().createObjectNode();
    json.put("zone", zone);
    json.put("instanceId", instanceId);
    json.put("timestamp", timestamp.toString());
    json.put("consumerLag", consumerLag);
    return DomainJson.toBytes(json);
  }

  /** The heartbeat in {@code value}, or null when it is not one (it is then ignored). */
  public static Heartbeat parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode json = DomainJson.canonical().readTree(value);
      return new Heartbeat(
          json.get("zone").asText(),
          json.get("instanceId").asText(),
          Instant.parse(json.get("timestamp").asText()),
          json.path("consumerLag").asLong(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
