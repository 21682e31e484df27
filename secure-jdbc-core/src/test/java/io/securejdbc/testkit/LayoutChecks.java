package io.securejdbc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** The checks every backend layout must pass: a round trip, and the same answers as plain H2 for a small workload. */
public final class LayoutChecks {

  private LayoutChecks() {}

  /** Create, insert, point and range lookups, update, delete. */
  public static void smoke(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(20), N DECIMAL(10, 2))");
      s.executeUpdate("INSERT INTO T VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', 3.25)");
      assertThat(TestDb.rows(c, "SELECT NAME FROM T WHERE ID = 2")).isEqualTo(List.of(List.of("b")));
      assertThat(TestDb.rows(c, "SELECT ID FROM T WHERE N > 2 OR NAME LIKE 'a%' ORDER BY ID"))
          .isEqualTo(List.of(List.of(1), List.of(3)));
      s.executeUpdate("UPDATE T SET NAME = 'z' WHERE ID = 1");
      s.executeUpdate("DELETE FROM T WHERE ID = 3");
      assertThat(TestDb.rows(c, "SELECT ID, NAME FROM T ORDER BY ID"))
          .isEqualTo(List.of(List.of(1, "z"), List.of(2, "b")));
    }
  }

  private static final List<String> WORKLOAD = List.of(
      "CREATE TABLE P (ID INTEGER PRIMARY KEY, NAME VARCHAR(30), CITY VARCHAR(20), AGE INTEGER, BAL DECIMAL(12, 2))",
      "INSERT INTO P VALUES (1, 'Ada', 'London', 36, 10.50), (2, 'Alan', 'Wilmslow', 41, -3.00),"
          + " (3, 'Grace', 'Arlington', 85, 1000.00), (4, 'Édith', 'Paris', 29, 0), (5, 'zoë', 'Zürich', NULL, NULL)",
      "UPDATE P SET BAL = BAL + 1 WHERE AGE BETWEEN 30 AND 90",
      "DELETE FROM P WHERE CITY = 'Paris'",
      "INSERT INTO P VALUES (6, 'Ada', 'Berlin', 36, 7.25)");

  private static final List<String> QUERIES = List.of(
      "SELECT ID FROM P WHERE NAME = 'Ada' ORDER BY ID",
      "SELECT ID FROM P WHERE AGE >= 36 ORDER BY ID",
      "SELECT ID FROM P WHERE BAL < 10 ORDER BY ID",
      "SELECT ID FROM P WHERE NAME LIKE 'A%' ORDER BY ID",
      "SELECT ID FROM P WHERE NAME > 'Z' ORDER BY ID",
      "SELECT CITY, COUNT(*) FROM P GROUP BY CITY ORDER BY CITY",
      "SELECT NAME, BAL FROM P WHERE ID IN (1, 3, 5) ORDER BY ID",
      "SELECT COUNT(*), SUM(BAL) FROM P");

  /** Runs one workload on the secure connection and on a plain H2 database: every query answers alike. */
  public static void differential(Connection secure) throws Exception {
    try (Connection plain = TestDb.plainH2(); Statement s = secure.createStatement();
        Statement p = plain.createStatement()) {
      for (String sql : WORKLOAD) {
        assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(p.executeUpdate(sql));
      }
      for (String sql : QUERIES) {
        assertThat(TestDb.rows(secure, sql)).as(sql).isEqualTo(TestDb.rows(plain, sql));
      }
    }
  }
}
