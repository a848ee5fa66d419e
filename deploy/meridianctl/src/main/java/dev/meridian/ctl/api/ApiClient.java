package dev.meridian.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.ctl.CliException;
import dev.meridian.ctl.config.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The control plane's REST API as meridianctl uses it: JSON in and out, the user token of the
 * context sent as a bearer token, HTTPS checked against the context's CA (or the JVM's trust
 * store). A problem answer becomes a {@link CliException} with kumactl's lines.
 */
public final class ApiClient {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String address;
  private final String token;
  private final HttpClient http;

  /** Sent with every write as {@code X-Meridian-Reason}, recorded on its events (null: none). */
  private final String reason;

  ApiClient(String address, String token, HttpClient http) {
    this(address, token, http, null);
  }

  private ApiClient(String address, String token, HttpClient http, String reason) {
    this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    this.token = token;
    this.http = http;
    this.reason = reason;
  }

  /**
   * The same client, stating {@code reason} with each change it makes: the audit shows it beside
   * the actor. Printable ASCII only, as an HTTP header carries it.
   */
  public ApiClient withReason(String reason) {
    if (reason.length() > 512 || !reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new CliException("--reason must be at most 512 printable ASCII characters");
    }
    return new ApiClient(address, token, http, reason);
  }

  public static ApiClient of(ControlPlane cp) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (cp.caCertFile() != null) {
      builder.sslContext(trusting(Path.of(cp.caCertFile())));
    }
    String token = cp.authTokenFile() == null ? null : readToken(Path.of(cp.authTokenFile()));
    return new ApiClient(cp.address(), token, builder.build());
  }

  public String address() {
    return address;
  }

  /** {@code GET path?query}, the body parsed as JSON. */
  public JsonNode get(String path, Map<String, String> query) {
    return json(send(request(path, query).GET().header("Accept", "application/json")));
  }

  /** {@code GET path?query}, the body as text in the given media type. */
  public String getText(String path, Map<String, String> query, String accept) {
    return send(request(path, query).GET().header("Accept", accept)).body();
  }

  /** {@code PUT path} with a JSON body; the status (200 updated or unchanged, 201 created). */
  public int put(String path, JsonNode body) {
    try {
      return send(request(path, Map.of())
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))))
          .statusCode();
    } catch (IOException e) {
      throw new CliException("could not encode the request: " + e.getMessage());
    }
  }

  /** {@code POST path} with a JSON body; the answer parsed as JSON. */
  public JsonNode post(String path, JsonNode body) {
    try {
      return json(
          send(
              request(path, Map.of())
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))));
    } catch (IOException e) {
      throw new CliException("could not encode the request: " + e.getMessage());
    }
  }

  public void delete(String path) {
    send(request(path, Map.of()).DELETE());
  }

  /** {@code key=value&…} in order, values encoded, null values left out. */
  public static String query(Map<String, String> query) {
    List<String> parts = new ArrayList<>();
    query.forEach(
        (key, value) -> {
          if (value != null) {
            parts.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return String.join("&", parts);
  }

  /** A path segment, encoded. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static Map<String, String> params(String... keysAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    String q = query(query);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(address + path + (q.isEmpty() ? "" : "?" + q)))
            .timeout(TIMEOUT)
            .header("User-Agent", "meridianctl");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (reason != null) {
      builder.header("X-Meridian-Reason", reason);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException(
          "could not connect to the control plane at " + address + " (connection refused)");
    } catch (IOException e) {
      throw new CliException(
          "could not reach the control plane at " + address + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    if (response.statusCode() >= 400) {
      throw Problems.toException(response.statusCode(), response.body());
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the control plane answered something that is not JSON");
    }
  }

  private static String describe(IOException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String readToken(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new CliException("could not read the auth token file " + file + ": " + describe(e));
    }
  }

  /**
   * Trusts exactly the CA certificates in {@code caFile} (PEM), e.g. {@code <data-dir>/tls/ca.crt}.
   */
  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
      }
      if (i == 0) {
        throw new CliException("no certificate in the CA file " + caFile);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new CliException("could not read the CA file " + caFile + ": " + describe(e));
    } catch (GeneralSecurityException e) {
      throw new CliException("could not use the CA file " + caFile + ": " + e.getMessage());
    }
  }
}
