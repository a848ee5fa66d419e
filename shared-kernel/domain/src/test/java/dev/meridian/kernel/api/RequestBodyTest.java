package dev.meridian.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.kernel.resource.ResourceDocument.Format;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBodyTest {
  @ParameterizedTest
  @CsvSource({
    "application/json, x: 1, JSON",
    "application/json; charset=utf-8, x: 1, JSON",
    "application/merge-patch+json, x: 1, JSON",
    "application/yaml, '{}', YAML",
    "text/yaml, '{}', YAML",
    "application/x-www-form-urlencoded, '  {\"a\":1}', JSON",
    "application/x-www-form-urlencoded, 'type: Mesh', YAML",
    "text/plain, 'type: Mesh', YAML",
    "'', '{}', JSON"
  })
  void theFormatComesFromTheContentTypeOrFromTheBodyWhenTheTypeSaysNothing(
      String contentType, String body, Format expected) {
    assertThat(RequestBody.format(contentType, body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expected);
  }

  @Test
  void otherMediaTypesAreUnsupported() {
    assertThatThrownBy(() -> RequestBody.format("application/xml", new byte[0]))
        .isInstanceOfSatisfying(
            ApiFailure.class, f -> assertThat(f.problem().status()).isEqualTo(415));
  }

  @Test
  void bodiesOverTheCapAreRefusedWhetherDeclaredOrNot() {
    byte[] big = new byte[100];
    assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(big), 100, 99))
        .isInstanceOfSatisfying(
            ApiFailure.class, f -> assertThat(f.problem().status()).isEqualTo(413));
    assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(big), -1, 99))
        .isInstanceOfSatisfying(
            ApiFailure.class, f -> assertThat(f.problem().status()).isEqualTo(413));
    assertThat(RequestBody.read(new ByteArrayInputStream(big), -1, 100)).hasSize(100);
  }
}
