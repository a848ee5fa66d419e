package dev.meridian.proxyless;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.xds.XdsCredentialsProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@value #NAME} channel credentials of an xDS bootstrap: the connection to the zone control
 * plane carries the workload's dataplane token ({@code authorization: Bearer …}, read from {@code
 * token_file} on every new stream, so a renewed token is used from the next reconnect on; or given
 * inline as {@code token}). With {@code ca_certificate_file} the connection is TLS, trusting that
 * CA; without it, plaintext.
 *
 * <p>grpc-java's bootstrap has no call credentials of its own, so this plugs in where it looks for
 * channel credentials (its {@code XdsCredentialsProvider} service).
 */
public final class DataplaneTokenCredentialsProvider extends XdsCredentialsProvider {
  public static final String NAME = "meridian_dataplane_token";

  @Override
  protected ChannelCredentials newChannelCredentials(Map<String, ?> config) {
    Object tokenFile = config == null ? null : config.get("token_file");
    Object inline = config == null ? null : config.get("token");
    CallCredentials token;
    if (tokenFile instanceof String file && !file.isEmpty()) {
      token = DataplaneTokenCallCredentials.fromFile(Path.of(file));
    } else if (inline instanceof String value && !value.isEmpty()) {
      token = DataplaneTokenCallCredentials.of(value);
    } else {
      // grpc-java then tries the bootstrap's next channel credentials, if any.
      return null;
    }
    return CompositeChannelCredentials.create(transport(config), token);
  }

  private static ChannelCredentials transport(Map<String, ?> config) {
    Object ca = config.get("ca_certificate_file");
    if (!(ca instanceof String file) || file.isEmpty()) {
      return InsecureChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder().trustManager(new File(file)).build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the CA certificate " + file, e);
    }
  }

  @Override
  protected String getName() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public int priority() {
    return 5;
  }
}
