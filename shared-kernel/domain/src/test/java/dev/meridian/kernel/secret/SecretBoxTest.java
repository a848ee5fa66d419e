package dev.meridian.kernel.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.kernel.resource.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final byte[] KEK = filled(7);
  private static final ResourceKey OWNER = ResourceKey.secret("demo", "ca-key");
  private static final byte[] CLEAR =
      "-----BEGIN PRIVATE KEY----- x".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensWhatItSealedAndTheSealedFormHoldsNoClearText() {
    SecretBox box = new SecretBox(KEK);
    String sealed = box.seal(OWNER, CLEAR);
    assertThat(sealed).startsWith("v1." + box.fingerprint() + ".").doesNotContain("PRIVATE");
    assertThat(box.open(OWNER, sealed)).isEqualTo(CLEAR);
  }

  @Test
  void sealingTwiceGivesDifferentValues() {
    SecretBox box = new SecretBox(KEK);
    assertThat(box.seal(OWNER, CLEAR)).isNotEqualTo(box.seal(OWNER, CLEAR));
  }

  @Test
  void anotherKeyIsToldApartByItsFingerprint() {
    String sealed = new SecretBox(KEK).seal(OWNER, CLEAR);
    SecretBox other = new SecretBox(filled(8));
    assertThatThrownBy(() -> other.open(OWNER, sealed))
        .isInstanceOf(SecretBox.CannotOpen.class)
        .hasMessageContaining("sealed with key")
        .hasMessageContaining(other.fingerprint());
  }

  @Test
  void aValueMovedToAnotherSecretDoesNotOpen() {
    SecretBox box = new SecretBox(KEK);
    String sealed = box.seal(OWNER, CLEAR);
    assertThatThrownBy(() -> box.open(ResourceKey.secret("demo", "other"), sealed))
        .isInstanceOf(SecretBox.CannotOpen.class)
        .hasMessageContaining("sealed for another secret");
  }

  @Test
  void anAlteredValueDoesNotOpen() {
    SecretBox box = new SecretBox(KEK);
    String sealed = box.seal(OWNER, CLEAR);
    char last = sealed.charAt(sealed.length() - 1);
    String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThatThrownBy(() -> box.open(OWNER, altered)).isInstanceOf(SecretBox.CannotOpen.class);
    assertThatThrownBy(() -> box.open(OWNER, "plain")).isInstanceOf(SecretBox.CannotOpen.class);
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
