package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An update by primary key rewrites the whole encrypted row from the row it read, so two connections that update
 * different columns of the same row must not overwrite each other's change (a lost update): the read locks the
 * row. Here two writers count up in different columns of the same row; whatever the interleaving, each column
 * ends at its writer's last value, and the index agrees. Reading without the lock fails this test.
 */
class DirectUpdateConcurrencyTest {

  private static int update(Connection c, String sql, Object... params) throws SQLException {
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  /**
   * {@link #update}, run again when it fails with 40001: on server layouts a lock wait ends after 1 s with that state
   * (the driver's for every backend deadlock or lock timeout), which a stalled holder of the row's lock can cause;
   * the statement was rolled back, so running it again sets the same value. Bounded; any other state fails.
   */
  private static int updateRetrying(AtomicInteger retries, Connection c, String sql, Object... params)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return update(c, sql, params);
      } catch (SQLException e) {
        if (!"40001".equals(e.getSQLState()) || attempt == 10) {
          throw e;
        }
        retries.incrementAndGet();
      }
    }
  }

  @Test
  void twoWritersOfDifferentColumns_loseNothing() throws Exception {
    int rounds = 300;
    AtomicInteger retries = new AtomicInteger();
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name); Connection other = TestDb.open(name)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, A VARCHAR(10), B INTEGER)");
        s.execute("CREATE INDEX T_A ON T (A)");
        s.execute("CREATE INDEX T_B ON T (B)");
        s.execute("INSERT INTO T VALUES (1, 'a0', 0), (9, 'a9', 9)");
      }
      CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
        try {
          for (int k = 1; k <= rounds; k++) {
            assertThat(updateRetrying(retries, other, "UPDATE T SET B = ? WHERE ID = ?", 1000 + k, 1)).isEqualTo(1);
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      for (int k = 1; k <= rounds; k++) {
        assertThat(updateRetrying(retries, c, "UPDATE T SET A = ? WHERE ID = ?", "x" + k, 1)).isEqualTo(1);
      }
      b.orTimeout(120, TimeUnit.SECONDS).join();
      assertThat(TestDb.rows(c, "SELECT ID, A, B FROM T ORDER BY ID")).as("after %d retries", retries.get())
          .isEqualTo(List.of(List.of(1, "x" + rounds, 1000 + rounds), List.of(9, "a9", 9)));
      for (List<Object> row : TestDb.rows(c, "SELECT ID, A, B FROM T")) {
        assertThat(TestDb.rows(c, "SELECT ID FROM T WHERE A = '" + row.get(1) + "'"))
            .isEqualTo(List.of(List.of(row.get(0))));
        assertThat(TestDb.rows(c, "SELECT ID FROM T WHERE B = " + row.get(2)))
            .isEqualTo(List.of(List.of(row.get(0))));
      }
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T WHERE A = 'a0' OR B = 0")).isEqualTo(List.of(List.of(0L)));
    }
  }
}
