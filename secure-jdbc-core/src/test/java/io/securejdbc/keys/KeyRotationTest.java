package io.securejdbc.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.store.DataKeyRotation;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Both kinds of rotation while the application works: no failed query, every row readable afterwards. */
class KeyRotationTest {

  private static void createAccounts(Connection c, int rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, OWNER VARCHAR(40), BRANCH VARCHAR(10),"
          + " BALANCE INTEGER)");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ACCOUNT VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        ps.setInt(1, i);
        ps.setString(2, "owner" + i);
        ps.setString(3, "b" + (i % 10));
        ps.setInt(4, 100);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Generation of every stored row, read from the data backend's ciphertext headers (as an insider could). */
  private static List<Integer> rowGenerations(String name) throws SQLException {
    List<Integer> gens = new ArrayList<>();
    try (Connection secure = TestDb.open(name)) {
      for (Connection data : TestDb.dataBackends(secure)) {
        try (data) {
          for (String t : TestDb.tables(data)) {
            if (!t.toUpperCase(java.util.Locale.ROOT).startsWith("SJ_D_")) {
              continue;
            }
            try (Statement s = data.createStatement(); ResultSet rs = s.executeQuery("SELECT ct FROM " + t)) {
              while (rs.next()) {
                gens.add((int) rs.getBytes(1)[1]);
              }
            }
          }
        }
      }
    }
    return gens;
  }

