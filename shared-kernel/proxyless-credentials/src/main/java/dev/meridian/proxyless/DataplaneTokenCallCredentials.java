package dev.meridian.proxyless;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** Sends the token (kept in a file, or given) as {@code authorization: Bearer <token>}. */
final class DataplaneTokenCallCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Path tokenFile;
  private final String token;

  private DataplaneTokenCallCredentials(Path tokenFile, String token) {
    this.tokenFile = tokenFile;
    this.token = token;
  }

  static DataplaneTokenCallCredentials fromFile(Path tokenFile) {
    return new DataplaneTokenCallCredentials(tokenFile, null);
  }

  static DataplaneTokenCallCredentials of(String token) {
    return new DataplaneTokenCallCredentials(null, token.trim());
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(
        () -> {
          String current = token;
          try {
            if (current == null) {
              current = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
            }
          } catch (IOException e) {
            applier.fail(
                Status.UNAUTHENTICATED
                    .withDescription("cannot read the dataplane token " + tokenFile)
                    .withCause(e));
            return;
          }
          Metadata headers = new Metadata();
          headers.put(AUTHORIZATION, "Bearer " + current);
          applier.apply(headers);
        });
  }
}
