package io.securejdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} with setters, for Spring and HikariCP: {@code setUrl("jdbc:secure:mem:crm")},
 * {@code setTokenPin(...)}, and any other {@link SecureProperty} through {@link #setProperty}.
 */
public class SecureDataSource implements DataSource {

  private final SecureDriver driver = new SecureDriver();
  private final Properties properties = new Properties();
  private String url;
  private int loginTimeout;
  private PrintWriter logWriter;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  /** Alias of {@link #setUrl}, the name HikariCP and Spring Boot also look for. */
  public void setJdbcUrl(String url) {
    this.url = url;
  }

  public String getJdbcUrl() {
    return url;
  }

  public void setTokenPin(String pin) {
    setProperty(SecureProperty.TOKEN_PIN.propertyName(), pin);
  }

  public void setTokenType(String type) {
    setProperty(SecureProperty.TOKEN_TYPE.propertyName(), type);
  }

  public void setTokenOptions(String options) {
    setProperty(SecureProperty.TOKEN_OPTIONS.propertyName(), options);
  }

  public void setTokenGracePeriod(int seconds) {
    setProperty(SecureProperty.TOKEN_GRACE_PERIOD.propertyName(), Integer.toString(seconds));
  }

  public void setTokenKdfMemoryKiB(int kib) {
    setProperty(SecureProperty.KDF_MEMORY_KIB.propertyName(), Integer.toString(kib));
  }

  public void setTenant(String tenant) {
    setProperty(SecureProperty.TENANT.propertyName(), tenant);
  }

  public void setKeywordMode(String mode) {
    setProperty(SecureProperty.KEYWORD_MODE.propertyName(), mode);
  }

  public void setSqlMode(String mode) {
    setProperty(SecureProperty.SQL_MODE.propertyName(), mode);
  }

  public void setIndexBackends(int count) {
    setProperty(SecureProperty.INDEX_BACKENDS.propertyName(), Integer.toString(count));
  }

  public void setDataBackends(int count) {
    setProperty(SecureProperty.DATA_BACKENDS.propertyName(), Integer.toString(count));
  }

  public void setIndexShards(int count) {
    setProperty(SecureProperty.INDEX_SHARDS.propertyName(), Integer.toString(count));
  }

  /** {@code background} (default) or {@code inline}: see {@link SecureProperty#INDEX_CLEANUP}. */
  public void setIndexCleanup(String mode) {
    setProperty(SecureProperty.INDEX_CLEANUP.propertyName(), mode);
  }

  public void setVerboseErrors(boolean verbose) {
    setProperty(SecureProperty.VERBOSE_ERRORS.propertyName(), Boolean.toString(verbose));
  }

  /** Accepted for Spring/Hikari compatibility; access is granted by the token PIN. */
  public void setUser(String user) {
    setProperty(SecureProperty.USER.propertyName(), user);
  }

  public void setUsername(String user) {
    setUser(user);
  }

  public void setPassword(String password) {
    setProperty(SecureProperty.PASSWORD.propertyName(), password);
  }

  /** Sets any {@link SecureProperty} by name; null removes it. */
  public void setProperty(String name, String value) {
    if (value == null) {
      properties.remove(name);
    } else {
      properties.setProperty(name, value);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (url == null) {
      throw SqlState.UNABLE_TO_CONNECT.exception("SecureDataSource has no URL: call setUrl(\"jdbc:secure:...\")");
    }
    Connection c = driver.connect(url, properties);
    if (c == null) {
      throw SqlState.UNABLE_TO_CONNECT.exception("not a secure-jdbc URL; it must start with jdbc:secure:");
    }
    return c;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw SqlState.notSupported("java.util.logging (secure-jdbc logs through SLF4J)");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw SqlState.GENERAL_ERROR.exception("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
