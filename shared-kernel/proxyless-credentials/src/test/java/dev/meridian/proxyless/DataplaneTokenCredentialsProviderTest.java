package dev.meridian.proxyless;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.xds.XdsCredentialsProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DataplaneTokenCredentialsProviderTest {
  @Test
  void grpcJavaFindsTheCredentialsByTheirBootstrapName() {
    assertThat(ServiceLoader.load(XdsCredentialsProvider.class))
        .anySatisfy(p -> assertThat(p).isInstanceOf(DataplaneTokenCredentialsProvider.class));
  }

  @Test
  void aTokenFileGivesPlaintextWithTheTokenAndNoTokenFileGivesNothing() {
    var provider = new DataplaneTokenCredentialsProvider();
    var credentials = provider.newChannelCredentials(Map.of("token_file", "/run/token"));
    assertThat(credentials).isInstanceOf(CompositeChannelCredentials.class);
    assertThat(((CompositeChannelCredentials) credentials).getChannelCredentials())
        .isInstanceOf(InsecureChannelCredentials.class);
    assertThat(((CompositeChannelCredentials) credentials).getCallCredentials())
        .isInstanceOf(DataplaneTokenCallCredentials.class);
    assertThat(provider.newChannelCredentials(Map.of())).isNull();
  }
}
