package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ALTER TABLE through secure-jdbc behaves as in plain H2: same outcomes, same errors, same contents after. */
class AlterTableTest {

  private static String run(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      if (s.execute(sql)) {
        return TestDb.rows(s.getResultSet()).toString();
      }
      return "ok " + s.getUpdateCount();
    } catch (SQLException e) {
      // H2 uses its own 90xxx codes where standard states exist (we give 23502, 23505): compare the outcome.
      return "error";
    }
  }

  @Test
  void alterSequence_matchesPlainH2() throws Exception {
    List<String> script = List.of(
        "CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(20), N INTEGER)",
        "INSERT INTO T VALUES (1, 'a', 10), (2, 'b', NULL), (3, 'c', 30)",
        "ALTER TABLE T ADD COLUMN FLAG BOOLEAN DEFAULT TRUE",
        "ALTER TABLE T ADD COLUMN CREATED DATE DEFAULT DATE '2024-01-01' NOT NULL",
        "ALTER TABLE T ADD COLUMN NOTE VARCHAR(10)",
        "SELECT ID, FLAG, CREATED, NOTE FROM T WHERE FLAG = TRUE ORDER BY ID",
        "SELECT ID FROM T WHERE NOTE IS NULL ORDER BY ID",
        "SELECT ID FROM T WHERE CREATED = DATE '2024-01-01' ORDER BY ID",
        "ALTER TABLE T ADD COLUMN NAME INTEGER",
        "ALTER TABLE T ADD COLUMN IF NOT EXISTS NAME INTEGER",
        "ALTER TABLE T ADD COLUMN MUST INTEGER NOT NULL",
        "INSERT INTO T (ID, NAME, N) VALUES (4, 'd', 40)",
        "SELECT * FROM T ORDER BY ID",
        "ALTER TABLE T DROP COLUMN NOTE",
        "ALTER TABLE T DROP COLUMN ID",
        "SELECT * FROM T ORDER BY ID",
        "ALTER TABLE T RENAME COLUMN NAME TO LABEL",
        "SELECT LABEL FROM T WHERE LABEL = 'c'",
        "SELECT NAME FROM T",
        "ALTER TABLE T ALTER COLUMN N SET NOT NULL",
        "UPDATE T SET N = 20 WHERE N IS NULL",
        "ALTER TABLE T ALTER COLUMN N SET NOT NULL",
        "INSERT INTO T (ID, LABEL) VALUES (5, 'e')",
        "ALTER TABLE T ALTER COLUMN N SET DEFAULT 7",
        "INSERT INTO T (ID, LABEL) VALUES (5, 'e')",
        "SELECT ID, N FROM T WHERE N = 7",
        "ALTER TABLE T ADD CONSTRAINT UQ UNIQUE (N)",
        "UPDATE T SET N = ID * 100",
        "ALTER TABLE T ADD CONSTRAINT UQ UNIQUE (N)",
        "INSERT INTO T (ID, LABEL, N) VALUES (6, 'f', 100)",
        "ALTER TABLE T RENAME TO T2",
        "SELECT COUNT(*) FROM T",
        "SELECT ID, LABEL, N, FLAG, CREATED FROM T2 ORDER BY ID",
        "ALTER TABLE T2 ALTER COLUMN N DROP NOT NULL",
        "INSERT INTO T2 (ID, LABEL, N) VALUES (7, 'g', NULL)",
        "SELECT ID FROM T2 WHERE N IS NULL");
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      List<String> got = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (String sql : script) {
        got.add(sql + " -> " + run(secure, sql));
        expected.add(sql + " -> " + run(plain, sql));
      }
      assertThat(got).isEqualTo(expected);
    }
  }
}
