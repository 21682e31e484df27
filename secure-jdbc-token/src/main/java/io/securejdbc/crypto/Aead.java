package io.securejdbc.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with associated data (randomised).
 *
 * <h2>Security guarantees</h2>
 * Confidentiality of the plaintext and integrity of both the plaintext and the associated data: a ciphertext that was
 * altered, truncated, or is presented with different associated data fails to decrypt. Encrypting the same plaintext
 * twice gives different ciphertexts.
 *
 * <h2>Warning</h2>
 * The associated data is authenticated, not encrypted. Bind every ciphertext to its place (table, column, row, key id,
 * format version) through the associated data, or an insider can move ciphertexts between places undetected.
 */
public interface Aead {

  /** Returns {@code nonce || ciphertext || tag}. */
  byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

  /** Throws {@link javax.crypto.AEADBadTagException} when the ciphertext or the associated data were tampered with. */
  byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;

  /** As {@link #decrypt(byte[], byte[])} on {@code length} bytes of {@code buffer} from {@code offset}. */
  default byte[] decrypt(byte[] buffer, int offset, int length, byte[] associatedData)
      throws GeneralSecurityException {
    return decrypt(java.util.Arrays.copyOfRange(buffer, offset, offset + length), associatedData);
  }
}
