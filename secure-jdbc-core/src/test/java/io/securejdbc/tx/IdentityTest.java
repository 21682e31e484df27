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
import org.junit.jupiter.api.Test;

/**
 * Identity columns and generated keys as H2 gives them: single and multi-row inserts, batches, keys by default,
 * by name and by index, keys after UPDATE and MERGE, DEFAULT values. (Values drawn by statements that fail can
 * differ: a duplicate found by the data backend is detected after the engine drew every row's value.)
 */
class IdentityTest {

  @Test
  void generatedKeys_matchPlainH2() throws Exception {
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      assertThat(run(secure)).isEqualTo(run(plain));
    }
  }

  private static List<String> run(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID BIGINT AUTO_INCREMENT PRIMARY KEY, CODE VARCHAR(10) DEFAULT 'none',"
          + " N INTEGER DEFAULT 7)");
      s.execute("CREATE TABLE U (ID INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10),"
          + " V VARCHAR(5))");
      out.add("single " + s.executeUpdate("INSERT INTO T (CODE) VALUES ('a')", Statement.RETURN_GENERATED_KEYS)
          + TestDb.rows(s.getGeneratedKeys()));
      out.add("multi " + s.executeUpdate("INSERT INTO T (CODE) VALUES ('b'), ('c'), (DEFAULT)",
          Statement.RETURN_GENERATED_KEYS) + TestDb.rows(s.getGeneratedKeys()));
      out.add("byName " + s.executeUpdate("INSERT INTO T (CODE) VALUES ('d')", new String[] {"ID", "N"})
          + TestDb.rows(s.getGeneratedKeys()));
      out.add("byIndex " + s.executeUpdate("INSERT INTO T (CODE) VALUES ('e')", new int[] {1, 2})
          + TestDb.rows(s.getGeneratedKeys()));
      out.add("update " + s.executeUpdate("UPDATE T SET N = N + 1 WHERE CODE IN ('a', 'b')",
          Statement.RETURN_GENERATED_KEYS) + TestDb.rows(s.getGeneratedKeys()));
      out.add("merge " + s.executeUpdate("MERGE INTO T (ID, CODE) KEY (ID) VALUES (2, 'bb'), (50, 'zz')",
          Statement.RETURN_GENERATED_KEYS) + TestDb.rows(s.getGeneratedKeys()));
      out.add("always " + s.executeUpdate("INSERT INTO U (V) VALUES ('x'), ('y')", Statement.RETURN_GENERATED_KEYS)
          + TestDb.rows(s.getGeneratedKeys()));
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (CODE) VALUES (?)",
        Statement.RETURN_GENERATED_KEYS)) {
      for (String code : List.of("p", "q", "r")) {
        ps.setString(1, code);
        ps.addBatch();
      }
      out.add("batch " + Arrays.toString(ps.executeBatch()));
      ps.setString(1, "s");
      out.add("prepared " + ps.executeUpdate() + TestDb.rows(ps.getGeneratedKeys()));
    }
    out.add("rows " + TestDb.rows(c, "SELECT * FROM T ORDER BY ID") + TestDb.rows(c, "SELECT * FROM U ORDER BY ID"));
    return out;
  }
}
