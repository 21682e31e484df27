package io.securejdbc.jdbc;

import io.securejdbc.SqlState;
import io.securejdbc.exec.Executor;
import io.securejdbc.exec.KeysRequest;
import io.securejdbc.exec.Parameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement. Each setter records the value (for index lookups) and the exact call (replayed on the
 * working engine, so conversions are the engine's). Streams and LOBs are read into memory when set.
 */
public final class SecurePreparedStatement extends SecureStatement implements PreparedStatement {

  private final String sql;
  private final KeysRequest keys;
  private final Parameters params = new Parameters(0);
  private final List<Parameters> batch = new ArrayList<>();

  SecurePreparedStatement(SecureConnection connection, String sql, KeysRequest keys) throws SQLException {
    super(connection);
    if (sql == null) {
      throw SqlState.SYNTAX_ERROR.exception("the SQL text is null");
    }
    this.sql = sql;
    this.keys = keys;
  }

  private void set(int index, Object value, Parameters.Binder binder) throws SQLException {
    checkOpen();
    if (index < 1) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("parameter index " + index + " is out of range");
    }
    params.set(index, value, binder);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    if (!run(sql, params, KeysRequest.NONE)) {
      throw SqlState.GENERAL_ERROR.exception("executeQuery was given a statement that returns no result set;"
          + " use executeUpdate");
    }
    return getResultSet();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return update(sql, params, keys);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(sql, params, keys);
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    batch.add(params.copy());
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return Arrays.stream(executeLargeBatch()).mapToInt(c -> (int) c).toArray();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<Parameters> work = new ArrayList<>(batch);
    batch.clear();
    generatedKeys(null);
    try {
      Executor.BatchResult r = connection.executor().executeBatch(sql, work, this.work, keys);
      generatedKeys(r.keys());
      return r.counts();
    } catch (Executor.BatchFailure e) {
      generatedKeys(e.keys());
      throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), e.counts(), e);
    } catch (SQLException e) {
      throw BatchErrors.of(e, new long[0]);
    }
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw SqlState.GENERAL_ERROR.exception("addBatch(String) cannot be used on a PreparedStatement");
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    params.clear();
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    ResultSetMetaData md = connection.executor().describe(sql, work).getMetaData();
    return md == null ? null : Proxies.metaData(md, connection.executor());
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return connection.executor().describe(sql, work).getParameterMetaData();
  }

  // --- setters: value for the index, exact call for the engine ---

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, null, (ps, n) -> ps.setNull(n, sqlType));
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, null, (ps, n) -> ps.setNull(n, sqlType, typeName));
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, x, (ps, n) -> ps.setBoolean(n, x));
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, (int) x, (ps, n) -> ps.setByte(n, x));
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, (int) x, (ps, n) -> ps.setShort(n, x));
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, x, (ps, n) -> ps.setInt(n, x));
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, x, (ps, n) -> ps.setLong(n, x));
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, x, (ps, n) -> ps.setFloat(n, x));
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, x, (ps, n) -> ps.setDouble(n, x));
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, x, (ps, n) -> ps.setBigDecimal(n, x));
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, x, (ps, n) -> ps.setString(n, x));
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, x, (ps, n) -> ps.setNString(n, x));
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    byte[] copy = x == null ? null : x.clone();
    set(i, copy, (ps, n) -> ps.setBytes(n, copy));
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    set(i, x, (ps, n) -> ps.setDate(n, x));
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    set(i, x, (ps, n) -> ps.setTime(n, x));
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, x, (ps, n) -> ps.setTimestamp(n, x));
  }

  /** With a Calendar the engine converts; the index sees no value, so the lookup falls back to a scan. */
  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setDate(n, x, cal));
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setTime(n, x, cal));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setTimestamp(n, x, cal));
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    Object v = x instanceof byte[] b ? b.clone() : x;
    set(i, v, (ps, n) -> ps.setObject(n, v));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setObject(n, x, targetSqlType));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(int i, Object x, java.sql.SQLType targetSqlType) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setObject(n, x, targetSqlType));
  }

  @Override
  public void setObject(int i, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
    set(i, x == null ? null : Parameters.OPAQUE, (ps, n) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
    setAsciiStream(i, x, (long) length);
  }

  @Override
  public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
    String s = x == null ? null : new String(read(x, length), java.nio.charset.StandardCharsets.US_ASCII);
    set(i, s, (ps, n) -> ps.setString(n, s));
  }

  @Override
  public void setAsciiStream(int i, InputStream x) throws SQLException {
    setAsciiStream(i, x, -1L);
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    throw SqlState.notSupported("setUnicodeStream (deprecated)");
  }

  @Override
  public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
    setBinaryStream(i, x, (long) length);
  }

  @Override
  public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
    byte[] b = x == null ? null : read(x, length);
    set(i, b, (ps, n) -> ps.setBytes(n, b));
  }

  @Override
  public void setBinaryStream(int i, InputStream x) throws SQLException {
    setBinaryStream(i, x, -1L);
  }

  @Override
  public void setCharacterStream(int i, Reader x, int length) throws SQLException {
    setCharacterStream(i, x, (long) length);
  }

  @Override
  public void setCharacterStream(int i, Reader x, long length) throws SQLException {
    String s = x == null ? null : read(x, length);
    set(i, s, (ps, n) -> ps.setString(n, s));
  }

  @Override
  public void setCharacterStream(int i, Reader x) throws SQLException {
    setCharacterStream(i, x, -1L);
  }

  @Override
  public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
    setCharacterStream(i, x, length);
  }

  @Override
  public void setNCharacterStream(int i, Reader x) throws SQLException {
    setCharacterStream(i, x, -1L);
  }

  @Override
  public void setBlob(int i, Blob x) throws SQLException {
    byte[] b = x == null ? null : x.getBytes(1, (int) x.length());
    set(i, b, (ps, n) -> ps.setBytes(n, b));
  }

  @Override
  public void setBlob(int i, InputStream x, long length) throws SQLException {
    setBinaryStream(i, x, length);
  }

  @Override
  public void setBlob(int i, InputStream x) throws SQLException {
    setBinaryStream(i, x, -1L);
  }

  @Override
  public void setClob(int i, Clob x) throws SQLException {
    String s = x == null ? null : x.getSubString(1, (int) x.length());
    set(i, s, (ps, n) -> ps.setString(n, s));
  }

  @Override
  public void setClob(int i, Reader x, long length) throws SQLException {
    setCharacterStream(i, x, length);
  }

  @Override
  public void setClob(int i, Reader x) throws SQLException {
    setCharacterStream(i, x, -1L);
  }

  @Override
  public void setNClob(int i, NClob x) throws SQLException {
    setClob(i, x);
  }

  @Override
  public void setNClob(int i, Reader x, long length) throws SQLException {
    setCharacterStream(i, x, length);
  }

  @Override
  public void setNClob(int i, Reader x) throws SQLException {
    setCharacterStream(i, x, -1L);
  }

  @Override
  public void setRef(int i, Ref x) throws SQLException {
    throw SqlState.notSupported("REF parameters");
  }

  @Override
  public void setArray(int i, Array x) throws SQLException {
    throw SqlState.notSupported("ARRAY parameters");
  }

  @Override
  public void setURL(int i, URL x) throws SQLException {
    String s = x == null ? null : x.toString();
    set(i, s, (ps, n) -> ps.setString(n, s));
  }

  @Override
  public void setRowId(int i, RowId x) throws SQLException {
    throw SqlState.notSupported("ROWID parameters");
  }

  @Override
  public void setSQLXML(int i, SQLXML x) throws SQLException {
    throw SqlState.notSupported("SQLXML parameters");
  }

  private static byte[] read(InputStream in, long length) throws SQLException {
    try {
      return length < 0 ? in.readAllBytes() : in.readNBytes((int) Math.min(Integer.MAX_VALUE, length));
    } catch (IOException e) {
      throw SqlState.DATA_EXCEPTION.exception("reading the parameter stream failed: " + e.getClass().getSimpleName());
    }
  }

  private static String read(Reader in, long length) throws SQLException {
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      long remaining = length < 0 ? Long.MAX_VALUE : length;
      int n;
      while (remaining > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, remaining))) > 0) {
        sb.append(buf, 0, n);
        remaining -= n;
      }
      return sb.toString();
    } catch (IOException e) {
      throw SqlState.DATA_EXCEPTION.exception("reading the parameter stream failed: " + e.getClass().getSimpleName());
    }
  }
}
