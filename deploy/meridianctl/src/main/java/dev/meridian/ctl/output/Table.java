package dev.meridian.ctl.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as kumactl prints one (Go's tabwriter with padding 3): every column but the last is as
 * wide as its widest cell plus three spaces; a footer, if any, follows an empty line.
 */
public final class Table {
  private static final int PADDING = 3;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private String footer = "";

  public Table(String... headers) {
    this(List.of(headers));
  }

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public Table row(String... cells) {
    return row(List.of(cells));
  }

  public Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
    }
    rows.add(cells.stream().map(c -> c == null ? "" : c).toList());
    return this;
  }

  public Table footer(String text) {
    this.footer = text == null ? "" : text;
    return this;
  }

  public void print(PrintWriter out) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(headers);
    lines.addAll(rows);
    int[] widths = new int[headers.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size() - 1; i++) {
        widths[i] = Math.max(widths[i], Math.max(1, line.get(i).length() + PADDING));
      }
    }
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        text.append(cell);
        if (i < line.size() - 1) {
          text.append(" ".repeat(widths[i] - cell.length()));
        }
      }
      out.println(text);
    }
    if (!footer.isEmpty()) {
      out.println();
      out.println(footer);
    }
    out.flush();
  }
}
