package io.securejdbc.jdbc;

import io.securejdbc.SqlState;
import io.securejdbc.exec.Database;
import io.securejdbc.exec.Executor;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A logical connection: one {@link Executor} (its backend connections and its working engine) over a shared
 * {@link Database}. Not thread-safe, like most JDBC connections; use a pool for concurrency.
 */
public final class SecureConnection implements Connection {

  /** Called once when the connection closes (the driver's reference count). */
  public interface CloseListener {
    void closed(Database db);
  }

  private final Database db;
  private final Executor executor;
  private final String url;
  private final String user;
  private final CloseListener onClose;
  private final List<SecureStatement> statements = new ArrayList<>();
  private boolean closed;
  private boolean readOnly;
  private int isolation = TRANSACTION_READ_COMMITTED;
  private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
  private Properties clientInfo = new Properties();
  private int savepointCounter;

  public SecureConnection(Database db, Executor executor, String url, String user, CloseListener onClose) {
    this.db = db;
    this.executor = executor;
    this.url = url;
    this.user = user;
    this.onClose = onClose;
  }

  Executor executor() {
    return executor;
  }

  /** The database behind this connection (for {@link io.securejdbc.SecureAdmin}; not an application API). */
  public Database database() {
    return db;
  }

  /** Rows this connection decrypted so far. */
  public long rowsDecrypted() {
    return executor.statistics()[0];
  }

  /** Full table scans this connection did so far (queries the indexes could not narrow). */
  public long fullScans() {
    return executor.statistics()[1];
  }

  /** INSERT and UPDATE executions this connection applied without the working engine (see DirectWrites). */
  public long directWrites() {
    return executor.statistics()[2];
  }

  /** Two-table joins this connection answered without the working engine (see FastPath). */
  public long fastJoins() {
    return executor.statistics()[3];
  }

  /** Lookups this connection answered by a unique key's tag on the data backend (no index lookup). */
  public long uniqueKeyLookups() {
    return executor.statistics()[4];
  }

  /** Large index lookups whose entry decryption, row fetch and row decryption this connection overlapped. */
  public long pipelinedLookups() {
    return executor.statistics()[5];
  }

  /** Queries this connection ran on the read engine's heap tables (single-table queries; see ReadEngine). */
  public long readEngineQueries() {
    return executor.statistics()[6];
  }

  /** Single-table queries this connection answered without any working engine (see FastPath). */
  public long fastQueries() {
    return executor.statistics()[7];
  }

  String url() {
    return url;
  }

