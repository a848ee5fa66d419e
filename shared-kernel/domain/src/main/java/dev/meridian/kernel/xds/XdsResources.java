package dev.meridian.kernel.xds;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The xDS resources of one proxy, by type and name, each type with a content-hash version: the same
 * resources always have the same version, so a regenerated but unchanged config is never pushed
 * again.
 */
public record XdsResources(
    SortedMap<String, Message> listeners,
    SortedMap<String, Message> routes,
    SortedMap<String, Message> clusters,
    SortedMap<String, Message> endpoints) {

  public XdsResources {
    listeners = Collections.unmodifiableSortedMap(new TreeMap<>(listeners));
    routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
    clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
    endpoints = Collections.unmodifiableSortedMap(new TreeMap<>(endpoints));
  }

  public String listenersVersion() {
    return version(listeners);
  }

  public String routesVersion() {
    return version(routes);
  }

  public String clustersVersion() {
    return version(clusters);
  }

  public String endpointsVersion() {
    return version(endpoints);
  }

  /** SHA-256 over (name, digest) of every resource, shortened to 16 hex digits. */
  public static String version(Map<String, Message> resources) {
    return version(resources, XdsResources::digest);
  }

  /**
   * The same version, with each resource's digest taken from {@code digests} (a cache of {@link
   * #digest} for resources shared by many proxies).
   */
  public static String version(
      Map<String, Message> resources, java.util.function.Function<Message, byte[]> digests) {
    MessageDigest digest = sha256();
    for (Map.Entry<String, Message> entry : new TreeMap<>(resources).entrySet()) {
      digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(digests.apply(entry.getValue()));
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  /** SHA-256 of a resource's deterministic serialisation. */
  public static byte[] digest(Message message) {
    return sha256().digest(deterministicBytes(message));
  }

  static byte[] deterministicBytes(Message message) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(message.getSerializedSize());
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.useDeterministicSerialization();
      message.writeTo(coded);
      coded.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
