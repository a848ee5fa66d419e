package dev.meridian.ctl.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meridian.ctl.CliException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The documents of an {@code apply} input: multi-document YAML (JSON being YAML too). */
final class Documents {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Documents() {}

  /**
   * Replaces each {@code {{ key }}} by its value, as kumactl's {@code -v key=value} does; a
   * placeholder without a value is an error rather than text sent to the control plane.
   */
  static String substitute(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    List<CliException.Cause> missing = new ArrayList<>();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        missing.add(new CliException.Cause(m.group(1), "no value given (-v " + m.group(1) + "=…)"));
        value = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (!missing.isEmpty()) {
      throw new CliException("variables without a value", missing);
    }
    return out.toString();
  }

  /** Every non-empty document, in order. */
  static List<JsonNode> parse(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(text);
        MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode document = it.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new CliException("could not parse the input: " + firstLine(e.getMessage()));
    }
    return documents;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
