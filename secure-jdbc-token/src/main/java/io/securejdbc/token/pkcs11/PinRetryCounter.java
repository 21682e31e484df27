package io.securejdbc.token.pkcs11;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A client-side PIN retry counter in a small file, for PKCS#11 tokens that enforce no retry limit themselves (SoftHSM2
 * is one). Format: {@code "SJDBC-PC"}, u16 version 1, u16 failed attempts (big-endian).
 *
 * <h2>Security guarantees</h2>
 * Logins through this driver stop at the limit, also across restarts and between processes sharing the file: each
 * attempt is counted and written before the PIN goes to the token.
 *
 * <h2>Warning</h2>
 * This is not a hardware retry counter. Anyone who can write the file (or delete it: a missing file means zero) resets
 * it, and other PKCS#11 clients of the same token (pkcs11-tool, another application) bypass it entirely.
 */
final class PinRetryCounter {

  private static final byte[] MAGIC = "SJDBC-PC".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int LENGTH = MAGIC.length + 4;

  private final Path file;
  private final int maxAttempts;

  PinRetryCounter(Path file, int maxAttempts) {
    this.file = file;
    this.maxAttempts = maxAttempts;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  int failedAttempts() throws TokenException {
    try {
      return read();
    } catch (IOException e) {
      throw new TokenException(Reason.IO, "the PIN retry counter file cannot be read", e);
    }
  }

  boolean isLocked() throws TokenException {
    return failedAttempts() >= maxAttempts;
  }

  /** Counts an attempt before it is made; returns the attempts counted so far, or throws LOCKED at the limit. */
  int countAttempt() throws TokenException {
    return locked(() -> {
      int n = read();
      if (n >= maxAttempts) {
        throw new TokenException(Reason.LOCKED, "the token is locked after " + maxAttempts + " wrong PINs", 0, null);
      }
      write(n + 1);
      return n + 1;
    });
  }

  void reset() throws TokenException {
    locked(() -> {
      write(0);
      return null;
    });
  }

  /** Records that the device itself reported its PIN locked, so reopening shows LOCKED at once. */
  void lock() throws TokenException {
    locked(() -> {
      write(maxAttempts);
      return null;
    });
  }

  private <T> T locked(AtomicFiles.Locked<T> action) throws TokenException {
    try {
      return AtomicFiles.locked(file, action);
    } catch (IOException e) {
      throw new TokenException(Reason.IO, "the PIN retry counter file cannot be updated", e);
    }
  }

  private int read() throws IOException, TokenException {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    if (b.length != LENGTH || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)
        || (in.getShort(MAGIC.length) & 0xFFFF) != VERSION) {
      throw new TokenException(Reason.INTEGRITY, "the PIN retry counter file is malformed");
    }
    return in.getShort(MAGIC.length + 2) & 0xFFFF;
  }

  private void write(int failed) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put(MAGIC).putShort((short) VERSION).putShort((short) Math.min(failed, 0xFFFF));
    AtomicFiles.write(file, b.array());
  }
}
