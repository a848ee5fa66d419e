package dev.meridian.ctl.output;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.meridian.ctl.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code -o yaml} and {@code -o json}: documents printed as kumactl prints them. */
public final class Printer {
  /** The formats {@code -o} accepts. */
  public enum Format {
    TABLE,
    YAML,
    JSON;

    public static Format parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException(
            "invalid output format \"" + value + "\"",
            java.util.List.of(new CliException.Cause("output", "one of table, yaml, json")));
      }
    }
  }

  private static final ObjectWriter JSON =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  public static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private Printer() {}

  public static void print(JsonNode document, Format format, PrintWriter out) {
    try {
      if (format == Format.JSON) {
        out.println(JSON.writeValueAsString(document));
      } else {
        out.print(YAML.writeValueAsString(document));
      }
      out.flush();
    } catch (IOException e) {
      throw new CliException("could not print the answer: " + e.getMessage());
    }
  }
}
