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
      Map<Integer, Integer> written = new ConcurrentHashMap<>();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int worker = w;
        workers.add(new Thread(() -> {
          try (Connection c = TestDb.open(name)) {
            int i = 0;
            while (!stop.get()) {
              int id = (worker * 7919 + i * 31) % rows;
              if (worker == 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT OWNER, BRANCH FROM ACCOUNT WHERE ID = ?")) {
                  ps.setInt(1, id);
                  try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).equals("owner" + id)) {
                      throw new AssertionError("row " + id + " missing or wrong during rotation");
                    }
                  }
                }
                int expected = TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BRANCH = 'b" + (id % 10) + "'")
                    .get(0).get(0) instanceof Long l ? l.intValue() : -1;
                if (expected != rows / 10) {
                  throw new AssertionError("branch count " + expected + " during rotation");
                }
              } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ACCOUNT SET BALANCE = ? WHERE ID = ?")) {
                  ps.setInt(1, 1000 + i);
                  ps.setInt(2, id);
                  assertThat(ps.executeUpdate()).isEqualTo(1);
                  written.put(id, 1000 + i);
                }
              }
              queries.incrementAndGet();
              i++;
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }));
      }
      workers.forEach(Thread::start);
      List<DataKeyRotation.Progress> reports = new ArrayList<>();
      CompletableFuture<DataKeyRotation.Progress> done =
          SecureAdmin.of(admin).rotateDataKeyInBackground("account", reports::add);
      DataKeyRotation.Progress last = done.get(120, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : workers) {
        t.join(30_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(queries.get()).isPositive();
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
