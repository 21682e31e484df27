package io.securejdbc;

import io.securejdbc.config.SecureUrl;
import io.securejdbc.jdbc.Databases;
import io.securejdbc.jdbc.SecureVersion;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The secure-jdbc driver: {@code jdbc:secure:mem:<name>}, {@code jdbc:secure:file:<directory>} and
 * {@code jdbc:secure:config:<yaml file>}, with {@code ;name=value} settings (see {@link SecureProperty}).
 */
public final class SecureDriver implements Driver {

  static {
    try {
      DriverManager.registerDriver(new SecureDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return Databases.connect(url, SecureUrl.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return SecureUrl.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Properties props = acceptsURL(url) ? SecureUrl.parse(url, info).properties() : new Properties();
    SecureProperty[] all = SecureProperty.values();
    DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
    for (int i = 0; i < all.length; i++) {
      out[i] = all[i].toDriverPropertyInfo(props);
    }
    return out;
  }

  @Override
  public int getMajorVersion() {
    return SecureVersion.MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return SecureVersion.MINOR;
  }

  /** Not JDBC compliant in the spec's sense: result sets are forward-only and read-only. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw SqlState.notSupported("java.util.logging (secure-jdbc logs through SLF4J)");
  }
}
