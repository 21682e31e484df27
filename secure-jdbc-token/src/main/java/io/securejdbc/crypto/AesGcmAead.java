package io.securejdbc.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JCA (hardware-accelerated on x86 and ARM by the JDK's intrinsics), with a random 96-bit nonce
 * per message. NIST SP 800-38D bounds random nonces to 2^32 messages per key; key rotation keeps us far below that.
 *
 * <p>One {@link Cipher} per thread and key, as {@link HmacSha256Prf} keeps its Macs: the JDK's cipher re-expands the
 * AES key schedule whenever it is initialised with a key other than its last one, and the driver alternates keys
 * (row key, then a column's posting key, then the row key again). Measured on JDK 17, 100-byte messages: 1.5 µs per
 * encryption with one cipher alternating between two keys, 0.41 µs with a cipher per key (the same as one key).
 */
final class AesGcmAead implements Aead {

  static final int NONCE_LENGTH = 12;
  static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcmAead::newCipher);

  AesGcmAead(byte[] material) {
    this.key = new SecretKeySpec(material, "AES");
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] out = new byte[NONCE_LENGTH + plaintext.length + TAG_BITS / 8];
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
    Cipher cipher = ciphers.get();
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData);
    cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return decrypt(ciphertext, 0, ciphertext.length, associatedData);
  }

  @Override
  public byte[] decrypt(byte[] buffer, int offset, int length, byte[] associatedData)
      throws GeneralSecurityException {
    if (offset < 0 || length < NONCE_LENGTH + TAG_BITS / 8 || offset + length > buffer.length) {
      throw new AEADBadTagException("ciphertext too short");
    }
    Cipher cipher = ciphers.get();
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, buffer, offset, NONCE_LENGTH));
    cipher.updateAAD(associatedData);
    return cipher.doFinal(buffer, offset + NONCE_LENGTH, length - NONCE_LENGTH);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
    }
  }
}
