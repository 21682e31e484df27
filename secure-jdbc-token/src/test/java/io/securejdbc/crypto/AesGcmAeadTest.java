package io.securejdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class AesGcmAeadTest {

  private static final byte[] AAD = "table=t1;row=7".getBytes(StandardCharsets.UTF_8);
  private final Aead aead = DataKey.generate("k1").aead();

  @Test
  void roundTripsAndHasNonceCiphertextTagLayout() throws Exception {
    byte[] plaintext = "confidential".getBytes(StandardCharsets.UTF_8);
    byte[] ct = aead.encrypt(plaintext, AAD);
    assertThat(ct).hasSize(AesGcmAead.NONCE_LENGTH + plaintext.length + AesGcmAead.TAG_BITS / 8);
    assertThat(aead.decrypt(ct, AAD)).isEqualTo(plaintext);
  }

  @Test
  void everyTamperedByteFailsAuthentication() throws Exception {
    byte[] ct = aead.encrypt("confidential".getBytes(StandardCharsets.UTF_8), AAD);
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> aead.decrypt(bad, AAD)).as("byte %d", i).isInstanceOf(AEADBadTagException.class);
    }
  }

  @Test
  void truncatedOrShortCiphertextFails() throws Exception {
    byte[] ct = aead.encrypt(new byte[5], AAD);
    assertThatThrownBy(() -> aead.decrypt(Arrays.copyOf(ct, ct.length - 1), AAD))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> aead.decrypt(new byte[27], AAD)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void otherAssociatedDataFails() throws Exception {
    byte[] ct = aead.encrypt("x".getBytes(StandardCharsets.UTF_8), AAD);
    assertThatThrownBy(() -> aead.decrypt(ct, "table=t1;row=8".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> aead.decrypt(ct, new byte[0])).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void otherKeyFails() throws Exception {
    byte[] ct = aead.encrypt("x".getBytes(StandardCharsets.UTF_8), AAD);
    Aead other = DataKey.generate("k1").aead();
    assertThatThrownBy(() -> other.decrypt(ct, AAD)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void equalPlaintextsGetFreshNoncesAndDifferentCiphertexts() throws Exception {
    byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);
    byte[] a = aead.encrypt(plaintext, AAD);
    byte[] b = aead.encrypt(plaintext, AAD);
    assertThat(Arrays.copyOf(a, AesGcmAead.NONCE_LENGTH)).isNotEqualTo(Arrays.copyOf(b, AesGcmAead.NONCE_LENGTH));
    assertThat(a).isNotEqualTo(b);
    assertThat(aead.decrypt(b, AAD)).isEqualTo(plaintext);
  }
}
