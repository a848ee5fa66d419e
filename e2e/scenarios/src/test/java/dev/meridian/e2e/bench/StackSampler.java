package dev.meridian.e2e.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A poor man's sampling profiler: every {@code intervalMillis} it takes the stack of the threads
 * whose name starts with a prefix and counts, per method, the samples it is on the stack of
 * (inclusive) and on top of (self). Good enough to see what dominates a run of seconds; safepoint
 * bias makes single frames approximate. Parked threads are skipped.
 */
public final class StackSampler implements AutoCloseable {
  private final String threadPrefix;
  private final long intervalMillis;
  private final Map<String, Integer> inclusive = new HashMap<>();
  private final Map<String, Integer> self = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private int samples;

  public StackSampler(String threadPrefix, long intervalMillis) {
    this.threadPrefix = threadPrefix;
    this.intervalMillis = intervalMillis;
    this.sampler = new Thread(this::run, "stack-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void run() {
    List<Thread> targets = List.of();
    for (long round = 0; running; round++) {
      if (round % 100 == 0 || targets.isEmpty()) {
        // Re-discover now and then: the sampled threads may start after the sampler.
        targets =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(threadPrefix))
                .toList();
      }
      for (Thread target : targets) {
        StackTraceElement[] stack = target.getStackTrace();
        if (stack.length == 0 || isIdle(stack[0])) {
          continue;
        }
        synchronized (this) {
          samples++;
          self.merge(frame(stack[0]), 1, Integer::sum);
          Set<String> seen = new HashSet<>();
          for (StackTraceElement element : stack) {
            if (seen.add(frame(element))) {
              inclusive.merge(frame(element), 1, Integer::sum);
            }
          }
        }
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static boolean isIdle(StackTraceElement top) {
    return top.getClassName().startsWith("jdk.internal.misc.Unsafe")
        && top.getMethodName().equals("park");
  }

  private static String frame(StackTraceElement element) {
    return element.getClassName() + "." + element.getMethodName();
  }

  /** The methods seen in most samples, as "share inclusive / share self method". */
  public synchronized String report(int top, String... packages) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%d busy samples of '%s*' threads%n", samples, threadPrefix));
    out.append(String.format("%8s %8s  %s%n", "incl", "self", "method"));
    inclusive.entrySet().stream()
        .filter(e -> packages.length == 0 || startsWithAny(e.getKey(), packages))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "%7.1f%% %7.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, samples),
                        100.0 * self.getOrDefault(e.getKey(), 0) / Math.max(1, samples),
                        e.getKey())));
    out.append("top self frames: ")
        .append(
            self.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(8)
                .map(
                    e ->
                        String.format(
                            "%s %.1f%%", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples)))
                .collect(Collectors.joining(", ")))
        .append('\n');
    return out.toString();
  }

  private static boolean startsWithAny(String value, String... prefixes) {
    for (String prefix : prefixes) {
      if (value.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
