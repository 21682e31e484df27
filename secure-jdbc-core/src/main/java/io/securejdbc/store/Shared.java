package io.securejdbc.store;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One piece of work that the calling thread and a pool thread may both reach: whichever claims it first computes
 * it, the other takes the result. The caller never waits for work still queued on a busy pool; it claims that work
 * and does it itself.
 */
final class Shared<T> {

  /** The work; it may throw our own SQLExceptions (integrity errors), which reach the caller unchanged. */
  @FunctionalInterface
  interface Work<T> {
    T compute() throws SQLException;
  }

  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Work<T> work;

  Shared(Work<T> work) {
    this.work = work;
  }

  /** Computes the work unless another thread has claimed it. */
  void tryRun() {
    if (claimed.compareAndSet(false, true)) {
      try {
        result.complete(work.compute());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }
  }

  /** The result, computed here if nobody claimed it yet, else waited for. */
  T get() throws SQLException {
    tryRun();
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException s) {
        throw s;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new SQLException("row fetch failed: " + cause.getClass().getSimpleName(), "XX000", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while fetching rows", "57014");
    }
  }
}
