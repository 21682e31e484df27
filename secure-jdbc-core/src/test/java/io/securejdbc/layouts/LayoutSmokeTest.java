package io.securejdbc.layouts;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import io.securejdbc.testkit.TestLayouts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayoutSmokeTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(TestLayouts.Layout.class)
  void roundTrip_onEveryLayout(TestLayouts.Layout layout) throws Exception {
    try (TestLayouts layouts = new TestLayouts()) {
      String url = layouts.url(layout, dir);
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
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
  }
}
