package dev.meridian.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built meridianctl, run as a user runs it: {@code java -jar meridianctl-*.jar …} in a JVM of
 * its own, with an environment (its config file, a pinned "now" for ages) and standard input.
 */
public final class CtlProcess {
  /** What one run printed and how it ended. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path work;

  public CtlProcess(Path work) {
    this.work = work;
  }

  /** The jar the reactor built (the scenarios' pom passes its path). */
  public static Path jar() {
    Path jar =
        Path.of(
            System.getProperty("meridian.meridianctl.jar", "(meridian.meridianctl.jar not set)"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build deploy/meridianctl first");
    }
    return jar;
  }

  public CtlProcess env(String key, String value) {
    if (value == null) {
      env.remove(key);
    } else {
      env.put(key, value);
    }
    return this;
  }

  public Result run(String... args) {
    return runWithInput("", args);
  }

  public Result runWithInput(String stdin, String... args) {
    try {
      Process process = start(args);
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("meridianctl " + String.join(" ", args) + " hung");
      }
      return new Result(
          process.exitValue(), read(work.resolve("ctl.out")), read(work.resolve("ctl.err")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a long-running command (e.g. {@code history --follow}); its output goes to {@code out}.
   */
  public Process startInBackground(Path out, String... args) throws IOException {
    ProcessBuilder builder = builder(args);
    builder
        .redirectOutput(out.toFile())
        .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile());
    return builder.start();
  }

  private Process start(String... args) throws IOException {
    ProcessBuilder builder = builder(args);
    builder.redirectOutput(work.resolve("ctl.out").toFile());
    builder.redirectError(work.resolve("ctl.err").toFile());
    return builder.start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
