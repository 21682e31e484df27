package io.securejdbc.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the index entries that committed writes made obsolete on a background thread of the store, in batches of
 * up to {@value #BATCH} per index transaction, so that a write's caller does not wait for a delete and a commit on
 * an index backend after its own commit returned. A worker that finds fewer waits a moment for more, unless someone
 * waits for the queue to drain.
 *
 * <p>Why waiting is not needed: the index is a multiset of (keyword, entry) copies in which each write that sets a
 * value adds a copy and each committed write that changed it away removes one (see {@link BackendSession}); a
 * removal of one copy commutes with every later addition, so it may run any time after the commit that queued it.
 * Until it runs the entry is only stale: a lookup fetches the row and the re-check against the query drops it.
 * Removals that need the rows locked again (during a key rotation, two live generations) stay on the caller.
 *
 * <p>Bounded: at most {@value #CAPACITY} removals wait; a writer beyond that waits for room, so a backend slower
 * than the writers slows the writers instead of growing the heap. Schema changes, verify, repair, rotations and
 * closing the store first wait for the queue to drain ({@link #flush()}), so they see no stale entry that is merely
 * queued; if the queue does not drain within a minute (a backend that hangs) they fail with 40001 rather than
 * run beside it. A removal that fails is logged and dropped: the entry stays stale until {@code repair}.
 */
final class IndexCleaner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IndexCleaner.class);
  static final int CAPACITY = 8192;
  static final int BATCH = 512;
  /** A worker idle this long closes its backend connections and ends; the next removal starts a new one. */
  private static final long IDLE_MILLIS = 2000;
  private static final long CLOSE_WAIT_MILLIS = 30_000;
  /**
   * How long a worker that found fewer than {@value #BATCH} removals waits for more before it runs them. Each run is
   * an index transaction whose commit costs about what its deletes cost; single-row writes queue one removal each,
   * so without lingering the worker committed once per write and took a core from the writers.
   */
  private static final long LINGER_NANOS = 2_000_000;

  private final SecureStore store;
  private final ArrayDeque<BackendSession.DeferredDelete> queue = new ArrayDeque<>();
  private long queued;
  private long finished;
  private long transactions;
  private Thread worker;
  private boolean closed;
  private int flushers;
  private volatile boolean background = true;

  IndexCleaner(SecureStore store) {
    this.store = store;
  }

  void setBackground(boolean background) {
    this.background = background;
  }

  /** Queues removals; false when the caller must run them itself (inline mode, closed store, interrupted). */
  synchronized boolean submit(List<BackendSession.DeferredDelete> work) {
    if (!background || closed) {
      return false;
    }
    while (queue.size() >= CAPACITY && !closed) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (closed) {
      return false;
    }
    boolean wasEmpty = queue.isEmpty();
    queue.addAll(work);
    queued += work.size();
    if (worker == null) {
      worker = new Thread(this::run, "secure-jdbc-index-cleaner");
      worker.setDaemon(true);
      worker.start();
    }
    if (wasEmpty || queue.size() >= BATCH) {
      // A lingering worker needs no wake-up for each removal, only for a full batch.
      notifyAll();
    }
    return true;
  }

  /**
   * Waits until every removal queued before this call has run (or failed and been logged), for at most
   * {@code timeoutMillis}; false when they had not (a backend that hangs), or when interrupted.
   */
  synchronized boolean flush(long timeoutMillis) {
    long target = queued;
    long deadline = System.currentTimeMillis() + timeoutMillis;
    flushers++;
    notifyAll();
    try {
      while (finished < target && worker != null) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    } finally {
      flushers--;
    }
  }

  /** Number of batches run so far, each in one index transaction per index backend. */
  synchronized long transactions() {
    return transactions;
  }

  /** Number of removals run so far (including failed ones), for statistics and tests. */
  synchronized long finished() {
    return finished;
  }

  @Override
  public void close() {
    if (!flush(CLOSE_WAIT_MILLIS)) {
      LOG.warn("closing with obsolete index entries still queued for removal; they stay until repair");
    }
    Thread w;
    synchronized (this) {
      closed = true;
      w = worker;
      notifyAll();
    }
    if (w != null && w != Thread.currentThread()) {
      try {
        w.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    BackendSession session = new BackendSession(store);
    try {
      List<BackendSession.DeferredDelete> batch;
      while ((batch = next()) != null) {
        try {
          session.removeObsolete(batch, List.of());
        } catch (RuntimeException e) {
          LOG.warn("removing {} obsolete index entries failed ({}); they stay until repair", batch.size(),
              e.getClass().getSimpleName());
        }
        synchronized (this) {
          transactions++;
          finished += batch.size();
          notifyAll();
        }
      }
    } finally {
      session.close();
      abandonIfDying();
    }
  }

  /**
   * A worker ending on an Error (out of memory, say) drops what is queued, so that waiters do not wait for a thread
   * that is gone: those entries stay stale until repair, which is safe.
   */
  private synchronized void abandonIfDying() {
    if (worker == Thread.currentThread()) {
      LOG.warn("the index cleaner stopped unexpectedly; {} obsolete index entries stay until repair", queue.size());
      queue.clear();
      finished = queued;
      worker = null;
      notifyAll();
    }
  }

  /** Waits up to {@link #LINGER_NANOS} for a full batch, unless someone waits for the queue to drain. */
  private void linger() {
    long end = System.nanoTime() + LINGER_NANOS;
    while (queue.size() < BATCH && !closed && flushers == 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.interrupted();
        return;
      }
    }
  }

  /** The next batch, or null when the worker should end (idle, or the store closed with nothing left). */
  private synchronized List<BackendSession.DeferredDelete> next() {
    long deadline = System.currentTimeMillis() + IDLE_MILLIS;
    while (queue.isEmpty()) {
      long left = deadline - System.currentTimeMillis();
      if (closed || left <= 0) {
        worker = null;
        notifyAll();
        return null;
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        // Only close() ends the worker; an interrupt from elsewhere must not lose queued removals.
        Thread.interrupted();
      }
    }
    linger();
    List<BackendSession.DeferredDelete> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
    while (!queue.isEmpty() && batch.size() < BATCH) {
      batch.add(queue.poll());
    }
    notifyAll();
    return batch;
  }
}
