package dev.meridian.proxyless;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keeps a proxyless workload's identity in a directory, the way grpc-java's {@code file_watcher}
 * certificate provider reads it: {@code cert.pem}, {@code key.pem} (owner only) and {@code ca.pem},
 * fetched from the zone's {@code POST /identity} with the workload's dataplane token and fetched
 * again when the zone says ({@code renewAt}, two thirds into the certificate's life), each file
 * replaced in one step so the provider never reads half of one.
 */
public final class IdentityFiles implements AutoCloseable {
  private static final Logger log = Logger.getLogger(IdentityFiles.class.getName());
  public static final String CERTIFICATE = "cert.pem";
  public static final String PRIVATE_KEY = "key.pem";
  public static final String CA = "ca.pem";

  private final URI identity;
  private final String request;
  private final Path tokenFile;
  private final Path directory;
  private final HttpClient http;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "meridian-identity-files");
            t.setDaemon(true);
            return t;
          });
  private volatile Instant notAfter;

  private IdentityFiles(
      URI dataplaneServer,
      String mesh,
      String name,
      Path tokenFile,
      Path directory,
      HttpClient http) {
    this.identity = dataplaneServer.resolve("/identity");
    this.request = "{\"mesh\":" + quote(mesh) + ",\"name\":" + quote(name) + "}";
    this.tokenFile = tokenFile;
    this.directory = directory;
    this.http = http;
  }

  /**
   * Fetches the identity of dataplane {@code mesh}/{@code name} into {@code directory} now, and
   * keeps it fresh. {@code zoneCa} (null for a plaintext dataplane server) is the CA the zone's
   * dataplane server certificate is signed by.
   */
  public static IdentityFiles start(
      URI dataplaneServer, String mesh, String name, Path tokenFile, Path directory, Path zoneCa)
      throws IOException {
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (zoneCa != null) {
      http.sslContext(trusting(zoneCa));
    }
    Files.createDirectories(directory);
    IdentityFiles files =
        new IdentityFiles(dataplaneServer, mesh, name, tokenFile, directory, http.build());
    files.timer.schedule(files::refresh, files.fetch().toMillis(), TimeUnit.MILLISECONDS);
    return files;
  }

  public Path certificateFile() {
    return directory.resolve(CERTIFICATE);
  }

  public Path privateKeyFile() {
    return directory.resolve(PRIVATE_KEY);
  }

  public Path caFile() {
    return directory.resolve(CA);
  }

  /** When the certificate in the directory stops being valid. */
  public Instant notAfter() {
    return notAfter;
  }

  private void refresh() {
    long next;
    try {
      next = fetch().toMillis();
    } catch (IOException | RuntimeException e) {
      log.log(Level.WARNING, "Could not renew the identity from " + identity + "; retrying", e);
      next = 5_000;
    }
    timer.schedule(this::refresh, next, TimeUnit.MILLISECONDS);
  }

  /** Fetches and writes the identity; returns how long until the next fetch. */
  private Duration fetch() throws IOException {
    String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(identity)
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(request))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "POST " + identity + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    // The CA first and the key before its certificate: a watcher that reloads in between sees a
    // trusted chain, and never a certificate without its key.
    replace(caFile(), body.get("caCertificates").getAsString(), false);
    replace(privateKeyFile(), body.get("privateKey").getAsString(), true);
    replace(certificateFile(), body.get("certificate").getAsString(), false);
    notAfter = Instant.parse(body.get("notAfter").getAsString());
    Duration wait =
        Duration.between(Instant.now(), Instant.parse(body.get("renewAt").getAsString()));
    return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
  }

  private void replace(Path file, String content, boolean secret) throws IOException {
    Path temporary = Files.createTempFile(directory, ".identity-", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(
            temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // Its own access rules apply.
      }
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot trust the CA in " + caFile, e);
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
