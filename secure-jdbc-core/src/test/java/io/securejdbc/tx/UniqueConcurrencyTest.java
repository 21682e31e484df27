package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Four connections insert rows and move rows between values of a UNIQUE column at once, drawing from 60 values, so
 * most statements collide with another connection's committed or uncommitted row. Each connection's working engine
 * sees only its own rows: uniqueness must come from the backends. Afterwards no value is held twice, every failure
 * was a duplicate-key error (23505) or, rarely, a deadlock reported as 40001, exactly the rows whose INSERT succeeded
 * are there (a refused move must not lose its row), and the index finds every row under its value.
 *
 * <p>How many of the 60 values end up held depends on the interleaving: when thread 0 runs well ahead, a late move
 * can leave u15 empty with no insert of u15 left to fill it (a model of the four fixed sequences under random
 * schedules ends with 59 rows, always missing u15, in about 1 of 10,000 schedules; CI met one). So the test checks
 * the rows against the successful inserts instead of expecting all 60.
 */
class UniqueConcurrencyTest {

  @Test
  void concurrentInsertsAndUpdates_neverStoreADuplicate() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection keep = TestDb.open(name); Statement s = keep.createStatement()) {
      s.execute("CREATE TABLE T (ID BIGINT PRIMARY KEY, U VARCHAR(10) UNIQUE, N INTEGER)");
      Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
      AtomicInteger succeeded = new AtomicInteger();
      Set<Long> inserted = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> writeRows(name, thread, succeeded, inserted, failures)));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      // Two moves that swap values can deadlock on a backend's unique index; the backend aborts one of them, which
      // the driver reports as 40001 (docs/transactions.md) and rolls back: the row checks below cover it too.
      assertThat(failures.keySet()).as("failure states").contains("23505").isSubsetOf("23505", "40001");
      assertThat(failures.getOrDefault("40001", new AtomicInteger()).get()).as("deadlocks among 600 statements")
          .isLessThanOrEqualTo(10);
      assertThat(succeeded.get()).isGreaterThan(60);
      assertThat(TestDb.rows(keep, "SELECT U, COUNT(*) FROM T GROUP BY U HAVING COUNT(*) > 1")).isEmpty();
      List<List<Object>> values = TestDb.rows(keep, "SELECT U, ID FROM T ORDER BY U");
      assertThat(values.stream().map(row -> (Long) row.get(1))).as("rows whose INSERT succeeded")
          .containsExactlyInAnyOrderElementsOf(inserted);
      assertThat(values).hasSizeLessThanOrEqualTo(60).hasSizeGreaterThan(40);
      try (PreparedStatement byValue = keep.prepareStatement("SELECT ID FROM T WHERE U = ?")) {
        for (List<Object> row : values) {
          byValue.setString(1, (String) row.get(0));
          assertThat(TestDb.rows(byValue.executeQuery())).as("row of %s", row.get(0))
              .isEqualTo(List.of(List.of(row.get(1))));
        }
      }
    }
  }

  private static Void writeRows(String name, int thread, AtomicInteger succeeded, Set<Long> inserted,
      Map<String, AtomicInteger> failures) throws SQLException {
    Random r = new Random(thread);
    try (Connection c = TestDb.open(name);
        PreparedStatement insert = c.prepareStatement("INSERT INTO T VALUES (?, ?, ?)");
        PreparedStatement move = c.prepareStatement("UPDATE T SET U = ? WHERE ID = ?")) {
      for (int i = 0; i < 150; i++) {
        try {
          if (r.nextInt(3) == 0) {
            move.setString(1, "u" + r.nextInt(60));
            move.setLong(2, r.nextInt(4) * 1000 + r.nextInt(150));
            move.executeUpdate();
          } else {
            insert.setLong(1, thread * 1000 + i);
            insert.setString(2, "u" + r.nextInt(60));
            insert.setInt(3, i);
            insert.executeUpdate();
            inserted.add(thread * 1000L + i);
          }
          succeeded.incrementAndGet();
        } catch (SQLException e) {
          failures.computeIfAbsent(e.getSQLState(), k -> new AtomicInteger()).incrementAndGet();
        }
      }
    }
    return null;
  }
}
