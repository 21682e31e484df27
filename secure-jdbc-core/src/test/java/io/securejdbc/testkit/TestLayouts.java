package io.securejdbc.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Backend layouts for running the same tests on real servers: each layout writes a YAML configuration naming fresh
 * databases it creates on the local PostgreSQL (127.0.0.1:5432, user postgres, trust) and MariaDB (127.0.0.1:3306,
 * root, no password) and drops them afterwards. A server that is unreachable skips the test, unless
 * SECURE_JDBC_REQUIRE_BACKENDS names it (CI): then it fails.
 */
public final class TestLayouts implements AutoCloseable {

  /** The layouts of issue 6. */
  public enum Layout {
    ALL_H2,
    PG_DATA_MARIADB_AND_H2_INDEX,
    SHARDED_PG_DATA_MARIADB_INDEX,
    MARIADB_DATA_PG_AND_H2_INDEX
  }

  public static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

  private final List<Runnable> cleanup = new ArrayList<>();
  // The creating process's id is in every name, so that a later run can drop what a killed JVM left behind.
  private static final String PID_PREFIX = "sj_test_p" + ProcessHandle.current().pid() + "_";
  private final String id = PID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final java.util.concurrent.atomic.AtomicBoolean SWEPT = new java.util.concurrent.atomic.AtomicBoolean();
  private int counter;

  /** The JDBC URL of a secure database in this layout (its YAML file lives in {@code dir}). */
  public String url(Layout layout, Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("token:\n  type: software\n  options:\n    kdfMemoryKiB: 256\n"
        + "backends:\n");
    switch (layout) {
      case ALL_H2 -> {
        backend(yaml, "data", "data", "zone-a", "jdbc:h2:mem:" + id + "_d;DB_CLOSE_DELAY=-1", null);
        backend(yaml, "idx0", "index", "zone-b", "jdbc:h2:mem:" + id + "_i0;DB_CLOSE_DELAY=-1", null);
        backend(yaml, "idx1", "index", "zone-c", "jdbc:h2:mem:" + id + "_i1;DB_CLOSE_DELAY=-1", null);
      }
      case PG_DATA_MARIADB_AND_H2_INDEX -> {
        backend(yaml, "pg-data", "data", "provider-a", postgres(), "postgres");
        backend(yaml, "maria-idx", "index", "provider-b", mariadb(), "root");
        backend(yaml, "h2-idx", "index", "provider-c", "jdbc:h2:mem:" + id + "_i;DB_CLOSE_DELAY=-1", null);
      }
      case SHARDED_PG_DATA_MARIADB_INDEX -> {
        backend(yaml, "pg-data-1", "data", "provider-a", postgres(), "postgres");
        backend(yaml, "pg-data-2", "data", "provider-a2", postgres(), "postgres");
        backend(yaml, "maria-idx-1", "index", "provider-b", mariadb(), "root");
        backend(yaml, "maria-idx-2", "index", "provider-b2", mariadb(), "root");
        // Rows spread over both PostgreSQL databases by row id, each index over both MariaDB ones by keyword.
        yaml.append("indexShards: 2\n");
      }
      case MARIADB_DATA_PG_AND_H2_INDEX -> {
        backend(yaml, "maria-data", "data", "provider-b", mariadb(), "root");
        backend(yaml, "pg-idx", "index", "provider-a", postgres(), "postgres");
        backend(yaml, "h2-idx", "index", "provider-c", "jdbc:h2:mem:" + id + "_i;DB_CLOSE_DELAY=-1", null);
      }
      default -> throw new IllegalArgumentException(layout.name());
    }
    Path file = dir.resolve("layout-" + layout.name().toLowerCase(Locale.ROOT) + ".yaml");
    Files.writeString(file, yaml);
    return "jdbc:secure:config:" + file + ";tokenPin=layout-pin";
  }

  private static void backend(StringBuilder yaml, String name, String role, String zone, String url, String user) {
    yaml.append("  - name: ").append(name).append("\n    role: ").append(role).append("\n    zone: ").append(zone)
        .append("\n    url: \"").append(url).append("\"\n");
    if (user != null) {
      yaml.append("    user: ").append(user).append("\n");
      // short lock waits: a deadlock across two shards ends as a retryable 40001 after this long
      yaml.append("    pool: { lockTimeoutMs: 1000 }\n");
    }
  }

  /** The URL of a fresh PostgreSQL database (C collation) on the local server, dropped by {@link #close()}. */
  public String postgres() throws SQLException {
    String db = id + "_" + (++counter);
    require("postgresql", PG + "test", "postgres");
    sweepOnce();
    try (Connection c = DriverManager.getConnection(PG + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    }
    cleanup.add(() -> drop(PG + "test", "postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"));
    return PG + db;
  }

  private String mariadb() throws SQLException {
    String db = id + "_" + (++counter);
    require("mariadb", MARIADB + "test", "root");
    sweepOnce();
    try (Connection c = DriverManager.getConnection(MARIADB + "test", "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    cleanup.add(() -> drop(MARIADB + "test", "root", "DROP DATABASE IF EXISTS " + db));
    return MARIADB + db;
  }

  /** Skips (or, when CI requires the server, fails) if the server does not answer. */
  public static void require(String server, String url, String user) {
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      c.isValid(2);
    } catch (SQLException e) {
      String required = System.getenv().getOrDefault("SECURE_JDBC_REQUIRE_BACKENDS", "");
      if (required.toLowerCase(Locale.ROOT).contains(server)) {
        fail("SECURE_JDBC_REQUIRE_BACKENDS names " + server + " but it is unreachable: " + e.getSQLState());
      }
      Assumptions.abort(server + " is unreachable (" + e.getSQLState() + "); set up a local server to run this");
    }
  }

  /**
   * Drops test databases of processes that no longer run: surefire stops a test JVM before a long shutdown hook
   * ends, and a killed run drops nothing. Databases of live processes (parallel builds) are left alone.
   */
  private static void sweepOnce() {
    if (!SWEPT.compareAndSet(false, true)) {
      return;
    }
    sweep(PG + "test", "postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'sj\\_test\\_p%'",
        db -> "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    sweep(MARIADB + "test", "root",
        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'sj\\_test\\_p%'",
        db -> "DROP DATABASE IF EXISTS " + db);
  }

  private static void sweep(String url, String user, String list, java.util.function.UnaryOperator<String> dropSql) {
    List<String> dead = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(list)) {
      while (rs.next()) {
        String name = rs.getString(1);
        String pid = name.substring("sj_test_p".length(), Math.max(name.indexOf('_', "sj_test_p".length()), 9));
        if (!pid.matches("[0-9]+") || ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
          dead.add(name);
        }
      }
    } catch (SQLException e) {
      return;
    }
    for (String db : dead) {
      drop(url, user, dropSql.apply(db));
    }
  }

  private static void drop(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // a database left behind holds only test ciphertext; the next run's names differ
    }
  }

  @Override
  public void close() {
    cleanup.forEach(Runnable::run);
  }
}
