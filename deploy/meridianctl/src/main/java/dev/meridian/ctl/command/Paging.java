package dev.meridian.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --size} and {@code --offset}, as the API pages lists. */
public final class Paging {
  @Option(names = "--size", paramLabel = "N", description = "How many items per page.")
  Integer size;

  @Option(names = "--offset", paramLabel = "N", description = "Where the page starts.")
  Integer offset;

  String size() {
    return size == null ? null : size.toString();
  }

  String offset() {
    return offset == null ? null : offset.toString();
  }

  /** kumactl's footer under a page that is not the last. */
  static String footer(JsonNode list) {
    String next = list.path("next").asText("");
    if (next.isEmpty() || next.equals("null")) {
      return "";
    }
    String query = URI.create(next).getRawQuery();
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("offset=")) {
          return "Rerun command with --offset="
              + part.substring("offset=".length())
              + " argument to retrieve more resources";
        }
      }
    }
    return "";
  }
}
