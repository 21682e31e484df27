package io.securejdbc.token.soft;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;

/**
 * Argon2id cost parameters. The bounds reject a tampered or nonsensical header before any memory is allocated: the
 * upper memory bound keeps a forged header from exhausting the heap.
 */
record KdfParams(int memoryKiB, int iterations, int parallelism) {

  static final int MAX_MEMORY_KIB = 1024 * 1024;
  static final int MAX_ITERATIONS = 64;
  static final int MAX_PARALLELISM = 16;

  /** RFC 9106, section 4, second recommended option (64 MiB, t=3), with one lane. */
  static final KdfParams PRODUCTION = new KdfParams(64 * 1024, 3, 1);

  /** OWASP's minimum for Argon2id (19 MiB, t=2); weaker settings get a warning when a store is created. */
  static final KdfParams OWASP_MINIMUM = new KdfParams(19 * 1024, 2, 1);

  /**
   * For a token that lives only in memory: its PIN check never leaves the process, and whoever can read the process
   * memory has the master keys anyway, so a costly KDF would only slow down logins.
   */
  static final KdfParams IN_MEMORY = new KdfParams(64, 1, 1);

  static KdfParams checked(int memoryKiB, int iterations, int parallelism) throws TokenException {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
        || memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new TokenException(Reason.UNSUPPORTED, "Argon2id parameters out of range (memory 8*p.." + MAX_MEMORY_KIB
          + " KiB, iterations 1.." + MAX_ITERATIONS + ", parallelism 1.." + MAX_PARALLELISM + ")");
    }
    return new KdfParams(memoryKiB, iterations, parallelism);
  }

  boolean weakerThan(KdfParams other) {
    return memoryKiB < other.memoryKiB || iterations < other.iterations;
  }
}
