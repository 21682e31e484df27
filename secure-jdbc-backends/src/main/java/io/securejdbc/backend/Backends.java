package io.securejdbc.backend;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;

/** Creates backends from JDBC URLs: embedded H2 directly, servers through a HikariCP pool. */
public final class Backends {

  private Backends() {}

  /**
   * Pool settings for a server backend.
   *
   * @param lockTimeoutMillis how long a statement waits for a row lock before failing with 40001: a deadlock between
   *     transactions on two different backends (two data shards) is invisible to each engine's own detector, so a
   *     bounded wait is what breaks it
   */
  public record PoolSettings(int maximumPoolSize, long connectionTimeoutMillis, long validationTimeoutMillis,
      long lockTimeoutMillis) {

    public PoolSettings(int maximumPoolSize, long connectionTimeoutMillis, long validationTimeoutMillis) {
      this(maximumPoolSize, connectionTimeoutMillis, validationTimeoutMillis, 5_000);
    }

    public static PoolSettings defaults() {
      return new PoolSettings(10, 10_000, 5_000, 5_000);
    }
  }

  public static Backend create(String name, BackendRole role, String zone, String jdbcUrl, String user,
      String password, Properties extra, PoolSettings pool) {
    Dialect dialect = Dialect.forUrl(jdbcUrl);
    if (dialect instanceof H2Dialect && isEmbedded(jdbcUrl)) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(jdbcUrl);
      ds.setUser(user == null ? "sa" : user);
      ds.setPassword(password == null ? "" : password);
      return new Backend(name, role, zone, dialect, ds, null);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("secure-jdbc-" + name);
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    if (extra != null) {
      config.setDataSourceProperties(extra);
    }
    config.setAutoCommit(false);
    if (dialect.transactionIsolation() != null) {
      config.setTransactionIsolation(dialect.transactionIsolation());
    }
    config.setMaximumPoolSize(pool.maximumPoolSize());
    config.setMinimumIdle(0);
    config.setConnectionTimeout(pool.connectionTimeoutMillis());
    config.setValidationTimeout(pool.validationTimeoutMillis());
    config.setExceptionOverride(new EvictBrokenConnections(dialect));
    String lockTimeout = dialect.lockTimeoutSql(pool.lockTimeoutMillis());
    if (lockTimeout != null) {
      config.setConnectionInitSql(lockTimeout);
    }
    // Fail at first use, not at construction: a backend that is down must not stop the driver from opening.
    config.setInitializationFailTimeout(-1);
    HikariDataSource ds = new HikariDataSource(config);
    return new Backend(name, role, zone, dialect, ds, ds);
  }

  private static boolean isEmbedded(String url) {
    return url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:file:")
        || (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:"));
  }
}
