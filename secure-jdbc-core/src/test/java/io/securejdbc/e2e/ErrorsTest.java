package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear SQLException with the right SQLState, and no plaintext in the message. */
class ErrorsTest {

  private static SQLException failure(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected a failure for: " + sql);
  }

  @Test
  void syntaxErrors_give42000_withThePosition() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName())) {
      SQLException e = failure(c, "SELEC * FROM T");
      assertThat(e.getSQLState()).isEqualTo("42000");
      assertThat(e.getMessage()).contains("position");
      SQLException ddl = failure(c, "CREATE TABLE T (ID INTEGER PRIMARYX KEY)");
      assertThat(ddl.getSQLState()).isEqualTo("42000");
      assertThat(ddl.getMessage()).contains("position");
    }
  }

  @Test
  void unknownTablesAndColumns_give42S02And42S22() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName())) {
      assertThat(failure(c, "SELECT * FROM NOPE").getSQLState()).isEqualTo("42S02");
      assertThat(failure(c, "INSERT INTO NOPE VALUES (1)").getSQLState()).isEqualTo("42S02");
      assertThat(failure(c, "DROP TABLE NOPE").getSQLState()).isEqualTo("42S02");
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER)");
      }
      assertThat(failure(c, "SELECT NOPE FROM T").getSQLState()).isEqualTo("42S22");
      assertThat(failure(c, "SELECT * FROM T WHERE NOPE = 1").getSQLState()).isEqualTo("42S22");
      assertThat(failure(c, "CREATE TABLE T (ID INTEGER)").getSQLState()).isEqualTo("42S01");
    }
  }

  @Test
  void unsupportedConstructs_give0A000_namingThem() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName())) {
      SQLException fk = failure(c, "CREATE TABLE A (ID INTEGER, B INTEGER REFERENCES X(ID) ON UPDATE CASCADE)");
      assertThat((Throwable) fk).isInstanceOf(SQLFeatureNotSupportedException.class);
      assertThat(fk.getSQLState()).isEqualTo("0A000");
      assertThat(fk.getMessage()).containsIgnoringCase("referential action ON UPDATE CASCADE");
      SQLException cycle = failure(c, "CREATE SEQUENCE S CYCLE");
      assertThat(cycle.getSQLState()).isEqualTo("0A000");
      assertThat(cycle.getMessage()).containsIgnoringCase("cycling sequences");
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID BIGINT PRIMARY KEY, NAME VARCHAR(20))");
      }
      // what ORMs send for sequence-generated keys (Hibernate on H2 and PostgreSQL), and the standard forms
      for (String sql : new String[] {"SELECT NEXT VALUE FOR T_SEQ", "select nextval('t_seq')",
          "CALL NEXT VALUE FOR T_SEQ", "INSERT INTO T VALUES (NEXT VALUE FOR T_SEQ, 'x')",
          "SELECT CURRENT VALUE FOR T_SEQ"}) {
        SQLException use = failure(c, sql);
        assertThat(use.getSQLState()).as(sql).isEqualTo("42000");
        assertThat(use.getMessage()).as(sql).contains("\"T_SEQ\"").containsIgnoringCase("not found");
      }
      try (Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("the failed insert wrote nothing").isZero();
      }
    }
  }

  @Test
  void badValues_give22xxx_withoutEchoingTheValue() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName())) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER NOT NULL, NAME VARCHAR(5))");
      }
      SQLException tooLong = failure(c, "INSERT INTO T VALUES (1, 'SecretValue123')");
      assertThat(tooLong.getSQLState()).isEqualTo("22001");
      assertThat(tooLong.getMessage()).doesNotContain("SecretValue123");
      SQLException conversion = failure(c, "INSERT INTO T VALUES ('NotANumber42', 'x')");
      assertThat(conversion.getSQLState()).startsWith("22");
      assertThat(conversion.getMessage()).doesNotContain("NotANumber42");
      assertThat(failure(c, "INSERT INTO T VALUES (NULL, 'x')").getSQLState()).isEqualTo("23502");
    }
  }

  @Test
  void closedObjects_refuseWork() throws Exception {
    Connection c = TestDb.open(TestDb.uniqueName());
    Statement s = c.createStatement();
    c.close();
    assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> c.createStatement()).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    assertThat(c.isClosed()).isTrue();
  }
}
