package io.securejdbc.token.soft;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce, output {@code nonce || ciphertext || tag}, for the few operations of the
 * software token (key store entries, wrapping). An empty plaintext gives a 28-byte authenticator (GMAC).
 */
final class AesGcm {

  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AesGcm() {}

  static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
    byte[] out = new byte[OVERHEAD + plaintext.length];
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      c.updateAAD(aad);
      c.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
      return out;
    } catch (GeneralSecurityException e) {
      // Only reachable if the JDK lacks AES-GCM or the key length is wrong: a programming error, not bad input.
      throw new IllegalStateException("AES-256-GCM encryption failed", e);
    }
  }

  /** Throws {@link AEADBadTagException} when the sealed bytes or the associated data were altered. */
  static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
    if (sealed.length < OVERHEAD) {
      throw new AEADBadTagException("sealed data too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_LENGTH * 8, sealed, 0, NONCE_LENGTH));
      c.updateAAD(aad);
      return c.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM decryption failed", e);
    }
  }
}
