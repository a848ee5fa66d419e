package dev.meridian.kernel.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.kernel.json.DomainJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kuma 2.4 documentation's Universal examples under {@code kuma-corpus/<kind>/}, one file per
 * example, exactly as a Kuma user would apply them.
 */
public final class KumaCorpus {
  private KumaCorpus() {}

  public record Example(String name, byte[] yaml) {
    @Override
    public String toString() {
      return name;
    }

    public JsonNode tree() {
      try {
        return DomainJson.yaml().readTree(yaml);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static Stream<Example> of(String kind) {
    try {
      Path dir = Path.of(KumaCorpus.class.getResource("/kuma-corpus/" + kind).toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.getFileName().toString().endsWith(".yaml"))
            .sorted()
            .map(f -> new Example(f.getFileName().toString(), read(f)))
            .toList()
            .stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where {@code shown} differs from what was {@code sent}: every field sent must come back with
   * the same value (the control plane may add fields, such as the zone's stamp, never drop or
   * change one). Empty when it round-trips.
   */
  public static List<String> lostOrChanged(JsonNode sent, JsonNode shown) {
    List<String> out = new ArrayList<>();
    compare("", sent, shown, out);
    return out;
  }

  private static void compare(String at, JsonNode sent, JsonNode shown, List<String> out) {
    if (shown == null || shown.isMissingNode()) {
      out.add(at + ": missing");
    } else if (sent.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        compare(at + "." + field.getKey(), field.getValue(), shown.get(field.getKey()), out);
      }
    } else if (sent.isArray()) {
      if (!shown.isArray() || shown.size() != sent.size()) {
        out.add(at + ": " + sent + " became " + shown);
        return;
      }
      for (int i = 0; i < sent.size(); i++) {
        compare(at + "[" + i + "]", sent.get(i), shown.get(i), out);
      }
    } else if (!sent.asText().equals(shown.asText()) || sent.isNumber() != shown.isNumber()) {
      out.add(at + ": " + sent + " became " + shown);
    }
  }
}
