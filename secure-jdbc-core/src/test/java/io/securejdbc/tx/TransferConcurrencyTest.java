package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads move money between accounts (two updates in one transaction, retried on serialisation failures)
 * while readers sum the balances: the total never changes, no update is lost, and nothing hangs. The writers start
 * once both readers have read, and each waits after its first commit until the readers read twice more, so reads
 * fall between transfers whatever the scheduling; the readers go on until every writer finished.
 */
class TransferConcurrencyTest {

  private static final int ACCOUNTS = 20;
  private static final int START = 1000;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void transfers_keepTheTotal_loseNoUpdate_andFinish() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection setup = TestDb.open(name); Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, BALANCE INTEGER NOT NULL, MOVES INTEGER NOT NULL)");
      for (int i = 0; i < ACCOUNTS; i++) {
        s.executeUpdate("INSERT INTO ACCOUNT VALUES (" + i + ", " + START + ", 0)");
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger committed = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      AtomicInteger reads = new AtomicInteger();
      AtomicInteger readsBetween = new AtomicInteger();
      CountDownLatch reading = new CountDownLatch(2);
      CountDownLatch writing = new CountDownLatch(4);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        long seed = w;
        threads.add(new Thread(() -> {
          try {
            transfers(name, seed, 40, committed, retries, failure, reading, reads, readsBetween);
          } finally {
            writing.countDown();
          }
        }));
      }
      for (int r = 0; r < 2; r++) {
        threads.add(new Thread(() -> reader(name, writing, reading, reads, failure)));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(170_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(committed.get()).isEqualTo(160);
      assertThat(reads.get()).isGreaterThanOrEqualTo(2);
      assertThat(readsBetween.get()).as("writers that saw two reads after their first commit").isEqualTo(4);
      assertThat(TestDb.rows(setup, "SELECT SUM(BALANCE), SUM(MOVES) FROM ACCOUNT"))
          .isEqualTo(List.of(List.of((long) ACCOUNTS * START, 2L * 160)));
      // every account is still reachable through its index entries
      for (int i = 0; i < ACCOUNTS; i++) {
        assertThat(TestDb.rows(setup, "SELECT ID FROM ACCOUNT WHERE ID = " + i)).hasSize(1);
      }
    }
  }

  private static void transfers(String name, long seed, int count, AtomicInteger committed, AtomicInteger retries,
      AtomicReference<Throwable> failure, CountDownLatch reading, AtomicInteger reads, AtomicInteger readsBetween) {
    Random r = new Random(seed);
    try (Connection c = TestDb.open(name)) {
      if (!reading.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the readers did not read within 60 s");
      }
      c.setAutoCommit(false);
      try (PreparedStatement debit = c.prepareStatement(
              "UPDATE ACCOUNT SET BALANCE = BALANCE - ?, MOVES = MOVES + 1 WHERE ID = ?");
          PreparedStatement credit = c.prepareStatement(
              "UPDATE ACCOUNT SET BALANCE = BALANCE + ?, MOVES = MOVES + 1 WHERE ID = ?")) {
        int done = 0;
        while (done < count && failure.get() == null) {
          int from = r.nextInt(ACCOUNTS);
          int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
          int amount = 1 + r.nextInt(50);
          try {
            debit.setInt(1, amount);
            debit.setInt(2, from);
            credit.setInt(1, amount);
            credit.setInt(2, to);
            if (debit.executeUpdate() != 1 || credit.executeUpdate() != 1) {
              throw new AssertionError("a transfer touched no row");
            }
            c.commit();
            done++;
            committed.incrementAndGet();
            if (done == 1 && awaitMore(reads, 2, failure)) {
              readsBetween.incrementAndGet();
            }
          } catch (SQLException e) {
            c.rollback();
            if (!e.getSQLState().startsWith("40")) {
              throw e;
            }
            retries.incrementAndGet();
          }
        }
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  private static void reader(String name, CountDownLatch writing, CountDownLatch reading, AtomicInteger reads,
      AtomicReference<Throwable> failure) {
    boolean first = true;
    try (Connection c = TestDb.open(name)) {
      while (writing.getCount() > 0 && failure.get() == null) {
        // A transfer commits both rows in one data-backend commit: a reader never sees half of it.
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(BALANCE) FROM ACCOUNT")) {
          rs.next();
          if (rs.getLong(1) != ACCOUNTS || rs.getLong(2) != (long) ACCOUNTS * START) {
            throw new AssertionError("saw " + rs.getLong(1) + " accounts holding " + rs.getLong(2));
          }
        }
        reads.incrementAndGet();
        if (first) {
          first = false;
          reading.countDown();
        }
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      if (first) {
        reading.countDown(); // failed before its first read: the failure is reported, not waited for
      }
    }
  }

  /** Waits (at most 10 s) until {@code counter} grew by {@code more}; false if it did not. */
  private static boolean awaitMore(AtomicInteger counter, int more, AtomicReference<Throwable> failure) {
    int target = counter.get() + more;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (counter.get() < target && failure.get() == null && System.nanoTime() < end) {
      LockSupport.parkNanos(1_000_000);
    }
    return counter.get() >= target;
  }
}
