package io.securejdbc.crypto;

import java.security.GeneralSecurityException;

/**
 * Deterministic authenticated encryption (AES-256-GCM-SIV, RFC 8452, with a fixed nonce).
 *
 * <h2>Security guarantees</h2>
 * Integrity as for {@link Aead}. Confidentiality holds except that equal (plaintext, associated data) pairs give equal
 * ciphertexts, so an observer learns when a pair repeats.
 *
 * <h2>Warning</h2>
 * Use it only where each (plaintext, associated data) pair is unique by construction, such as one posting entry per
 * (keyword, row id) of one column. Equality of different plaintexts is never revealed.
 */
public interface DeterministicAead {

  byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

  byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
