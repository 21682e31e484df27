package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.backend.ConnectionInterceptor;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.BatchHooks;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Obsolete index entries removed on the driver's background thread (the default): writers that set rows back and
 * forth between a few values, on several connections at once, so that a row's old value is often written again
 * while the removal of its previous copy is still queued. Every read in between must be right (a queued removal
 * leaves a stale entry, which the re-check drops, never a missing one), and once the queue drained the index must
 * hold exactly one entry per row and indexed column again, with verify finding nothing stale or missing.
 */
class IndexCleanerTest {

  private static final int ROWS_PER_WRITER = 20;
  private static final int WRITERS = 3;
  private static final int UPDATES = 150;

  @ParameterizedTest(name = "seed={0}")
  @ValueSource(longs = {1, 2, 3})
  void writersFlippingValues_keepEveryRowVisible_andLeaveOneCopyEach(long seed) throws Exception {
    String name = TestDb.uniqueName();
    try (Connection admin = TestDb.open(name); Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER, W VARCHAR(10))");
      s.execute("CREATE INDEX T_V ON T (V)");
      s.execute("CREATE INDEX T_W ON T (W)");
      for (int id = 0; id < WRITERS * ROWS_PER_WRITER; id++) {
        s.executeUpdate("INSERT INTO T VALUES (" + id + ", " + (id % 3) + ", 'w" + (id % 2) + "')");
      }
      long entriesBefore = entries(SecureAdmin.of(admin).verify());
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          runs.add(pool.submit(() -> {
            flip(name, writer, new Random(seed * 31 + writer));
            return null;
          }));
        }
        for (Future<?> f : runs) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      List<StoreCheck.Report> reports = SecureAdmin.of(admin).verify();
      assertThat(reports).as("seed %d", seed).allMatch(StoreCheck.Report::clean);
      assertThat(entries(reports)).as("seed %d: one entry per row and indexed column", seed)
          .isEqualTo(entriesBefore);
    }
  }

  /** One writer's rows, set back and forth between three values; each change is read back at once. */
  private static void flip(String name, int writer, Random random) throws SQLException {
    try (Connection c = TestDb.open(name);
        PreparedStatement update = c.prepareStatement("UPDATE T SET V = ?, W = ? WHERE ID = ?");
        PreparedStatement byV = c.prepareStatement("SELECT ID, V FROM T WHERE V = ? AND ID >= ? AND ID < ?");
        PreparedStatement byW = c.prepareStatement("SELECT ID FROM T WHERE W = ? AND ID = ?")) {
      int first = writer * ROWS_PER_WRITER;
      int[] current = new int[ROWS_PER_WRITER];
      for (int i = 0; i < ROWS_PER_WRITER; i++) {
        current[i] = (first + i) % 3;
      }
      for (int n = 0; n < UPDATES; n++) {
        int i = random.nextInt(ROWS_PER_WRITER);
        int v = random.nextInt(3);
        current[i] = v;
        update.setInt(1, v);
        update.setString(2, "w" + (v % 2));
        update.setInt(3, first + i);
        assertThat(update.executeUpdate()).isEqualTo(1);
        byV.setInt(1, v);
        byV.setInt(2, first);
        byV.setInt(3, first + ROWS_PER_WRITER);
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < ROWS_PER_WRITER; k++) {
          if (current[k] == v) {
            expected.add(first + k);
          }
        }
        assertThat(ids(byV)).as("rows of writer %d with V = %d after update %d", writer, v, n)
            .containsExactlyInAnyOrderElementsOf(expected);
        byW.setString(1, "w" + (v % 2));
        byW.setInt(2, first + i);
        assertThat(ids(byW)).containsExactly(first + i);
      }
    }
  }

  @Test
  void verifyAndRepair_waitForQueuedRemovals_soNothingLooksStale() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER)");
      s.execute("CREATE INDEX T_V ON T (V)");
      s.executeUpdate("INSERT INTO T SELECT X, X FROM SYSTEM_RANGE(1, 300)");
      for (int round = 0; round < 3; round++) {
        s.executeUpdate("UPDATE T SET V = V + 1000");
        // No explicit wait: verify must drain the queue itself, or it would count queued entries as stale.
        List<StoreCheck.Report> reports = SecureAdmin.of(c).verify();
        assertThat(reports).allMatch(StoreCheck.Report::clean);
      }
      s.executeUpdate("UPDATE T SET V = V - 1");
      assertThat(SecureAdmin.of(c).repair()).allMatch(r -> r.staleEntries() == 0 && r.missingEntries() == 0);
    }
  }

  /**
   * Single-row auto-committed updates queue one removal each, and the cleaner runs what is queued in batches of up
   * to 512 per index transaction (committing once per update took a core from the writers). The cleaner's first
   * batch is held until all 800 updates ran, so the other removals are all queued when it goes on: the count no
   * longer depends on how fast this machine writes compared with the cleaner's 2 ms wait for more. One held batch
   * (at most 512 removals) and the rest in one or two batches: 2 or 3 transactions; one per update without batching.
   */
  @Test
  void singleRowUpdates_shareCleanerTransactions_andLeaveTheIndexClean() throws Exception {
    int updates = 800;
    CountDownLatch updated = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    ConnectionInterceptor.install(real -> BatchHooks.wrap(real, sql -> true, () -> holdCleaner(updated, held)));
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER)");
      s.execute("CREATE INDEX T_V ON T (V)");
      s.executeUpdate("INSERT INTO T SELECT X, X FROM SYSTEM_RANGE(1, 50)");
      SecureAdmin.of(c).awaitIndexCleanup();
      io.securejdbc.store.SecureStore store =
          c.unwrap(io.securejdbc.jdbc.SecureConnection.class).database().store();
      long before = store.indexCleanupTransactions();
      try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE T SET V = V + 100 WHERE ID = ?")) {
        for (int i = 0; i < updates; i++) {
          ps.setInt(1, 1 + i % 50);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      } finally {
        updated.countDown();
      }
      SecureAdmin.of(c).awaitIndexCleanup();
      long transactions = store.indexCleanupTransactions() - before;
      assertThat(held.get()).as("cleaner batches held until the updates ran").isPositive();
      assertThat(transactions).as("cleaner transactions for %d single-row updates", updates).isBetween(2L, 3L);
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T WHERE V > 400")).isEqualTo(List.of(List.of(50L)));
    } finally {
      ConnectionInterceptor.uninstall();
    }
  }

  /**
   * On the cleaner thread, waits until {@code updated} opens: before the batch's deletes run, so the held index
   * transaction has locked nothing a writer needs. Bounded, so that a writer blocked on it fails the test, not hangs.
   */
  private static void holdCleaner(CountDownLatch updated, AtomicInteger held) throws SQLException {
    if (Thread.currentThread().getName().equals("secure-jdbc-index-cleaner") && updated.getCount() > 0) {
      held.incrementAndGet();
      try {
        if (!updated.await(60, TimeUnit.SECONDS)) {
          throw new SQLException("held cleaner batch: the updates did not finish within 60 s", "08006");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while held", "08006");
      }
    }
  }

  /** A removal that fails on the cleaner thread is dropped: its entry stays stale (answers stay right) until repair. */
  @Test
  void failedBackgroundRemoval_leavesOnlyStaleEntries_whichRepairRemoves() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    // Batches fail when the driver's cleaner thread runs them.
    ConnectionInterceptor.install(real -> BatchHooks.wrap(real, sql -> true, () -> {
      if (Thread.currentThread().getName().equals("secure-jdbc-index-cleaner")) {
        failures.incrementAndGet();
        throw new SQLException("injected failure", "08006");
      }
    }));
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER)");
      s.execute("CREATE INDEX T_V ON T (V)");
      s.executeUpdate("INSERT INTO T SELECT X, MOD(X, 5) FROM SYSTEM_RANGE(1, 50)");
      s.executeUpdate("UPDATE T SET V = V + 10 WHERE ID <= 20");
      SecureAdmin.of(c).awaitIndexCleanup();
      assertThat(failures.get()).as("removals failed on the cleaner thread").isPositive();
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T WHERE V < 5")).isEqualTo(List.of(List.of(30L)));
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T WHERE V >= 10")).isEqualTo(List.of(List.of(20L)));
      List<StoreCheck.Report> reports = SecureAdmin.of(c).verify();
      assertThat(reports).allMatch(r -> r.corruptEntries() == 0 && r.missingEntries() == 0 && r.corruptRows() == 0);
      assertThat(reports.stream().mapToLong(StoreCheck.Report::staleEntries).sum()).isEqualTo(20);
      ConnectionInterceptor.uninstall();
      SecureAdmin.of(c).repair();
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T WHERE V < 5")).isEqualTo(List.of(List.of(30L)));
    } finally {
      ConnectionInterceptor.uninstall();
    }
  }

  @Test
  void unknownCleanupMode_isRefusedWithTheChoices() {
    Properties props = new Properties();
    props.setProperty("indexCleanup", "sometimes");
    assertThatThrownBy(() -> TestDb.open(TestDb.uniqueName(), props).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("indexCleanup must be one of background, inline")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
  }

  private static long entries(List<StoreCheck.Report> reports) {
    return reports.stream().mapToLong(StoreCheck.Report::entries).sum();
  }

  private static List<Integer> ids(PreparedStatement ps) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }
}
