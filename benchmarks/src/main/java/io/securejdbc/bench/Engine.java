package io.securejdbc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/** The engines compared side by side. Each {@link #open} creates a fresh database, loads n rows and returns it. */
public enum Engine {

  /** Plain H2, embedded in memory: the baseline of every ratio. */
  h2 {
    @Override
    Db create(int n) throws Exception {
      Connection c = DriverManager.getConnection("jdbc:h2:mem:bench_h2_" + unique() + ";DB_CLOSE_DELAY=-1", "sa", "");
      Schema.run(c, Schema.logicalDdl());
      return new Db(this, n, c, () -> shutdownH2(c));
    }
  },

  /** secure-jdbc on its embedded default: one data and two index backends, each an in-memory H2. */
  secure {
    @Override
    Db create(int n) throws Exception {
      Connection c = DriverManager.getConnection("jdbc:secure:mem:bench_sj_" + unique() + secureOptions());
      Schema.run(c, Schema.logicalDdl());
      return new Db(this, n, c, c::close);
    }
  },

  /** Plain PostgreSQL on 127.0.0.1:5432, a database of its own (dropped at the end). */
  postgres {
    @Override
    Db create(int n) throws Exception {
      String name = "sjbench_pg_" + unique();
      Postgres.createDatabase(name);
      Connection c = Postgres.connect(name);
      Schema.run(c, Schema.logicalDdl());
      return new Db(this, n, c, () -> {
        c.close();
        Postgres.dropDatabase(name);
      }) {
        @Override
        void afterLoad() throws SQLException {
          try (Statement s = connection().createStatement()) {
            s.execute("ANALYZE");
          }
        }
      };
    }
  },

  /** secure-jdbc with PostgreSQL backends (one data, two index databases), configured by a YAML file. */
  securepg {
    @Override
    Db create(int n) throws Exception {
      // Data on PostgreSQL, the indexes on MariaDB: the driver refuses data and indexes on one server (a single
      // insider would see both), so the indexes live on the other local server.
      String prefix = "sjbench_spg_" + unique();
      List<String> dbs = List.of(prefix + "_data", prefix + "_idx0", prefix + "_idx1");
      for (String d : dbs) {
        if (d.endsWith("_data")) {
          Postgres.createDatabase(d);
        } else {
          MariaDb.createDatabase(d);
        }
      }
      Path dir = Files.createTempDirectory("sjbench");
      Path yaml = dir.resolve("secure-jdbc.yaml");
      StringBuilder y = new StringBuilder("token:\n  type: software\nbackends:\n");
      for (String d : dbs) {
        boolean data = d.endsWith("_data");
        y.append("  - name: ").append(d.substring(prefix.length() + 1)).append('\n')
            .append("    role: ").append(data ? "data" : "index").append('\n')
            .append("    zone: ").append(d.substring(prefix.length() + 1)).append('\n')
            .append("    url: ").append(data ? Postgres.url(d) : MariaDb.url(d)).append('\n')
            .append("    user: ").append(data ? Postgres.USER : MariaDb.USER).append('\n')
            .append("    pool: { maximumPoolSize: 4 }\n");
      }
      Files.writeString(yaml, y.toString(), StandardCharsets.UTF_8);
      Connection c = DriverManager.getConnection("jdbc:secure:config:" + yaml + ";tokenPin=bench-pin"
          + secureOptions());
      Schema.run(c, Schema.logicalDdl());
      return new Db(this, n, c, () -> {
        c.close();
        for (String d : dbs) {
          if (d.endsWith("_data")) {
            Postgres.dropDatabase(d);
          } else {
            MariaDb.dropDatabase(d);
          }
        }
        deleteTree(dir);
      }) {
        @Override
        void afterLoad() throws SQLException {
          try (Connection a = Postgres.connect(dbs.get(0)); Statement s = a.createStatement()) {
            s.execute("ANALYZE");
          }
        }
      };
    }
  },

  /** Apache ShardingSphere-JDBC 5.5.2, encrypt rule (AES cipher column + MD5 assisted-query column), over H2. */
  shardingsphere {
    @Override
    Db create(int n) throws Exception {
      String url = "jdbc:h2:mem:bench_ss_" + unique() + ";DB_CLOSE_DELAY=-1";
      Connection physical = DriverManager.getConnection(url, "sa", "");
      Schema.run(physical, Schema.shardingSpherePhysicalDdl());
      DataSource ds = YamlShardingSphereDataSourceFactory.createDataSource(
          Schema.shardingSphereYaml(url).getBytes(StandardCharsets.UTF_8));
      Connection c = ds.getConnection();
      return new Db(this, n, c, () -> {
        c.close();
        if (ds instanceof AutoCloseable closeable) {
          closeable.close();
        }
        shutdownH2(physical);
      });
    }
  };

  private static final AtomicInteger COUNTER = new AtomicInteger();

  abstract Db create(int n) throws Exception;

  /** A new database of this engine with the schema and n rows per table. */
  public Db open(int n) throws Exception {
    long t0 = System.nanoTime();
    Db db = create(n);
    try {
      Dataset.load(db.connection(), n);
      db.afterLoad();
    } catch (Exception | Error e) {
      db.close();
      throw e;
    }
    db.loadMillis = (System.nanoTime() - t0) / 1_000_000;
    return db;
  }

  /**
   * Extra secure-jdbc connection properties for A/B runs, e.g. {@code -Dbench.secureOptions=;indexCleanup=inline}
   * (empty: the driver's defaults, as documented runs use).
   */
  static String secureOptions() {
    return System.getProperty("bench.secureOptions", "");
  }

  static String unique() {
    return ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
  }

  static void shutdownH2(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } finally {
      c.close();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }

  public static Engine parse(String s) {
    return valueOf(s.toLowerCase(Locale.ROOT));
  }

  /** The local PostgreSQL server (trust authentication). */
  static final class Postgres {
    static final String HOST = System.getProperty("bench.pg.host", "127.0.0.1:5432");
    static final String USER = System.getProperty("bench.pg.user", "postgres");
    static final String ADMIN_DB = System.getProperty("bench.pg.db", "test");

    static String url(String db) {
      return "jdbc:postgresql://" + HOST + "/" + db;
    }

    static Connection connect(String db) throws SQLException {
      return DriverManager.getConnection(url(db), USER, "");
    }

    static void createDatabase(String name) throws SQLException {
      try (Connection c = connect(ADMIN_DB); Statement s = c.createStatement()) {
        // C collation: B-tree indexes answer LIKE 'prefix%', and strings sort as Java (and H2) sort them.
        s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
      }
    }

    static void dropDatabase(String name) throws SQLException {
      try (Connection c = connect(ADMIN_DB); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  /** The local MariaDB server (root without password), for secure-jdbc's index backends next to PostgreSQL data. */
  static final class MariaDb {
    static final String HOST = System.getProperty("bench.mariadb.host", "127.0.0.1:3306");
    static final String USER = System.getProperty("bench.mariadb.user", "root");

    static String url(String db) {
      return "jdbc:mariadb://" + HOST + "/" + db;
    }

    static void createDatabase(String name) throws SQLException {
      try (Connection c = DriverManager.getConnection(url(""), USER, ""); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    }

    static void dropDatabase(String name) throws SQLException {
      try (Connection c = DriverManager.getConnection(url(""), USER, ""); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
