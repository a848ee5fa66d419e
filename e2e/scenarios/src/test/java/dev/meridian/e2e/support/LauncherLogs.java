package dev.meridian.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The last lines of every process's log, for a failing launcher call to say why. */
public final class LauncherLogs {
  private LauncherLogs() {}

  public static String tails(Path logs, int lines) {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.sorted().toList()) {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("\n--- ")
            .append(file.getFileName())
            .append(" (last ")
            .append(lines)
            .append(" lines)\n");
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(l -> out.append(l, 0, Math.min(l.length(), 400)).append('\n'));
      }
    } catch (IOException e) {
      out.append("\n(no logs: ").append(e).append(")\n");
    }
    return out.toString();
  }
}
