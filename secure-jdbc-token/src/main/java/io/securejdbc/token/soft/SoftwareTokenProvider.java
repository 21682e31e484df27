package io.securejdbc.token.soft;

import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenProvider;
import io.securejdbc.token.TokenException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens {@link SoftwareToken}s. Options: {@code path} (key store file; absent: in memory only),
 * {@code createIfAbsent} (default true), {@code maxPinAttempts} (default 5), {@code label},
 * {@code kdfMemoryKiB} (Argon2id memory, default 19456 = 19 MiB, OWASP's minimum), {@code kdfIterations} (default 2).
 */
public final class SoftwareTokenProvider implements KeyTokenProvider {

  static final int DEFAULT_MEMORY_KIB = 19 * 1024;
  static final int DEFAULT_ITERATIONS = 2;

  @Override
  public String type() {
    return "software";
  }

  @Override
  public KeyToken open(Map<String, String> options) throws TokenException {
    String path = options.get("path");
    try {
      // A token that lives only in memory is never at rest, so its PIN needs no expensive KDF: it only guards
      // later logins in the same process.
      int defaultMemory = path == null ? 64 : DEFAULT_MEMORY_KIB;
      int memory = Integer.parseInt(options.getOrDefault("kdfMemoryKiB", Integer.toString(defaultMemory)));
      int iterations = Integer.parseInt(options.getOrDefault("kdfIterations",
          Integer.toString(path == null ? 1 : DEFAULT_ITERATIONS)));
      int attempts = Integer.parseInt(options.getOrDefault("maxPinAttempts", "5"));
      if (memory < 8 || iterations < 1 || attempts < 1) {
        throw new TokenException(TokenException.Reason.UNSUPPORTED, "software token options out of range");
      }
      return new SoftwareToken(options.getOrDefault("label", "software"), path == null ? null : Path.of(path),
          Boolean.parseBoolean(options.getOrDefault("createIfAbsent", "true")), attempts, memory, iterations);
    } catch (NumberFormatException e) {
      throw new TokenException(TokenException.Reason.UNSUPPORTED, "software token options must be integers");
    }
  }
}
