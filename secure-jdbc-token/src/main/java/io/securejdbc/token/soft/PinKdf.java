package io.securejdbc.token.soft;

/** Turns a PIN into the 256-bit key-encryption key of a key store. A seam so tests can simulate a crash mid-check. */
interface PinKdf {

  /** Returns a fresh 32-byte array the caller zeroes; does not modify or keep {@code pin}. */
  byte[] deriveKek(char[] pin, KdfParams params, byte[] salt);
}
