package dev.meridian.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A multi-zone setup started by {@code deploy/local/meridian} in its own home folder and on its own
 * ports, driven the way a user would: the launcher, plain HTTP, and its processes' pid files.
 */
public final class LocalCluster {
  static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final int kafkaPort;
  private final int globalPort;
  private final int stride;

  public LocalCluster(Path home, int kafkaPort, int globalPort, int stride) {
    this.home = home;
    this.kafkaPort = kafkaPort;
    this.globalPort = globalPort;
    this.stride = stride;
  }

  public record Result(int exitCode, String output) {}

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  public int globalPort() {
    return globalPort;
  }

  /** The API port of the n-th zone in the {@code --zones} list (from 1). */
  public int zoneApiPort(int n) {
    return n * stride + 5681;
  }

  public int zoneAdsPort(int n) {
    return n * stride + 5678;
  }

  public Path home() {
    return home;
  }

  public Result launcher(String... args) {
    try {
      List<String> command = new ArrayList<>();
      command.add(REPO.resolve("deploy/local/meridian").toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("MERIDIAN_HOME", home.toString());
      env.put("MERIDIAN_KAFKA_PORT", Integer.toString(kafkaPort));
      env.put("MERIDIAN_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaPort + 1));
      env.put("MERIDIAN_PORT_STRIDE", Integer.toString(stride));
      env.put("MERIDIAN_GLOBAL_PORT", Integer.toString(globalPort));
      env.put("MERIDIAN_HEARTBEAT_INTERVAL", "1s");
      env.put("MERIDIAN_ZONE_OFFLINE_TIMEOUT", "4s");
      Path output = Files.createTempFile("meridian-launcher", ".log");
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("launcher did not finish: " + Files.readString(output));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        text += LauncherLogs.tails(home.resolve("logs"), 40);
      }
      return new Result(process.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops one process of the setup as an operator would (SIGTERM) and waits for it to exit. */
  public void stop(String process) {
    try {
      long pid = Long.parseLong(Files.readString(home.resolve("run/" + process + ".pid")).trim());
      ProcessHandle.of(pid)
          .ifPresent(
              handle -> {
                handle.destroy();
                handle.onExit().orTimeout(60, TimeUnit.SECONDS).join();
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a process's data folder: what a lost disk leaves behind. */
  public void wipeData(String process) {
    Path data = home.resolve(process);
    try (var paths = Files.walk(data)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response get(int port, String path) {
    return send(port, "GET", path, null);
  }

  public Response put(int port, String path, String body) {
    return send(port, "PUT", path, body);
  }

  public Response delete(int port, String path) {
    return send(port, "DELETE", path, null);
  }

  public Response send(int port, String method, String path, String body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .method(method, publisher)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
