package io.securejdbc.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A 256-bit symmetric key held in memory as a handle. Its bytes are never returned through the API (only, through
 * {@link RawKeyAccess}, to a token that wraps it) and are zeroed by {@link #destroy()}.
 *
 * <p>A key has a public, non-secret {@link #keyId()} that goes into associated data, so that a ciphertext names the key
 * generation it was made with (key rotation relies on it).
 *
 * <h2>Warning</h2>
 * {@link #destroy()} zeroes this object's bytes and refuses further {@link #derive}, {@link #aead}, {@link #prf} and
 * {@link #withRawMaterial} calls. It does not reach primitives obtained earlier: an {@link Aead},
 * {@link DeterministicAead} or {@link Prf} keeps working, because the JCA and Bouncy Castle copy the key into their
 * own key objects and schedules, which Java cannot zero. Drop those primitives together with the key; the garbage
 * collector, not {@code destroy()}, ends their copies.
 */
public final class DataKey implements Destroyable {

  public static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String keyId;
  private final byte[] material;
  private volatile boolean destroyed;

  private DataKey(String keyId, byte[] material) {
    if (material.length != LENGTH) {
      throw new IllegalArgumentException("a data key has " + LENGTH + " bytes");
    }
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.material = material;
  }

  /** A fresh random key. */
  public static DataKey generate(String keyId) {
    byte[] bytes = new byte[LENGTH];
    RANDOM.nextBytes(bytes);
    return new DataKey(keyId, bytes);
  }

  /**
   * Takes ownership of {@code material} (the caller must not keep or reuse the array). For token implementations
   * that unwrap a key.
   */
  public static DataKey fromRawMaterial(RawKeyAccess access, String keyId, byte[] material) {
    Objects.requireNonNull(access, "access");
    return new DataKey(keyId, material);
  }

  public String keyId() {
    return keyId;
  }

  /**
   * A sub-key for one purpose (HKDF-SHA256, RFC 5869, salt = key id, info = purpose). Different purposes give
   * independent keys, so one table key can serve rows, posting entries and keywords without cross-use.
   */
  public DataKey derive(String purpose) {
    checkAlive();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(material, keyId.getBytes(StandardCharsets.UTF_8),
        purpose.getBytes(StandardCharsets.UTF_8)));
    byte[] out = new byte[LENGTH];
    hkdf.generateBytes(out, 0, LENGTH);
    return new DataKey(keyId, out);
  }

  public Aead aead() {
    checkAlive();
    return new AesGcmAead(material);
  }

  public DeterministicAead deterministicAead() {
    checkAlive();
    return new AesGcmSivDeterministicAead(material);
  }

  public Prf prf() {
    checkAlive();
    return new HmacSha256Prf(material);
  }

  /** Lends the raw bytes to {@code use} (a token wrapping this key); the array must not escape it. */
  public <T> T withRawMaterial(RawKeyAccess access, Function<byte[], T> use) {
    Objects.requireNonNull(access, "access");
    checkAlive();
    byte[] copy = material.clone();
    try {
      return use.apply(copy);
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(material, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("data key " + keyId + " was destroyed");
    }
  }

  @Override
  public String toString() {
    return "DataKey[" + keyId + "]";
  }
}
