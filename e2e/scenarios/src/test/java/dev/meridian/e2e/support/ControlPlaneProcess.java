package dev.meridian.e2e.support;

import static org.awaitility.Awaitility.await;

import dev.meridian.testkit.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A control plane in a JVM of its own, started from its runnable jar as an operator would ({@code
 * java -jar global-cp-*-exec.jar --key=value …}), its output kept in a log file.
 */
public final class ControlPlaneProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path logFile;
  private final int apiPort;

  private ControlPlaneProcess(String name, Process process, Path logFile, int apiPort) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.apiPort = apiPort;
  }

  /** The global control plane's jar (built by the reactor before the scenarios run). */
  public static Path globalJar() {
    return jar("meridian.global-cp.jar");
  }

  public static Path zoneJar() {
    return jar("meridian.zone-cp.jar");
  }

  /**
   * Starts {@code jar} with {@code settings} as command-line arguments on a free API port and waits
   * until it is ready (its projection has caught up with the log).
   */
  public static ControlPlaneProcess start(
      String name, Path jar, Map<String, String> settings, Path logDir) {
    return start(
        name,
        jar,
        settings,
        logDir,
        port ->
            new Http("http://127.0.0.1:" + port).get("/actuator/health/readiness").status() == 200);
  }

  /** Whether the control plane on an API port is ready (e.g. probed over HTTPS). */
  @FunctionalInterface
  public interface Readiness {
    boolean ready(int apiPort) throws Exception;
  }

  /** As {@link #start(String, Path, Map, Path)}, readiness decided by {@code readiness}. */
  public static ControlPlaneProcess start(
      String name, Path jar, Map<String, String> settings, Path logDir, Readiness readiness) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    settings.forEach((key, value) -> command.add("--" + key + "=" + value));
    Path logFile = logDir.resolve(name + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
      ControlPlaneProcess started = new ControlPlaneProcess(name, builder.start(), logFile, port);
      started.awaitReady(readiness);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  public int apiPort() {
    return apiPort;
  }

  public Http http() {
    return new Http("http://127.0.0.1:" + apiPort);
  }

  /** Stops the JVM the way a service manager does (SIGTERM, graceful shutdown) and waits. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Everything this control plane has printed so far. */
  public List<String> output() {
    try {
      return Files.readAllLines(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of this control plane's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitReady(Readiness readiness) {
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(name + " exited with " + process.exitValue());
                }
                return readiness.ready(apiPort);
              });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      close();
      throw new IllegalStateException(name + " did not become ready:\n" + logTail(), e);
    }
  }

  private static Path jar(String property) {
    Path jar = Path.of(System.getProperty(property, "(" + property + " not set)"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the control planes first (mvn -B verify builds them)");
    }
    return jar;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
