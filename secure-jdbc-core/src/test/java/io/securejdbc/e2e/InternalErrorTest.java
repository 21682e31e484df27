package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.backend.ConnectionInterceptor;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.BatchHooks;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An unchecked exception inside the driver (a bug, or a backend driver misbehaving) reaches the application as an
 * SQLException with SQLState XX000 that quotes neither the exception's message (it may hold a value) nor a stack
 * trace, and the statement is undone like any failed statement.
 */
class InternalErrorTest {

  private static final String SECRET = "4242-plaintext-value";

  @AfterEach
  void uninstall() {
    ConnectionInterceptor.uninstall();
  }

  @Test
  void uncheckedExceptionBecomesXx000_withoutItsMessage_andTheWriteIsUndone() throws Exception {
    AtomicBoolean armed = new AtomicBoolean();
    ConnectionInterceptor.install(real -> BatchHooks.wrap(real, sql -> true, () -> {
      if (armed.get()) {
        throw new IllegalStateException("bug while writing " + SECRET);
      }
    }));
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(30))");
      s.execute("INSERT INTO T VALUES (1, 'one')");
      c.setAutoCommit(false);
      s.execute("INSERT INTO T VALUES (2, 'two')");
      armed.set(true);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
        for (int i = 10; i < 13; i++) {
          ps.setInt(1, i);
          ps.setString(2, SECRET);
          ps.addBatch();
        }
        assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class)
            .satisfies(e -> {
              SQLException sql = (SQLException) e;
              assertThat(sql.getSQLState()).isEqualTo("XX000");
              assertThat(sql.getMessage()).contains("IllegalStateException").doesNotContain(SECRET);
              for (Throwable t = sql; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).as("message in the cause chain").doesNotContain(SECRET);
              }
            });
      }
      armed.set(false);
      c.commit();
      c.setAutoCommit(true);
      assertThat(TestDb.rows(c, "SELECT ID, V FROM T ORDER BY ID"))
          .isEqualTo(List.of(List.of(1, "one"), List.of(2, "two")));
    }
  }

  /**
   * The same failure after the commit point (removing an obsolete index entry, inline mode) must not turn a
   * committed transaction into a reported failure: the commit returns, the entry stays stale until repair.
   */
  @Test
  void uncheckedExceptionAfterTheCommitPoint_leavesTheCommitSuccessful() throws Exception {
    AtomicBoolean armed = new AtomicBoolean();
    ConnectionInterceptor.install(real -> BatchHooks.wrap(real, sql -> sql.startsWith("DELETE"), () -> {
      if (armed.get()) {
        throw new IllegalStateException("bug while removing " + SECRET);
      }
    }));
    Properties props = new Properties();
    props.setProperty("indexCleanup", "inline");
    try (Connection c = TestDb.open(TestDb.uniqueName(), props); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V INTEGER)");
      s.execute("CREATE INDEX T_V ON T (V)");
      s.execute("INSERT INTO T VALUES (1, 10), (2, 20)");
      c.setAutoCommit(false);
      s.execute("UPDATE T SET V = 30 WHERE ID = 1");
      armed.set(true);
      c.commit();
      armed.set(false);
      c.setAutoCommit(true);
      assertThat(TestDb.rows(c, "SELECT ID FROM T WHERE V = 10")).isEmpty();
      assertThat(TestDb.rows(c, "SELECT ID FROM T WHERE V = 30")).isEqualTo(List.of(List.of(1)));
      assertThat(SecureAdmin.of(c).verify()).as("the stale entry is reported").anyMatch(r -> !r.clean());
      SecureAdmin.of(c).repair();
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
    }
  }
}
