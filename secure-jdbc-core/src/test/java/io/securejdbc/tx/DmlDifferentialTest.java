package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random DML sequences (INSERT, INSERT ... SELECT, UPDATE with expressions, DELETE, MERGE, batches, transactions
 * with commits and rollbacks) run through plain H2 and secure-jdbc: the same update counts, the same errors, and the
 * same table contents at every step.
 */
class DmlDifferentialTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 13).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomDml_matchesPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      List<Connection> both = List.of(secure, plain);
      for (Connection c : both) {
        try (Statement s = c.createStatement()) {
          // Explicit keys: identity values drawn by statements that fail may differ from H2's (see IdentityTest).
          s.execute("CREATE TABLE ITEM (ID INTEGER PRIMARY KEY,"
              + " SKU VARCHAR(10) UNIQUE, QTY INTEGER DEFAULT 1 NOT NULL, PRICE DECIMAL(8, 2),"
              + " TAG VARCHAR(10), CHECK (QTY >= 0))");
          s.execute("CREATE TABLE LOG (ID INTEGER, NOTE VARCHAR(20))");
        }
      }
      boolean tx = false;
      for (int step = 0; step < 60; step++) {
        if (r.nextInt(12) == 0) {
          tx = !tx;
          for (Connection c : both) {
            c.setAutoCommit(!tx);
          }
        }
        String sql = randomStatement(r);
        List<String> outcomes = new ArrayList<>();
        int salt = r.nextInt(1000000);
        for (Connection c : both) {
          outcomes.add(execute(c, sql, salt, seed));
        }
        assertThat(outcomes.get(0)).as("seed %d step %d: %s", seed, step, sql).isEqualTo(outcomes.get(1));
        if (tx && r.nextInt(5) == 0) {
          boolean commit = r.nextBoolean();
          for (Connection c : both) {
            if (commit) {
              c.commit();
            } else {
              c.rollback();
            }
          }
        }
        assertThat(TestDb.rows(secure, "SELECT * FROM ITEM ORDER BY ID")).as("seed %d step %d: %s", seed, step, sql)
            .isEqualTo(TestDb.rows(plain, "SELECT * FROM ITEM ORDER BY ID"));
      }
      for (Connection c : both) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
      assertThat(TestDb.rows(secure, "SELECT * FROM LOG ORDER BY ID, NOTE"))
          .isEqualTo(TestDb.rows(plain, "SELECT * FROM LOG ORDER BY ID, NOTE"));
    }
  }

  private static String randomStatement(Random r) {
    String sku = "'s" + r.nextInt(15) + "'";
    int id = r.nextInt(25);
    return switch (r.nextInt(12)) {
      case 0, 1 -> "INSERT INTO ITEM (ID, SKU, QTY, PRICE, TAG) VALUES (" + r.nextInt(40) + ", " + sku + ", "
          + (r.nextInt(12) - 2) + ", " + r.nextInt(1000) / 10.0 + ", "
          + (r.nextBoolean() ? "NULL" : "'t" + r.nextInt(3) + "'") + ")";
      case 2 -> "INSERT INTO ITEM (ID, SKU) VALUES (" + r.nextInt(40) + ", " + sku + "), (" + r.nextInt(40)
          + ", 'x" + r.nextInt(100) + "')";
      case 3 -> "UPDATE ITEM SET QTY = QTY + " + (r.nextInt(5) - 2) + " WHERE ID = " + id;
      case 4 -> "UPDATE ITEM SET PRICE = PRICE * 2, TAG = 'u' WHERE QTY > " + r.nextInt(8);
      case 5 -> "UPDATE ITEM SET SKU = " + sku + " WHERE ID = " + id;
      case 6 -> "DELETE FROM ITEM WHERE ID = " + id + " OR TAG = 't" + r.nextInt(3) + "'";
      case 7 -> "DELETE FROM ITEM WHERE PRICE BETWEEN " + r.nextInt(50) + " AND " + (50 + r.nextInt(50));
      case 8 -> "MERGE INTO ITEM (ID, SKU, QTY) KEY (ID) VALUES (" + id + ", 'm" + r.nextInt(20) + "', 3)";
      case 9 -> "INSERT INTO LOG SELECT ID, 'copy ' || SKU FROM ITEM WHERE QTY > " + r.nextInt(5);
      case 10 -> "UPDATE ITEM SET QTY = (SELECT COUNT(*) FROM LOG) WHERE ID IN (SELECT MAX(ID) FROM ITEM)";
      default -> "BATCH";
    };
  }

  /** Runs one statement; the outcome is its update count, generated keys, or the error class. */
  private static String execute(Connection c, String sql, int salt, long seed) {
    try {
      if (sql.equals("BATCH")) {
        Random r = new Random(salt);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ITEM (ID, SKU, QTY) VALUES (?, ?, ?)")) {
          for (int i = 0; i < 3; i++) {
            ps.setInt(1, r.nextInt(40));
            ps.setString(2, "b" + r.nextInt(30));
            ps.setInt(3, r.nextInt(4));
            ps.addBatch();
          }
          return "batch " + Arrays.toString(ps.executeBatch());
        }
      }
      try (Statement s = c.createStatement()) {
        return "count " + s.executeUpdate(sql);
      }
    } catch (SQLException e) {
      return "error";
    }
  }
}
