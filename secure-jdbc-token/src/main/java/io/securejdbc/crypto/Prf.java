package io.securejdbc.crypto;

/**
 * A keyed pseudo-random function (HMAC-SHA256). Used for protected keywords and uniqueness tags: equal inputs give
 * equal outputs, and without the key an output reveals nothing about its input.
 */
public interface Prf {

  /** Returns the first {@code length} bytes (at most 32) of the PRF output of {@code input}. */
  byte[] compute(byte[] input, int length);
}
