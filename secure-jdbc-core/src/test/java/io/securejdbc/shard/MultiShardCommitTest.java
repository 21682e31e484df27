package io.securejdbc.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.backend.ConnectionInterceptor;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.TestDb;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction writing rows on several data shards is atomic: its commit point is the primary data backend's
 * commit, which carries a redo record of the other shards' writes; a shard whose commit is lost afterwards gets its
 * writes re-applied, at once or at the next open.
 */
class MultiShardCommitTest {

  /** Fails operations on connections to one backend (matched by its H2 database name) while armed. */
  private static final class ShardOutage {
    final AtomicInteger commitsToFail = new AtomicInteger();
    volatile boolean down;
    volatile boolean downAfterCommitFailure;
    final AtomicInteger failures = new AtomicInteger();

    ShardOutage(String backendName) {
      ConnectionInterceptor.install(real -> wrap(real, backendName));
    }

    private Connection wrap(Connection real, String backendName) {
      boolean target;
      try {
        target = real.getMetaData().getURL().contains(backendName + ";")
            || real.getMetaData().getURL().endsWith(backendName);
      } catch (SQLException e) {
        target = false;
      }
      if (!target) {
        return real;
      }
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, m, args) -> {
            boolean commit = m.getName().equals("commit");
            if (down && !m.getName().equals("close") && !m.getName().equals("rollback")
                || commit && commitsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              failures.incrementAndGet();
              down |= commit && downAfterCommitFailure;
              throw new SQLException("injected outage", "08006");
            }
            try {
              return m.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  @AfterEach
  void uninstall() {
    ConnectionInterceptor.uninstall();
  }

  @Test
  void completeMultiShardCommit_leavesNoRedoRecordOrMarker() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = DriverManager.getConnection(TestDb.memUrl(name) + ";dataBackends=3")) {
      createAndFill(c);
      c.setAutoCommit(false);
      c.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = BALANCE + 1");
      c.commit();
      for (String backend : List.of("data", "data1", "data2")) {
        try (Connection raw = TestDb.backend(name, backend)) {
          assertThat(TestDb.rows(raw, "SELECT COUNT(*) FROM SJ_META WHERE MKEY LIKE 'redo/%'"))
              .as(backend).containsExactly(List.of(0L));
        }
      }
      assertThat(sumAndCount(c)).containsExactly(200L, 20_400L);
    }
  }

  @Test
  void shardCommitFailingAfterTheCommitPoint_isReappliedAtOnce() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection c = DriverManager.getConnection(TestDb.memUrl(name) + ";dataBackends=3")) {
      createAndFill(c);
      ShardOutage outage = new ShardOutage("sj_" + name + "_data2");
      c.setAutoCommit(false);
      assertThat(c.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = BALANCE + 1")).isEqualTo(200);
      c.createStatement().executeUpdate("DELETE FROM ACCOUNT WHERE ID < 20");
      c.createStatement().executeUpdate("INSERT INTO ACCOUNT SELECT ID + 1000, 7 FROM ACCOUNT WHERE ID < 40");
      outage.commitsToFail.set(1);
      c.commit();
      assertThat(outage.failures.get()).as("the shard's commit failed").isEqualTo(1);
      ConnectionInterceptor.uninstall();
      assertThat(sumAndCount(c)).containsExactly(200L, 18_500L);
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
    }
  }

  @Test
  void shardDownAfterTheCommitPoint_08007_andTheNextOpenCompletesTheTransaction(@TempDir Path dir)
      throws Exception {
    String url = "jdbc:secure:file:" + dir + ";dataBackends=2";
    try (Connection c = open(url)) {
      createAndFill(c);
    }
    ShardOutage outage = new ShardOutage("data1");
    try (Connection c = open(url)) {
      c.setAutoCommit(false);
      c.createStatement().executeUpdate("UPDATE ACCOUNT SET BALANCE = 0 WHERE ID < 100");
      c.createStatement().executeUpdate("INSERT INTO ACCOUNT SELECT ID + 1000, 1 FROM ACCOUNT WHERE ID >= 100");
      outage.commitsToFail.set(1);
      outage.downAfterCommitFailure = true;
      assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class, e -> {
        assertThat(e.getSQLState()).isEqualTo("08007");
        assertThat(e.getMessage()).contains("data1").contains("SecureAdmin.recover()").doesNotContain(dir.toString());
      });
    }
    outage.down = false;
    ConnectionInterceptor.uninstall();
    try (Connection c = open(url)) {
      assertThat(sumAndCount(c)).containsExactly(300L, 100L * 101 + 100L);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM ACCOUNT WHERE BALANCE = 0")).containsExactly(List.of(100L));
      // The failed commit never removed the old values' posting entries: stale only, which repair removes.
      assertThat(SecureAdmin.of(c).verify()).allMatch(r -> r.corruptRows() == 0 && r.corruptEntries() == 0
          && r.missingEntries() == 0);
      SecureAdmin.of(c).repair();
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
      assertThat(SecureAdmin.of(c).recover()).as("nothing left to complete").isZero();
    }
  }

  private static List<Long> sumAndCount(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(BALANCE) FROM ACCOUNT")) {
      rs.next();
      return List.of(rs.getLong(1), rs.getLong(2));
    }
  }

  private static Connection open(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("tokenPin", "multi-shard");
    p.setProperty("tokenKdfMemoryKiB", "256");
    return DriverManager.getConnection(url, p);
  }

  /** 200 accounts with balance 101 each (ids 0..199), spread over the shards by their primary key. */
  private static void createAndFill(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, BALANCE BIGINT)");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ACCOUNT VALUES (?, 101)")) {
      for (int i = 0; i < 200; i++) {
        ps.setInt(1, i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ACCOUNT")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(200);
    }
  }
}
