package dev.meridian.zone.support;

import dev.meridian.testkit.KafkaFixture;
import dev.meridian.zone.ZoneCpApplication;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A zone control plane started the way users start it (same main class, same configuration keys),
 * on a random loopback port, against the test broker, with its data in {@code dataDir}.
 */
public final class RunningZone implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final String zone;

  private RunningZone(ConfigurableApplicationContext context, String zone) {
    this.context = context;
    this.zone = zone;
  }

  public static RunningZone start(String zone, Path dataDir, Map<String, String> extra) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("meridian.zone", zone);
    properties.put("meridian.data-dir", dataDir.toString());
    properties.put("meridian.kafka.bootstrap-servers", KafkaFixture.shared().bootstrapServers());
    properties.put("server.port", "0");
    properties.put("server.address", "127.0.0.1");
    properties.putAll(extra);
    // Command-line arguments, like a user's: they win over application.yml and the environment.
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ZoneCpApplication.class).run(args);
    return new RunningZone(context, zone);
  }

  public static RunningZone start(String zone, Path dataDir) {
    return start(zone, dataDir, Map.of());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + apiPort();
  }

  public int apiPort() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public String zone() {
    return zone;
  }

  public String topic() {
    return "meridian.zone." + zone;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public <T> T bean(String name, Class<T> type) {
    return context.getBean(name, type);
  }

  @Override
  public void close() {
    context.close();
  }
}
