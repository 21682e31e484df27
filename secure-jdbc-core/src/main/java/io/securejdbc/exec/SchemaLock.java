package io.securejdbc.exec;

import io.securejdbc.SqlState;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps DDL that rewrites indexes or rows from running beside open write transactions in this JVM: a transaction
 * holds a shared permit from its first write to its end, DDL of that kind takes all permits. A semaphore rather than
 * a read-write lock because a pooled connection may commit on another thread than the one that wrote.
 */
final class SchemaLock {

  private static final int ALL = 1 << 20;
  private static final long WAIT_SECONDS = 60;
  private final Semaphore permits = new Semaphore(ALL, true);
  /** Work that must run once no writer is left (and so none can queue more of it). */
  @FunctionalInterface
  interface Drain {
    void run() throws SQLException;
  }

  private final Drain afterExclusive;

  /** {@code afterExclusive} runs once all permits are taken; if it fails, they are given back. */
  SchemaLock(Drain afterExclusive) {
    this.afterExclusive = afterExclusive;
  }

  void acquireShared() throws SQLException {
    acquire(1);
  }

  void releaseShared() {
    permits.release(1);
  }

  void acquireExclusive() throws SQLException {
    acquire(ALL);
    try {
      afterExclusive.run();
    } catch (SQLException | RuntimeException e) {
      releaseExclusive();
      throw e;
    }
  }

  void releaseExclusive() {
    permits.release(ALL);
  }

  private void acquire(int n) throws SQLException {
    try {
      if (!permits.tryAcquire(n, WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw SqlState.SERIALIZATION_FAILURE.exception("waited " + WAIT_SECONDS + " s for a schema change or for"
            + " open write transactions; retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SqlState.QUERY_CANCELED.exception("interrupted while waiting for the schema lock");
    }
  }
}
