package dev.meridian.kernel.xds.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.meridian.kernel.policy.GoDuration;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.Optional;
import java.util.function.Consumer;

/** Reading merged policy confs (already validated) into protobuf values. */
public final class Confs {
  private Confs() {}

  static Optional<Duration> duration(JsonNode conf, String pointer) {
    JsonNode node = conf.at(pointer);
    return node.isTextual()
        ? GoDuration.parseNanos(node.asText()).map(GoDuration::toProto)
        : Optional.empty();
  }

  static void ifDuration(JsonNode conf, String pointer, Consumer<Duration> use) {
    duration(conf, pointer).ifPresent(use);
  }

  /** MeshTimeout's {@code idleTimeout}, where a tcp_proxy takes it. */
  public static void idleTimeout(JsonNode conf, Consumer<Duration> use) {
    ifDuration(conf, "/idleTimeout", use);
  }

  public static void ifUInt32(JsonNode conf, String pointer, Consumer<UInt32Value> use) {
    JsonNode node = conf.at(pointer);
    if (node.isIntegralNumber()) {
      use.accept(UInt32Value.of(node.asInt()));
    }
  }

  static void ifBoolean(JsonNode conf, String pointer, Consumer<Boolean> use) {
    JsonNode node = conf.at(pointer);
    if (node.isBoolean()) {
      use.accept(node.asBoolean());
    }
  }

  static void ifText(JsonNode conf, String pointer, Consumer<String> use) {
    JsonNode node = conf.at(pointer);
    if (node.isTextual()) {
      use.accept(node.asText());
    }
  }

  /** Kuma's percentage (an integer or a decimal string) as a value in [0, 100]. */
  static double percent(JsonNode node) {
    return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
  }

  /** A percentage as Envoy's fraction per million, as Kuma renders it. */
  static FractionalPercent fraction(JsonNode percentage) {
    return FractionalPercent.newBuilder()
        .setNumerator((int) Math.round(percent(percentage) * 10_000))
        .setDenominator(FractionalPercent.DenominatorType.MILLION)
        .build();
  }
}
