package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A query reads a table's rows on one data backend as of one moment, however many rows it reads: transfers between
 * rows far apart commit while readers fetch lookups large enough to be fetched in several pieces, and every reader
 * sees each transfer entirely or not at all (the total never changes).
 */
class ReadConsistencyTest {

  private static final int ACCOUNTS = 1500;
  private static final int START = 100;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void largeLookups_seeEachTransferWholly() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection setup = TestDb.open(name); Statement s = setup.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, G INTEGER NOT NULL, BALANCE INTEGER NOT NULL)");
      s.execute("CREATE INDEX ACCOUNT_G ON ACCOUNT (G)");
      s.executeUpdate("INSERT INTO ACCOUNT SELECT X, 1, " + START + " FROM SYSTEM_RANGE(1, " + ACCOUNTS + ")");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger transfers = new AtomicInteger();
      Thread writer = new Thread(() -> {
        Random r = new Random(7);
        try (Connection c = TestDb.open(name);
            PreparedStatement move = c.prepareStatement("UPDATE ACCOUNT SET BALANCE = BALANCE + ? WHERE ID = ?")) {
          c.setAutoCommit(false);
          while (!stop.get()) {
            int from = 1 + r.nextInt(ACCOUNTS);
            int to = 1 + (from + ACCOUNTS / 2) % ACCOUNTS;
            move.setInt(1, -1);
            move.setInt(2, from);
            move.executeUpdate();
            move.setInt(1, 1);
            move.setInt(2, to);
            move.executeUpdate();
            c.commit();
            transfers.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      writer.start();
      int reads = 0;
      int torn = 0;
      try (Connection c = TestDb.open(name);
          PreparedStatement q = c.prepareStatement("SELECT BALANCE FROM ACCOUNT WHERE G = ?")) {
        // At least 3 s and at least 50 transfers: a starved writer makes the test longer, not vacuous. The 100 s
        // limit ends it before the @Timeout, whose interrupt a backend call may swallow; then the count check fails.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while ((System.nanoTime() < end || transfers.get() < 50 && System.nanoTime() < limit)
            && failure.get() == null) {
          q.setInt(1, 1);
          long sum = 0;
          int rows = 0;
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              sum += rs.getInt(1);
              rows++;
            }
          }
          assertThat(rows).isEqualTo(ACCOUNTS);
          if (sum != (long) ACCOUNTS * START) {
            torn++;
          }
          reads++;
        }
      } finally {
        stop.set(true);
        writer.join(30_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(transfers.get()).isGreaterThanOrEqualTo(50);
      assertThat(torn).as("reads (of %d) that saw part of a transfer", reads).isZero();
    }
  }
}
