package io.securejdbc.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.TcpProxy;
import io.securejdbc.testkit.TestDb;
import io.securejdbc.testkit.TestLayouts;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One index backend (an H2 TCP server, or a database on the local PostgreSQL, behind a {@link TcpProxy}) goes away mid-workload and comes back. Table NEAR
 * keeps its indexes on an embedded index backend, table FAR on the remote one (placement by allowedColumns); the data
 * backend is embedded. What the outage does to which statement is documented in docs/backends.md, "Failure
 * behaviour".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndexBackendOutageTest {

  private static final String PASSWORD = "far-secret-pw";

  @TempDir
  Path dir;

  private Server h2;
  private TcpProxy proxy;
  private final TestLayouts servers = new TestLayouts();
  private String url;

  /** idx-far is an H2 TCP server or a PostgreSQL database, reached through the proxy. */
  private void start(String engine) throws Exception {
    String farUrl;
    if (engine.equals("postgresql")) {
      String direct = servers.postgres();
      proxy = new TcpProxy("127.0.0.1", 5432);
      farUrl = direct.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
    } else {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
      proxy = new TcpProxy("127.0.0.1", port);
      farUrl = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:" + TestDb.uniqueName() + ";DB_CLOSE_DELAY=-1";
    }
    Path file = dir.resolve("outage.yaml");
    Files.writeString(file, """
        token: { type: software, options: { kdfMemoryKiB: 256 } }
        backends:
          - { name: data, role: data, zone: a, url: "jdbc:h2:mem:%1$s_d;DB_CLOSE_DELAY=-1" }
          - { name: idx-near, role: index, zone: b, url: "jdbc:h2:mem:%1$s_n;DB_CLOSE_DELAY=-1",
              allowedColumns: [NEAR.*] }
          - name: idx-far
            role: index
            zone: c
            url: "%2$s"
            user: %3$s
            password: %4$s
            allowedColumns: [FAR.*]
            pool: { maximumPoolSize: 4, connectionTimeoutMs: 500, validationTimeoutMs: 250 }
        columns:
          FAR.NOTE: NONE
        """.formatted(TestDb.uniqueName(), farUrl, engine.equals("postgresql") ? "postgres" : "sa", PASSWORD));
    url = "jdbc:secure:config:" + file + ";tokenPin=outage-pin";
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (h2 != null) {
      h2.stop();
    }
    servers.close();
  }

  private void assertBackendDown(Statement s, String sql) {
    assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
        .hasMessageContaining("backend 'idx-far'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jdbc:", "tcp:", "127.0.0.1",
            String.valueOf(proxy.port()), PASSWORD, "f3", "note"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void cuttingOneIndexBackend_failsOnlyStatementsThatNeedIt_andAfterRestoreNothingCommittedIsLost(String engine)
      throws Exception {
    start(engine);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE NEAR (ID INTEGER PRIMARY KEY, V VARCHAR(20))");
      s.execute("CREATE TABLE FAR (ID INTEGER PRIMARY KEY, V VARCHAR(20), NOTE VARCHAR(20))");
      for (int i = 1; i <= 20; i++) {
        s.executeUpdate("INSERT INTO NEAR VALUES (" + i + ", 'n" + i + "')");
        s.executeUpdate("INSERT INTO FAR VALUES (" + i + ", 'f" + i + "', 'note" + i + "')");
      }

      proxy.cut();
      // Writes to FAR need its index backend: the pinned connection broke (H2 90067/90028, now class 08).
      assertBackendDown(s, "INSERT INTO FAR VALUES (100, 'f100', 'x')");
      // Lookups by an indexed column need it too (a new connection times out after connectionTimeoutMs).
      assertBackendDown(s, "SELECT V FROM FAR WHERE ID = 3");
      assertBackendDown(s, "DELETE FROM FAR WHERE V = 'f5'");
      // A transaction that wrote elsewhere first is rolled back as a whole: the NEAR row is not kept.
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO NEAR VALUES (50, 'n50')");
      assertBackendDown(s, "INSERT INTO FAR VALUES (50, 'f50', 'x')");
      c.rollback();
      c.setAutoCommit(true);
      // What the data backend alone can answer keeps working: full reads, and predicates on unindexed columns.
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM FAR")).isEqualTo(List.of(List.of(20L)));
      assertThat(TestDb.rows(c, "SELECT ID FROM FAR WHERE NOTE = 'note7'")).isEqualTo(List.of(List.of(7)));
      assertThat(s.executeUpdate("UPDATE FAR SET NOTE = 'seen' WHERE NOTE = 'note8'")).isEqualTo(1);
      // Tables whose indexes live on the other index backend are not affected at all.
      assertThat(s.executeUpdate("INSERT INTO NEAR VALUES (21, 'n21')")).isEqualTo(1);
      assertThat(TestDb.rows(c, "SELECT V FROM NEAR WHERE ID = 21")).isEqualTo(List.of(List.of("n21")));
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM NEAR WHERE V >= 'n2'")).isEqualTo(List.of(List.of(10L)));
      try (Connection other = DriverManager.getConnection(url)) {
        assertThat(TestDb.rows(other, "SELECT V FROM NEAR WHERE ID = 2")).isEqualTo(List.of(List.of("n2")));
      }

      proxy.restore();
      // The pool recovers by itself (its first new connection may take up to HikariCP's creation back-off).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try {
          s.executeUpdate("INSERT INTO FAR VALUES (21, 'f21', 'note21')");
          break;
        } catch (SQLException e) {
          assertThat(e.getSQLState()).startsWith("08");
          assertThat(System.nanoTime()).as("the pool did not recover within 15 s").isLessThan(deadline);
        }
      }
      assertThat(TestDb.rows(c, "SELECT V, NOTE FROM FAR WHERE ID = 8")).isEqualTo(List.of(List.of("f8", "seen")));
      assertThat(s.executeUpdate("DELETE FROM FAR WHERE V = 'f5'")).isEqualTo(1);
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM FAR")).isEqualTo(List.of(List.of(20L)));
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM FAR WHERE ID > 0")).isEqualTo(List.of(List.of(20L)));
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM NEAR WHERE ID > 0")).isEqualTo(List.of(List.of(21L)));
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM NEAR WHERE ID = 50")).isEqualTo(List.of(List.of(0L)));
      assertThat(TestDb.rows(c, "SELECT N.V, F.V FROM NEAR N JOIN FAR F ON N.ID = F.ID WHERE F.ID = 21"))
          .isEqualTo(List.of(List.of("n21", "f21")));
      List<StoreCheck.Report> reports = SecureAdmin.of(c).verify();
      assertThat(reports).hasSize(2).allMatch(StoreCheck.Report::clean);
    }
  }
}
