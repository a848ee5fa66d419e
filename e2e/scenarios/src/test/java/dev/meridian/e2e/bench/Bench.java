package dev.meridian.e2e.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks share: samples and their percentiles, heap after full collections, a plain
 * text table, a description of the machine and running a program in a JVM of its own. Benchmarks
 * are programs with a main method (see docs/benchmarks.md), never tests.
 */
public final class Bench {
  private Bench() {}

  /** Latency or duration samples, in nanoseconds. */
  public static final class Samples {
    private long[] values = new long[64];
    private int size;

    public void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    public int count() {
      return size;
    }

    public void addAll(Samples other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    public long percentile(double p) {
      if (size == 0) {
        return 0;
      }
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * size);
      return sorted[Math.min(size, Math.max(1, rank)) - 1];
    }

    public long max() {
      return percentile(100);
    }

    public long min() {
      return percentile(Double.MIN_VALUE);
    }

    public double mean() {
      return mean(0, size);
    }

    /** The mean of samples {@code from} (inclusive) to {@code to} (exclusive), in taking order. */
    public double mean(int from, int to) {
      if (to <= from) {
        return 0;
      }
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += values[i];
      }
      return sum / (to - from);
    }
  }

  /**
   * Heap in use after full collections: {@code System.gc()} repeated until two readings agree
   * within 0.5% (at most 10 rounds), so only reachable objects are counted.
   */
  public static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int round = 0; round < 10; round++) {
      System.gc();
      sleep(150);
      used = memory.getHeapMemoryUsage().getUsed();
      if (round >= 2 && Math.abs(previous - used) <= previous / 200) {
        break;
      }
      previous = used;
    }
    return used;
  }

  /**
   * Runs {@code mainClass} in a JVM of its own on this JVM's class path and returns what it printed
   * (standard output and error, warnings and up logged); fails if it exits with an error or
   * outlives {@code timeout}.
   */
  public static String runInFreshJvm(
      List<String> jvmArgs, String mainClass, List<String> args, Duration timeout)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Dlogback.configurationFile=bench/child-logback.xml");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    Path output = Files.createTempFile("meridian-bench-child-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(mainClass + " did not finish within " + timeout);
      }
      String printed = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            mainClass + " exited with " + process.exitValue() + ":\n" + printed);
      }
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  public static String ms2(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  public static String us(double nanos) {
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }

  public static String kib(double bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
  }

  public static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
  }

  public static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }

  /** One line about where the figures come from. */
  public static String machine() {
    Runtime runtime = Runtime.getRuntime();
    long total = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize();
    }
    return String.format(
        Locale.ROOT,
        "%d cores, %s RAM, Java %s (%s), max heap %s, %s %s",
        runtime.availableProcessors(),
        total < 0 ? "?" : String.format(Locale.ROOT, "%.1f GiB", total / (1024.0 * 1024 * 1024)),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        mib(runtime.maxMemory()),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** A plain text table, columns padded to their widest cell; first column left-aligned. */
  public static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
      rows.add(header);
    }

    public Table row(Object... cells) {
      String[] text = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        text[i] = String.valueOf(cells[i]);
      }
      rows.add(text);
      return this;
    }

    public String render() {
      int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      StringBuilder out = new StringBuilder();
      for (int r = 0; r < rows.size(); r++) {
        String[] row = rows.get(r);
        out.append("| ");
        for (int i = 0; i < columns; i++) {
          String cell = i < row.length ? row[i] : "";
          String pad = " ".repeat(widths[i] - cell.length());
          out.append(i == 0 ? cell + pad : pad + cell).append(" | ");
        }
        out.setLength(out.length() - 1);
        out.append('\n');
        if (r == 0) {
          out.append('|');
          for (int i = 0; i < columns; i++) {
            out.append(i == 0 ? "-" : "").append("-".repeat(widths[i] + 1));
            out.append(i == 0 ? "|" : ":|");
          }
          out.append('\n');
        }
      }
      return out.toString();
    }
  }
}
