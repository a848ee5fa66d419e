package dev.meridian.ctl.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.ctl.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The config file, in kumactl's shape: control planes with their coordinates, a context per control
 * plane, and the current context.
 */
@JsonPropertyOrder({"contexts", "controlPlanes", "currentContext"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CtlConfig {
  public List<Context> contexts = new ArrayList<>();
  public List<Entry> controlPlanes = new ArrayList<>();
  public String currentContext;

  @JsonPropertyOrder({"name", "controlPlane"})
  public static final class Context {
    public String name;
    public String controlPlane;
  }

  @JsonPropertyOrder({"name", "coordinates"})
  public static final class Entry {
    public String name;
    public Coordinates coordinates = new Coordinates();
  }

  public static final class Coordinates {
    public ApiServer apiServer = new ApiServer();
  }

  @JsonPropertyOrder({"url", "authTokenFile", "caCertFile"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class ApiServer {
    public String url;
    public String authTokenFile;
    public String caCertFile;
  }

  @JsonIgnore
  public List<ControlPlane> all() {
    return controlPlanes.stream().map(CtlConfig::toControlPlane).toList();
  }

  public Optional<ControlPlane> find(String name) {
    return all().stream().filter(cp -> cp.name().equals(name)).findFirst();
  }

  /** The control plane of the current context. */
  @JsonIgnore
  public ControlPlane current() {
    if (currentContext == null) {
      throw new CliException(
          "no control plane configured: add one with `meridianctl config control-planes add"
              + " --name NAME --address URL`");
    }
    String controlPlane =
        contexts.stream()
            .filter(c -> c.name.equals(currentContext))
            .map(c -> c.controlPlane)
            .findFirst()
            .orElse(currentContext);
    return find(controlPlane)
        .orElseThrow(
            () ->
                new CliException(
                    "the current context names control plane \""
                        + controlPlane
                        + "\", which is not configured"));
  }

  /** Adds or replaces {@code cp} and makes it current, as kumactl's {@code add} does. */
  public void put(ControlPlane cp) {
    remove(cp.name());
    Entry entry = new Entry();
    entry.name = cp.name();
    entry.coordinates.apiServer.url = cp.address();
    entry.coordinates.apiServer.authTokenFile = cp.authTokenFile();
    entry.coordinates.apiServer.caCertFile = cp.caCertFile();
    controlPlanes.add(entry);
    Context context = new Context();
    context.name = cp.name();
    context.controlPlane = cp.name();
    contexts.add(context);
    currentContext = cp.name();
  }

  public void remove(String name) {
    controlPlanes.removeIf(e -> e.name.equals(name));
    contexts.removeIf(c -> c.name.equals(name));
    if (name.equals(currentContext)) {
      currentContext = contexts.isEmpty() ? null : contexts.get(0).name;
    }
  }

  private static ControlPlane toControlPlane(Entry e) {
    ApiServer api = e.coordinates.apiServer;
    return new ControlPlane(e.name, api.url, api.authTokenFile, api.caCertFile);
  }
}
