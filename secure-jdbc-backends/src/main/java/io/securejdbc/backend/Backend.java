package io.securejdbc.backend;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend database: a name (used in every message instead of its URL, which may hold credentials), a role, a
 * trust zone, a dialect and a connection source (a pool for servers, a plain data source for embedded H2).
 */
public final class Backend implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

  private final String name;
  private final BackendRole role;
  private final String zone;
  private final Dialect dialect;
  private final DataSource dataSource;
  private volatile boolean inspected;
  private final AutoCloseable closer;

  public Backend(String name, BackendRole role, String zone, Dialect dialect, DataSource dataSource,
      AutoCloseable closer) {
    this.name = Objects.requireNonNull(name, "name");
    this.role = Objects.requireNonNull(role, "role");
    this.zone = zone == null ? name : zone;
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.closer = closer;
  }

  public String name() {
    return name;
  }

  public BackendRole role() {
    return role;
  }

  public String zone() {
    return zone;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * A connection with auto-commit off. A failure becomes SQLState 08001 naming this backend; the driver's message
   * and the cause's message never include the URL or password.
   */
  public Connection connect() throws SQLException {
    Connection raw = null;
    try {
      raw = dataSource.getConnection();
      if (!inspected) {
        inspect(raw);
      }
      Connection c = ConnectionInterceptor.apply(raw);
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      // A pooled connection that broke while being set up must go back to the pool (which then evicts it): kept, it
      // would stay "in use" forever and shrink the pool by one for every outage.
      closeQuietly(raw);
      SQLNonTransientConnectionException wrapped = new SQLNonTransientConnectionException(
          "backend '" + name + "' is unreachable (" + BackendErrors.describe(e) + ")", "08001");
      throw wrapped;
    }
  }

  /** Asks the server once what it supports (see {@link Dialect#inspect}); a failure keeps the conservative forms. */
  private void inspect(Connection raw) {
    try {
      dialect.inspect(raw.getMetaData());
    } catch (SQLException | RuntimeException e) {
      LOG.debug("backend '{}': server metadata unavailable, keeping the conservative statement forms", name);
    }
    inspected = true;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // broken already; the pool evicts it
      }
    }
  }

  @Override
  public void close() {
    if (closer != null) {
      try {
        closer.close();
      } catch (Exception e) {
        // closing a pool that is already broken must not hide the caller's own error
      }
    }
  }

  @Override
  public String toString() {
    return "Backend[" + name + ", " + role + ", zone " + zone + ", " + dialect.name() + "]";
  }
}
