package io.securejdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /** Test cases 13 and 14 of the GCM specification (McGrew and Viega): 256-bit zero key, zero 96-bit IV. */
  @Test
  void decryptsTheGcmSpecificationVectors() throws Exception {
    Aead zeroKey = new AesGcmAead(new byte[32]);
    HexFormat hex = HexFormat.of();
    byte[] nonce = new byte[AesGcmAead.NONCE_LENGTH];
    byte[] case13 = concat(nonce, hex.parseHex("530f8afbc74536b9a963b4f1c4cb738b"));
    assertThat(zeroKey.decrypt(case13, new byte[0])).isEmpty();
    byte[] case14 = concat(nonce, hex.parseHex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"));
    assertThat(zeroKey.decrypt(case14, new byte[0])).isEqualTo(new byte[16]);
  }

  /**
   * Each key keeps its own cipher per thread: keys used in turn on one thread, and the same keys on several threads
   * at once, each decrypt exactly their own ciphertexts (a cipher left initialised with another key would not).
   */
  @Test
  void keysUsedInTurnOnSeveralThreads_eachDecryptOnlyTheirOwn() throws Exception {
    List<Aead> keys = List.of(aead, DataKey.generate("k2").aead(), DataKey.generate("k3").aead());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        runs.add(pool.submit(() -> interleave(keys, new SplittableRandom(seed))));
      }
      for (Future<Integer> run : runs) {
        assertThat(run.get()).isEqualTo(600);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int interleave(List<Aead> keys, SplittableRandom random) throws Exception {
    int checked = 0;
    for (int i = 0; i < 600; i++) {
      int k = random.nextInt(keys.size());
      byte[] plaintext = new byte[random.nextInt(200)];
      random.nextBytes(plaintext);
      byte[] ct = keys.get(k).encrypt(plaintext, AAD);
      int other = (k + 1 + random.nextInt(keys.size() - 1)) % keys.size();
      assertThatThrownBy(() -> keys.get(other).decrypt(ct, AAD)).isInstanceOf(AEADBadTagException.class);
      assertThat(keys.get(k).decrypt(ct, AAD)).isEqualTo(plaintext);
      checked++;
    }
    return checked;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
