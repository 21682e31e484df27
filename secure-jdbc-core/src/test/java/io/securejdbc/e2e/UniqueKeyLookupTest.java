package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Equality on a single-column unique key is answered by the key's uniqueness tag on the data backend, without the
 * keyword index. Random interleavings of inserts, key changes, deletes, rollbacks and lookups (with parameters of
 * the exact class, of another class, and NULL) give plain H2's answers, and the tag path is shown to be taken.
 */
class UniqueKeyLookupTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void lookupsByUniqueKey_matchPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      List<Connection> both = List.of(secure, plain);
      for (Connection c : both) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE U (ID INTEGER PRIMARY KEY, EMAIL VARCHAR(20) UNIQUE, N INTEGER)");
        }
      }
      SecureConnection sc = secure.unwrap(SecureConnection.class);
      long before = sc.uniqueKeyLookups();
      boolean tx = false;
      for (int step = 0; step < 150; step++) {
        if (r.nextInt(15) == 0) {
          tx = !tx;
          for (Connection c : both) {
            if (!tx) {
              c.rollback();
            }
            c.setAutoCommit(!tx);
          }
        }
        int id = r.nextInt(20);
        String email = "e" + r.nextInt(20);
        String sql;
        Object[] params;
        switch (r.nextInt(6)) {
          case 0 -> {
            sql = "INSERT INTO U VALUES (?, ?, ?)";
            params = new Object[] {id, email, r.nextInt(5)};
          }
          case 1 -> {
            sql = "UPDATE U SET EMAIL = ? WHERE ID = ?";
            params = new Object[] {email, id};
          }
          case 2 -> {
            sql = "UPDATE U SET N = ? WHERE EMAIL = ?";
            params = new Object[] {r.nextInt(5), email};
          }
          case 3 -> {
            sql = "DELETE FROM U WHERE ID = ?";
            params = new Object[] {id};
          }
          default -> {
            sql = null;
            params = null;
          }
        }
        if (sql != null) {
          String[] out = new String[2];
          for (int i = 0; i < 2; i++) {
            out[i] = update(both.get(i), sql, params);
          }
          assertThat(out[0]).as("seed %d step %d %s", seed, step, sql).isEqualTo(out[1]);
        }
        Object key = switch (r.nextInt(5)) {
          case 0 -> (long) id; // another class: the index path
          case 1 -> null;
          default -> id;
        };
        String[] lookups = {"SELECT ID, EMAIL, N FROM U WHERE ID = ?", "SELECT * FROM U WHERE EMAIL = ?"};
        Object[] values = {key, r.nextBoolean() ? email : null};
        for (int q = 0; q < 2; q++) {
          assertThat(query(secure, lookups[q], values[q])).as("seed %d step %d %s %s", seed, step, lookups[q],
              values[q]).isEqualTo(query(plain, lookups[q], values[q]));
        }
      }
      int dataShards = sc.database().store().backends(io.securejdbc.backend.BackendRole.DATA).size();
      if (dataShards == 1) {
        assertThat(sc.uniqueKeyLookups() - before).as("lookups answered by the tag").isGreaterThan(100);
      } else {
        // Rows of a sharded table are found through the index (the tag path serves one data backend).
        assertThat(sc.uniqueKeyLookups() - before).as("lookups answered by the tag").isZero();
      }
    }
  }

  private static String update(Connection c, String sql, Object[] params) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return "count " + ps.executeUpdate();
    } catch (SQLException e) {
      return "error " + e.getSQLState();
    }
  }

  private static List<List<Object>> query(Connection c, String sql, Object value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, value);
      return TestDb.rows(ps.executeQuery());
    }
  }
}