  @Test
  void masterKeyRotation_rewrapsKeys_andDataStaysReadable() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name)) {
      createAccounts(c, 50);
      SecureConnection sc = c.unwrap(SecureConnection.class);
      String before = sc.database().store().currentMasterAlias();
      String after = SecureAdmin.of(c).rotateMasterKey();
      assertThat(after).isNotEqualTo(before);
      assertThat(sc.database().store().token().findMasterKey(before)).isEmpty();
      assertThat(sc.database().store().token().findMasterKey(after)).isPresent();
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b3'")).isEqualTo(List.of(List.of(5L)));
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE LATER (ID INTEGER)");
        s.executeUpdate("INSERT INTO LATER VALUES (1)");
      }
      assertThat(TestDb.rows(c, "SELECT * FROM LATER")).hasSize(1);
      assertThat(SecureAdmin.of(c).rotateMasterKey()).isNotEqualTo(after);
      assertThat(TestDb.rows(c, "SELECT SUM(BALANCE) FROM ACCOUNT")).isEqualTo(List.of(List.of(5000L)));
    }
  }

  /**
   * A reader and a writer run while the rotation re-encrypts 1500 rows in steps of 500. The rotation begins only
   * after both completed a query, and its first progress report (after one step, with rows left: the writer
   * rewrites at most 750 rows, so at least 250 are still old) waits until they completed two more, so queries run
   * while two key generations are live whatever the scheduling.
   */
  @Test
  void dataKeyRotation_underConcurrentReadsAndWrites_noFailedQuery_everyRowReadable() throws Exception {
    String name = TestDb.uniqueName();
    int rows = 1500;
    try (Connection admin = TestDb.open(name)) {
      createAccounts(admin, rows);
      assertThat(rowGenerations(name)).containsOnly(1);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger queries = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      CountDownLatch working = new CountDownLatch(2);
      Map<Integer, Integer> written = new ConcurrentHashMap<>();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int worker = w;
        workers.add(new Thread(() -> {
          boolean started = false;
          try (Connection c = TestDb.open(name)) {
            for (int i = 0; !stop.get(); i++) {
              if (worker == 0) {
                readRow(c, (i * 31) % rows, rows);
              } else {
                int id = (7919 + i * 31) % (rows / 2);
                writeBalance(c, id, 1000 + i, retries);
                written.put(id, 1000 + i);
              }
              queries.incrementAndGet();
              if (!started) {
                started = true;
                working.countDown();
              }
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            if (!started) {
              working.countDown(); // failed before its first query: the failure is reported, not waited for
            }
          }
        }));
      }
      workers.forEach(Thread::start);
      assertThat(working.await(60, TimeUnit.SECONDS)).as("both workers completed a query").isTrue();
      List<DataKeyRotation.Progress> reports = new ArrayList<>();
      AtomicBoolean overlapped = new AtomicBoolean();
      CompletableFuture<DataKeyRotation.Progress> done =
          SecureAdmin.of(admin).rotateDataKeyInBackground("account", p -> {
            if (reports.isEmpty() && !p.complete()) {
              overlapped.set(awaitMore(queries, 2, failure));
            }
            reports.add(p);
          });
      DataKeyRotation.Progress last = done.get(120, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : workers) {
        t.join(30_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(overlapped).as("two queries completed between the rotation's first and second step").isTrue();
      assertThat(queries.get()).as("queries (the writer retried %d times on 40001)", retries.get())
          .isGreaterThanOrEqualTo(4);
      assertThat(last.complete()).isTrue();
      assertThat(reports).isNotEmpty();
      assertThat(reports.stream().mapToLong(DataKeyRotation.Progress::rowsReencrypted).sum()).isPositive();
      assertThat(rowGenerations(name)).hasSize(rows).containsOnly(2);
      for (Map.Entry<Integer, Integer> e : written.entrySet()) {
        assertThat(TestDb.rows(admin, "SELECT BALANCE FROM ACCOUNT WHERE ID = " + e.getKey()))
            .isEqualTo(List.of(List.of(e.getValue())));
      }
      assertThat(TestDb.rows(admin, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b7'"))
          .isEqualTo(List.of(List.of((long) rows / 10)));
      assertThat(TestDb.rows(admin, "SELECT COUNT(*) FROM ACCOUNT")).isEqualTo(List.of(List.of((long) rows)));
    }
  }

  /** Reads row {@code id} by key and counts the rows of its branch; both must be right during the rotation. */
  private static void readRow(Connection c, int id, int rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT OWNER, BRANCH FROM ACCOUNT WHERE ID = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getString(1).equals("owner" + id)) {
          throw new AssertionError("row " + id + " missing or wrong during rotation");
        }
      }
    }
    int count = TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b" + (id % 10) + "'")
        .get(0).get(0) instanceof Long l ? l.intValue() : -1;
    if (count != rows / 10) {
      throw new AssertionError("branch count " + count + " during rotation");
    }
  }

  /**
   * Sets row {@code id}'s balance. On server layouts a lock wait ends after 1 s with 40001 (the driver's state for
   * every backend deadlock or lock timeout), which a rotation step holding the row's lock can cause: the statement
   * was rolled back, so it is run again, a bounded number of times. Any other failure fails the test.
   */
  private static void writeBalance(Connection c, int id, int balance, AtomicInteger retries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE ACCOUNT SET BALANCE = ? WHERE ID = ?")) {
      ps.setInt(1, balance);
      ps.setInt(2, id);
      for (int attempt = 1; ; attempt++) {
        try {
          assertThat(ps.executeUpdate()).isEqualTo(1);
          return;
        } catch (SQLException e) {
          if (!"40001".equals(e.getSQLState()) || attempt == 20) {
            throw e;
          }
          retries.incrementAndGet();
        }
      }
    }
  }

  /** Waits (at most 10 s) until {@code counter} grew by {@code more}; false if it did not. */
  private static boolean awaitMore(AtomicInteger counter, int more, AtomicReference<Throwable> failure) {
    int target = counter.get() + more;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (counter.get() < target && failure.get() == null && System.nanoTime() < end) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    return counter.get() >= target;
  }

  @Test
  void interruptedReencryption_resumes_andCompletes() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name)) {
      createAccounts(c, 400);
      SecureAdmin admin = SecureAdmin.of(c);
      assertThat(admin.beginDataKeyRotation("ACCOUNT")).isEqualTo(2);
      DataKeyRotation.Progress partial = admin.continueDataKeyRotation("ACCOUNT", 150);
      assertThat(partial.complete()).isFalse();
      assertThat(partial.rowsRemaining()).isEqualTo(250);
      // The process "crashes" here: nothing but the stored rows and the catalog remember the rotation.
      assertThat(rowGenerations(name)).containsOnly(1, 2);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b1'")).isEqualTo(List.of(List.of(40L)));
      try (Connection other = TestDb.open(name)) {
        List<DataKeyRotation.Progress> resumed = SecureAdmin.of(other).resumeRotations(p -> { });
        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0).complete()).isTrue();
      }
      assertThat(rowGenerations(name)).hasSize(400).containsOnly(2);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b1' AND OWNER LIKE 'owner%'"))
          .isEqualTo(List.of(List.of(40L)));
    }
  }
}
