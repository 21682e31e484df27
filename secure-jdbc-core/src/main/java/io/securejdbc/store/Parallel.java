package io.securejdbc.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent per-backend work concurrently (writes and commits to different backends). Small jobs run in the
 * caller's thread: handing a few microseconds of work to another thread costs more than it saves.
 */
public final class Parallel implements AutoCloseable {

  /** One backend's share of the work. */
  @FunctionalInterface
  public interface Task {
    void run() throws SQLException;
  }

  private final ExecutorService pool;

  Parallel(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "secure-jdbc-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the tasks, concurrently when {@code worthIt}; every task finishes before the first failure is thrown. */
  public void run(List<Task> tasks, boolean worthIt) throws SQLException {
    if (!worthIt || tasks.size() < 2) {
      SQLException first = null;
      for (Task t : tasks) {
        try {
          t.run();
        } catch (SQLException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (Task t : tasks.subList(1, tasks.size())) {
      futures.add(pool.submit(() -> {
        t.run();
        return null;
      }));
    }
    SQLException first = null;
    try {
      tasks.get(0).run();
    } catch (SQLException e) {
      first = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (first == null) {
          // not the cause itself: its message may quote a value (see InternalErrors)
          first = cause instanceof SQLException s ? s : io.securejdbc.InternalErrors.of(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? new SQLException("interrupted", "57014") : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** A piece of a split loop: the indexes {@code from} (inclusive) to {@code to} (exclusive). */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to) throws SQLException;
  }

  /**
   * Runs {@code 0..n} in pieces of {@code piece}, on this thread and on pool threads as they come, once {@code n}
   * reaches {@code threshold}; else inline. Pieces are claimed, not assigned: this thread never waits for a pool
   * thread to wake up, only at the end for pieces a pool thread is still computing. A parked pool thread starts
   * 40-80 µs after it is woken (measured on the 2-core machines we benchmark on); with a fixed split into halves the
   * caller finished its half and then waited for that late start.
   */
  public void forRange(int n, int threshold, int piece, Range body) throws SQLException {
    if (n < threshold) {
      body.run(0, n);
      return;
    }
    List<Shared<Void>> pieces = new ArrayList<>();
    for (int from = 0; from < n; from += piece) {
      int f = from;
      int t = Math.min(n, from + piece);
      pieces.add(new Shared<>(() -> {
        body.run(f, t);
        return null;
      }));
    }
    Runnable helper = () -> pieces.forEach(Shared::tryRun);
    for (int i = 1; i < Runtime.getRuntime().availableProcessors() && i < pieces.size(); i++) {
      offer(helper);
    }
    pieces.forEach(Shared::tryRun);
    for (Shared<Void> p : pieces) {
      p.get();
    }
  }

  /**
   * Offers {@code work} to a pool thread without waiting for it: for work the caller also does itself if it gets
   * there first (see {@link Shared}), so a busy or closed pool only means the caller does it.
   */
  void offer(Runnable work) {
    try {
      pool.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: the caller runs the work itself
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
