package dev.meridian.kernel.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one Jackson configuration of the domain. Every byte Meridian writes to the log or hashes into
 * a checksum goes through {@link #canonical()}, so the same value always has the same bytes: keys
 * sorted, no insignificant whitespace, absent values omitted.
 */
public final class DomainJson {

  private static final ObjectMapper CANONICAL =
      configure(JsonMapper.builder())
          .build()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private static final ObjectMapper YAML =
      configure(
              YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                      .build()))
          .build()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private DomainJson() {}

  private static <
          M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>>
      B configure(B builder) {
    return builder
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** Strict, sorted, compact JSON: the log's wire form and the input of every checksum. */
  public static ObjectMapper canonical() {
    return CANONICAL;
  }

  /** YAML in the shape Kuma users write by hand. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  public static byte[] toBytes(Object value) {
    try {
      return CANONICAL.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(Object value) {
    return new String(toBytes(value), StandardCharsets.UTF_8);
  }

  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode toTree(Object value) {
    return CANONICAL.valueToTree(value);
  }
}