  String userName() {
    return user == null ? "" : user;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw SqlState.CONNECTION_DOES_NOT_EXIST.exception("the connection is closed");
    }
  }

  void forget(SecureStatement s) {
    statements.remove(s);
  }

  private <T extends SecureStatement> T track(T s) {
    statements.add(s);
    return s;
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return track(new SecureStatement(this));
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    checkResultSetType(type, concurrency);
    return createStatement();
  }

  @Override
  public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    checkResultSetType(type, concurrency);
    return createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return track(new SecurePreparedStatement(this, sql, io.securejdbc.exec.KeysRequest.NONE));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    checkResultSetType(type, concurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    return track(new SecurePreparedStatement(this, sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS
        ? io.securejdbc.exec.KeysRequest.DEFAULT : io.securejdbc.exec.KeysRequest.NONE));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    checkOpen();
    return track(new SecurePreparedStatement(this, sql,
        new io.securejdbc.exec.KeysRequest(true, null, columnIndexes.clone())));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    checkOpen();
    return track(new SecurePreparedStatement(this, sql,
        new io.securejdbc.exec.KeysRequest(true, List.of(columnNames), null)));
  }

  /** Only forward-only, read-only result sets: what the working engine's materialised results honour. */
  private void checkResultSetType(int type, int concurrency) throws SQLException {
    checkOpen();
    if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw SqlState.notSupported("result set type/concurrency other than TYPE_FORWARD_ONLY/CONCUR_READ_ONLY");
    }
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw SqlState.notSupported("CallableStatement");
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    throw SqlState.notSupported("CallableStatement");
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
      throws SQLException {
    throw SqlState.notSupported("CallableStatement");
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    executor.setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return executor.isAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (executor.isAutoCommit()) {
      throw SqlState.INVALID_TRANSACTION_STATE.exception("commit() called in auto-commit mode");
    }
    executor.commit();
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (executor.isAutoCommit()) {
      throw SqlState.INVALID_TRANSACTION_STATE.exception("rollback() called in auto-commit mode");
    }
    executor.rollback();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return savepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return savepoint(name);
  }

  private Savepoint savepoint(String name) throws SQLException {
    checkOpen();
    if (executor.isAutoCommit()) {
      throw SqlState.INVALID_TRANSACTION_STATE.exception("savepoints need auto-commit off");
    }
    return new SecureSavepoint(++savepointCounter, name, executor.session().savepoint(),
        executor.session().deferredMark());
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    if (!(savepoint instanceof SecureSavepoint sp) || sp.released) {
      throw SqlState.INVALID_TRANSACTION_STATE.exception("unknown or released savepoint");
    }
    executor.session().rollbackTo(sp.backendSavepoints, sp.deferredMark);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
    if (savepoint instanceof SecureSavepoint sp) {
      sp.released = true;
    }
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    for (SecureStatement s : new ArrayList<>(statements)) {
      s.close();
    }
    try {
      if (!executor.isAutoCommit()) {
        executor.rollback();
      }
    } finally {
      executor.close();
      onClose.closed(db);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return Proxies.databaseMetaData(executor.engineConnection().getMetaData(), this, executor);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    this.readOnly = readOnly;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return Proxies.CATALOG;
  }

  /**
   * READ COMMITTED is what secure-jdbc guarantees across backends (see docs/transactions.md); stronger levels are
   * refused rather than promised.
   */
  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level == TRANSACTION_READ_UNCOMMITTED || level == TRANSACTION_READ_COMMITTED) {
      isolation = TRANSACTION_READ_COMMITTED;
      return;
    }
    throw SqlState.notSupported("transaction isolation above READ COMMITTED across separate backends");
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return Map.of();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    throw SqlState.notSupported("custom type maps");
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
    this.holdability = holdability;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Clob createClob() throws SQLException {
    checkOpen();
    return executor.engineConnection().createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    checkOpen();
    return executor.engineConnection().createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    checkOpen();
    return executor.engineConnection().createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw SqlState.notSupported("SQLXML");
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("timeout must not be negative");
    }
    if (closed) {
      return false;
    }
    try {
      db.store().checkOpen();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    clientInfo.setProperty(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfo = new Properties();
    clientInfo.putAll(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw SqlState.notSupported("ARRAY values");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw SqlState.notSupported("STRUCT values");
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    if (schema != null && !schema.equalsIgnoreCase("PUBLIC")) {
      throw SqlState.notSupported("schemas other than PUBLIC");
    }
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return "PUBLIC";
  }

  @Override
  public void abort(java.util.concurrent.Executor ignored) throws SQLException {
    close();
  }

  @Override
  public void setNetworkTimeout(java.util.concurrent.Executor ignored, int milliseconds) throws SQLException {
    checkOpen();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return 0;
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

  /** A savepoint on every backend the transaction touched. */
  private static final class SecureSavepoint implements Savepoint {
    private final int id;
    private final String name;
    private final Map<String, Savepoint> backendSavepoints;
    private final int deferredMark;
    private boolean released;

    SecureSavepoint(int id, String name, Map<String, Savepoint> backendSavepoints, int deferredMark) {
      this.id = id;
      this.name = name;
      this.backendSavepoints = backendSavepoints;
      this.deferredMark = deferredMark;
    }

    @Override
    public int getSavepointId() throws SQLException {
      if (name != null) {
        throw SqlState.GENERAL_ERROR.exception("a named savepoint has no id");
      }
      return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
      if (name == null) {
        throw SqlState.GENERAL_ERROR.exception("an unnamed savepoint has no name");
      }
      return name;
    }
  }
}
