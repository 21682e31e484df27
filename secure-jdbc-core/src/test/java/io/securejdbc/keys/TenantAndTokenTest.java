package io.securejdbc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenants are separate key hierarchies; a removed token stops the driver. */
class TenantAndTokenTest {

  @Test
  void tenants_onSharedBackends_cannotReadEachOther() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection a = DriverManager.getConnection(TestDb.memUrl(name) + ";tenant=alpha");
        Connection b = DriverManager.getConnection(TestDb.memUrl(name) + ";tenant=beta")) {
      try (Statement s = a.createStatement()) {
        s.execute("CREATE TABLE SECRET (ID INTEGER, V VARCHAR(20))");
        s.executeUpdate("INSERT INTO SECRET VALUES (1, 'alpha-only')");
      }
      assertThatThrownBy(() -> TestDb.rows(b, "SELECT * FROM SECRET")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S02"));
      try (Statement s = b.createStatement()) {
        s.execute("CREATE TABLE SECRET (ID INTEGER, V VARCHAR(20))");
      }
      assertThat(TestDb.rows(b, "SELECT * FROM SECRET")).isEmpty();
      assertThat(TestDb.rows(a, "SELECT V FROM SECRET")).isEqualTo(List.of(List.of("alpha-only")));
      // An insider copies alpha's wrapped catalog key and catalog over beta's: beta's token cannot unwrap them.
      try (Connection data = TestDb.backend(name, "data"); Statement s = data.createStatement()) {
        s.executeUpdate("UPDATE SJ_BETA_META SET MVAL = (SELECT MVAL FROM SJ_ALPHA_META WHERE MKEY = 'catalog.key')"
            + " WHERE MKEY = 'catalog.key'");
      }
      assertThatThrownBy(() -> SecureConnection.class.cast(b.unwrap(SecureConnection.class)).database().store()
          .rotateMasterKey()).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28000", "XX001"));
    }
  }

  @Test
  void removedToken_stopsWork_andWipesKeys() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        s.executeUpdate("INSERT INTO T VALUES (1)");
      }
      c.unwrap(SecureConnection.class).database().store().token().close();
      assertThatThrownBy(() -> TestDb.rows(c, "SELECT * FROM T")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"))
          .hasMessageContaining("token");
      assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO T VALUES (2)"))
          .isInstanceOf(SQLException.class);
      assertThat(c.isValid(1)).isFalse();
    }
  }

  @Test
  void removedToken_withGracePeriod_keepsWorking_untilItExpires() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = DriverManager.getConnection(TestDb.memUrl(name) + ";tokenGracePeriod=1")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY)");
        s.executeUpdate("INSERT INTO T VALUES (1)");
      }
      c.unwrap(SecureConnection.class).database().store().token().close();
      assertThat(TestDb.rows(c, "SELECT * FROM T")).hasSize(1);
      Thread.sleep(1200);
      assertThatThrownBy(() -> TestDb.rows(c, "SELECT * FROM T")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
    }
  }
}
