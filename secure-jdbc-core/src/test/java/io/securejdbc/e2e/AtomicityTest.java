package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing statement leaves nothing behind: no row, no index entry, on any backend. */
class AtomicityTest {

  private static long backendRows(String name) throws SQLException {
    long total = 0;
    for (String b : List.of("data", "index0", "index1")) {
      try (Connection c = TestDb.backend(name, b)) {
        for (String t : TestDb.tables(c)) {
          if (!t.equals("SJ_META")) {
            total += (Long) TestDb.rows(c, "SELECT COUNT(*) FROM " + t).get(0).get(0);
          }
        }
      }
    }
    return total;
  }

  @Test
  void failingMultiRowInsert_leavesNoRowAndNoIndexEntry() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(5) NOT NULL)");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'toolong')"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, NULL)"))
          .isInstanceOf(SQLException.class);
      assertThat(backendRows(name)).isZero();
      s.executeUpdate("INSERT INTO T VALUES (1, 'a')");
      long afterOne = backendRows(name);
      assertThat(afterOne).isEqualTo(3);
      // A duplicate key in a multi-row insert: the backend refuses it, and the good rows go too.
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T VALUES (5, 'e'), (1, 'dup')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
      assertThat(backendRows(name)).isEqualTo(afterOne);
      assertThat(TestDb.rows(c, "SELECT * FROM T")).isEqualTo(List.of(List.of(1, "a")));
    }
  }
}
