package io.securejdbc.jdbc;

import io.securejdbc.exec.Executor;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The application's view of a query result: plain delegation to the working engine's result set, so a getter costs
 * a virtual call (a reflective proxy cost ~5% of a 100-row range query), with the few methods that must name our
 * objects (getStatement, getMetaData, unwrap) answered here, and every SQLException through one funnel that strips
 * values from the engine's messages (a failed conversion would otherwise quote the decrypted value).
 */
final class SecureResultSet implements ResultSet {

  private final ResultSet rs;
  private final Statement owner;
  private final Executor executor;

  SecureResultSet(ResultSet target, Statement owner, Executor executor) {
    this.rs = target;
    this.owner = owner;
    this.executor = executor;
  }

  private SQLException funnel(SQLException e) {
    return executor.translateEngineError(e);
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try { return Proxies.metaData(rs.getMetaData(), executor); } catch (SQLException e) { throw funnel(e); }
  }

  @Override
  public void close() throws SQLException {
    try { rs.close(); } catch (SQLException e) { throw funnel(e); }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "secure-jdbc ResultSet";
  }

  // Plain delegation from here on.

  @Override
  public boolean next() throws SQLException {
    try { return rs.next(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean wasNull() throws SQLException {
    try { return rs.wasNull(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public String getString(int column) throws SQLException {
    try { return rs.getString(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean getBoolean(int column) throws SQLException {
    try { return rs.getBoolean(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public byte getByte(int column) throws SQLException {
    try { return rs.getByte(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public short getShort(int column) throws SQLException {
    try { return rs.getShort(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getInt(int column) throws SQLException {
    try { return rs.getInt(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public long getLong(int column) throws SQLException {
    try { return rs.getLong(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public float getFloat(int column) throws SQLException {
    try { return rs.getFloat(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public double getDouble(int column) throws SQLException {
    try { return rs.getDouble(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public BigDecimal getBigDecimal(int column, int x) throws SQLException {
    try { return rs.getBigDecimal(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public byte[] getBytes(int column) throws SQLException {
    try { return rs.getBytes(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Date getDate(int column) throws SQLException {
    try { return rs.getDate(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Time getTime(int column) throws SQLException {
    try { return rs.getTime(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    try { return rs.getTimestamp(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getAsciiStream(int column) throws SQLException {
    try { return rs.getAsciiStream(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getUnicodeStream(int column) throws SQLException {
    try { return rs.getUnicodeStream(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getBinaryStream(int column) throws SQLException {
    try { return rs.getBinaryStream(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public String getString(String label) throws SQLException {
    try { return rs.getString(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean getBoolean(String label) throws SQLException {
    try { return rs.getBoolean(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public byte getByte(String label) throws SQLException {
    try { return rs.getByte(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public short getShort(String label) throws SQLException {
    try { return rs.getShort(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getInt(String label) throws SQLException {
    try { return rs.getInt(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public long getLong(String label) throws SQLException {
    try { return rs.getLong(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public float getFloat(String label) throws SQLException {
    try { return rs.getFloat(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public double getDouble(String label) throws SQLException {
    try { return rs.getDouble(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public BigDecimal getBigDecimal(String label, int x) throws SQLException {
    try { return rs.getBigDecimal(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public byte[] getBytes(String label) throws SQLException {
    try { return rs.getBytes(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Date getDate(String label) throws SQLException {
    try { return rs.getDate(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Time getTime(String label) throws SQLException {
    try { return rs.getTime(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Timestamp getTimestamp(String label) throws SQLException {
    try { return rs.getTimestamp(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getAsciiStream(String label) throws SQLException {
    try { return rs.getAsciiStream(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getUnicodeStream(String label) throws SQLException {
    try { return rs.getUnicodeStream(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public InputStream getBinaryStream(String label) throws SQLException {
    try { return rs.getBinaryStream(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public SQLWarning getWarnings() throws SQLException {
    try { return rs.getWarnings(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void clearWarnings() throws SQLException {
    try { rs.clearWarnings(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public String getCursorName() throws SQLException {
    try { return rs.getCursorName(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Object getObject(int column) throws SQLException {
    try { return rs.getObject(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Object getObject(String label) throws SQLException {
    try { return rs.getObject(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int findColumn(String label) throws SQLException {
    try { return rs.findColumn(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Reader getCharacterStream(int column) throws SQLException {
    try { return rs.getCharacterStream(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Reader getCharacterStream(String label) throws SQLException {
    try { return rs.getCharacterStream(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public BigDecimal getBigDecimal(int column) throws SQLException {
    try { return rs.getBigDecimal(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public BigDecimal getBigDecimal(String label) throws SQLException {
    try { return rs.getBigDecimal(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean isBeforeFirst() throws SQLException {
    try { return rs.isBeforeFirst(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean isAfterLast() throws SQLException {
    try { return rs.isAfterLast(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean isFirst() throws SQLException {
    try { return rs.isFirst(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean isLast() throws SQLException {
    try { return rs.isLast(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void beforeFirst() throws SQLException {
    try { rs.beforeFirst(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void afterLast() throws SQLException {
    try { rs.afterLast(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean first() throws SQLException {
    try { return rs.first(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean last() throws SQLException {
    try { return rs.last(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getRow() throws SQLException {
    try { return rs.getRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean absolute(int column) throws SQLException {
    try { return rs.absolute(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean relative(int column) throws SQLException {
    try { return rs.relative(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean previous() throws SQLException {
    try { return rs.previous(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void setFetchDirection(int column) throws SQLException {
    try { rs.setFetchDirection(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getFetchDirection() throws SQLException {
    try { return rs.getFetchDirection(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void setFetchSize(int column) throws SQLException {
    try { rs.setFetchSize(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getFetchSize() throws SQLException {
    try { return rs.getFetchSize(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getType() throws SQLException {
    try { return rs.getType(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getConcurrency() throws SQLException {
    try { return rs.getConcurrency(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean rowUpdated() throws SQLException {
    try { return rs.rowUpdated(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean rowInserted() throws SQLException {
    try { return rs.rowInserted(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean rowDeleted() throws SQLException {
    try { return rs.rowDeleted(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNull(int column) throws SQLException {
    try { rs.updateNull(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBoolean(int column, boolean x) throws SQLException {
    try { rs.updateBoolean(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateByte(int column, byte x) throws SQLException {
    try { rs.updateByte(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateShort(int column, short x) throws SQLException {
    try { rs.updateShort(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateInt(int column, int x) throws SQLException {
    try { rs.updateInt(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateLong(int column, long x) throws SQLException {
    try { rs.updateLong(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateFloat(int column, float x) throws SQLException {
    try { rs.updateFloat(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateDouble(int column, double x) throws SQLException {
    try { rs.updateDouble(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBigDecimal(int column, BigDecimal x) throws SQLException {
    try { rs.updateBigDecimal(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateString(int column, String x) throws SQLException {
    try { rs.updateString(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBytes(int column, byte[] x) throws SQLException {
    try { rs.updateBytes(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateDate(int column, Date x) throws SQLException {
    try { rs.updateDate(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateTime(int column, Time x) throws SQLException {
    try { rs.updateTime(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateTimestamp(int column, Timestamp x) throws SQLException {
    try { rs.updateTimestamp(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(int column, InputStream x, int y) throws SQLException {
    try { rs.updateAsciiStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(int column, InputStream x, int y) throws SQLException {
    try { rs.updateBinaryStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(int column, Reader x, int y) throws SQLException {
    try { rs.updateCharacterStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(int column, Object x, int y) throws SQLException {
    try { rs.updateObject(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(int column, Object x) throws SQLException {
    try { rs.updateObject(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNull(String label) throws SQLException {
    try { rs.updateNull(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBoolean(String label, boolean x) throws SQLException {
    try { rs.updateBoolean(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateByte(String label, byte x) throws SQLException {
    try { rs.updateByte(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateShort(String label, short x) throws SQLException {
    try { rs.updateShort(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateInt(String label, int x) throws SQLException {
    try { rs.updateInt(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateLong(String label, long x) throws SQLException {
    try { rs.updateLong(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateFloat(String label, float x) throws SQLException {
    try { rs.updateFloat(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateDouble(String label, double x) throws SQLException {
    try { rs.updateDouble(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBigDecimal(String label, BigDecimal x) throws SQLException {
    try { rs.updateBigDecimal(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateString(String label, String x) throws SQLException {
    try { rs.updateString(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBytes(String label, byte[] x) throws SQLException {
    try { rs.updateBytes(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateDate(String label, Date x) throws SQLException {
    try { rs.updateDate(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateTime(String label, Time x) throws SQLException {
    try { rs.updateTime(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateTimestamp(String label, Timestamp x) throws SQLException {
    try { rs.updateTimestamp(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(String label, InputStream x, int y) throws SQLException {
    try { rs.updateAsciiStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(String label, InputStream x, int y) throws SQLException {
    try { rs.updateBinaryStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(String label, Reader x, int y) throws SQLException {
    try { rs.updateCharacterStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(String label, Object x, int y) throws SQLException {
    try { rs.updateObject(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(String label, Object x) throws SQLException {
    try { rs.updateObject(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void insertRow() throws SQLException {
    try { rs.insertRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateRow() throws SQLException {
    try { rs.updateRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void deleteRow() throws SQLException {
    try { rs.deleteRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void refreshRow() throws SQLException {
    try { rs.refreshRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void cancelRowUpdates() throws SQLException {
    try { rs.cancelRowUpdates(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void moveToInsertRow() throws SQLException {
    try { rs.moveToInsertRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void moveToCurrentRow() throws SQLException {
    try { rs.moveToCurrentRow(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Object getObject(int column, Map<String, Class<?>> x) throws SQLException {
    try { return rs.getObject(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Ref getRef(int column) throws SQLException {
    try { return rs.getRef(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Blob getBlob(int column) throws SQLException {
    try { return rs.getBlob(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Clob getClob(int column) throws SQLException {
    try { return rs.getClob(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Array getArray(int column) throws SQLException {
    try { return rs.getArray(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Object getObject(String label, Map<String, Class<?>> x) throws SQLException {
    try { return rs.getObject(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Ref getRef(String label) throws SQLException {
    try { return rs.getRef(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Blob getBlob(String label) throws SQLException {
    try { return rs.getBlob(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Clob getClob(String label) throws SQLException {
    try { return rs.getClob(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Array getArray(String label) throws SQLException {
    try { return rs.getArray(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Date getDate(int column, Calendar x) throws SQLException {
    try { return rs.getDate(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Date getDate(String label, Calendar x) throws SQLException {
    try { return rs.getDate(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Time getTime(int column, Calendar x) throws SQLException {
    try { return rs.getTime(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Time getTime(String label, Calendar x) throws SQLException {
    try { return rs.getTime(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Timestamp getTimestamp(int column, Calendar x) throws SQLException {
    try { return rs.getTimestamp(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Timestamp getTimestamp(String label, Calendar x) throws SQLException {
    try { return rs.getTimestamp(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public URL getURL(int column) throws SQLException {
    try { return rs.getURL(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public URL getURL(String label) throws SQLException {
    try { return rs.getURL(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateRef(int column, Ref x) throws SQLException {
    try { rs.updateRef(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateRef(String label, Ref x) throws SQLException {
    try { rs.updateRef(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(int column, Blob x) throws SQLException {
    try { rs.updateBlob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(String label, Blob x) throws SQLException {
    try { rs.updateBlob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(int column, Clob x) throws SQLException {
    try { rs.updateClob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(String label, Clob x) throws SQLException {
    try { rs.updateClob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateArray(int column, Array x) throws SQLException {
    try { rs.updateArray(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateArray(String label, Array x) throws SQLException {
    try { rs.updateArray(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public RowId getRowId(int column) throws SQLException {
    try { return rs.getRowId(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public RowId getRowId(String label) throws SQLException {
    try { return rs.getRowId(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateRowId(int column, RowId x) throws SQLException {
    try { rs.updateRowId(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateRowId(String label, RowId x) throws SQLException {
    try { rs.updateRowId(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public int getHoldability() throws SQLException {
    try { return rs.getHoldability(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public boolean isClosed() throws SQLException {
    try { return rs.isClosed(); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNString(int column, String x) throws SQLException {
    try { rs.updateNString(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNString(String label, String x) throws SQLException {
    try { rs.updateNString(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(int column, NClob x) throws SQLException {
    try { rs.updateNClob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(String label, NClob x) throws SQLException {
    try { rs.updateNClob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public NClob getNClob(int column) throws SQLException {
    try { return rs.getNClob(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public NClob getNClob(String label) throws SQLException {
    try { return rs.getNClob(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public SQLXML getSQLXML(int column) throws SQLException {
    try { return rs.getSQLXML(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public SQLXML getSQLXML(String label) throws SQLException {
    try { return rs.getSQLXML(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateSQLXML(int column, SQLXML x) throws SQLException {
    try { rs.updateSQLXML(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateSQLXML(String label, SQLXML x) throws SQLException {
    try { rs.updateSQLXML(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public String getNString(int column) throws SQLException {
    try { return rs.getNString(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public String getNString(String label) throws SQLException {
    try { return rs.getNString(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Reader getNCharacterStream(int column) throws SQLException {
    try { return rs.getNCharacterStream(column); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public Reader getNCharacterStream(String label) throws SQLException {
    try { return rs.getNCharacterStream(label); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNCharacterStream(int column, Reader x, long y) throws SQLException {
    try { rs.updateNCharacterStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNCharacterStream(String label, Reader x, long y) throws SQLException {
    try { rs.updateNCharacterStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(int column, InputStream x, long y) throws SQLException {
    try { rs.updateAsciiStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(int column, InputStream x, long y) throws SQLException {
    try { rs.updateBinaryStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(int column, Reader x, long y) throws SQLException {
    try { rs.updateCharacterStream(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(String label, InputStream x, long y) throws SQLException {
    try { rs.updateAsciiStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(String label, InputStream x, long y) throws SQLException {
    try { rs.updateBinaryStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(String label, Reader x, long y) throws SQLException {
    try { rs.updateCharacterStream(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(int column, InputStream x, long y) throws SQLException {
    try { rs.updateBlob(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(String label, InputStream x, long y) throws SQLException {
    try { rs.updateBlob(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(int column, Reader x, long y) throws SQLException {
    try { rs.updateClob(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(String label, Reader x, long y) throws SQLException {
    try { rs.updateClob(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(int column, Reader x, long y) throws SQLException {
    try { rs.updateNClob(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(String label, Reader x, long y) throws SQLException {
    try { rs.updateNClob(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNCharacterStream(int column, Reader x) throws SQLException {
    try { rs.updateNCharacterStream(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNCharacterStream(String label, Reader x) throws SQLException {
    try { rs.updateNCharacterStream(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(int column, InputStream x) throws SQLException {
    try { rs.updateAsciiStream(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(int column, InputStream x) throws SQLException {
    try { rs.updateBinaryStream(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(int column, Reader x) throws SQLException {
    try { rs.updateCharacterStream(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateAsciiStream(String label, InputStream x) throws SQLException {
    try { rs.updateAsciiStream(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBinaryStream(String label, InputStream x) throws SQLException {
    try { rs.updateBinaryStream(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateCharacterStream(String label, Reader x) throws SQLException {
    try { rs.updateCharacterStream(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(int column, InputStream x) throws SQLException {
    try { rs.updateBlob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateBlob(String label, InputStream x) throws SQLException {
    try { rs.updateBlob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(int column, Reader x) throws SQLException {
    try { rs.updateClob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateClob(String label, Reader x) throws SQLException {
    try { rs.updateClob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(int column, Reader x) throws SQLException {
    try { rs.updateNClob(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateNClob(String label, Reader x) throws SQLException {
    try { rs.updateNClob(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public <T> T getObject(int column, Class<T> x) throws SQLException {
    try { return rs.getObject(column, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public <T> T getObject(String label, Class<T> x) throws SQLException {
    try { return rs.getObject(label, x); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(int column, Object x, SQLType y, int z) throws SQLException {
    try { rs.updateObject(column, x, y, z); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(String label, Object x, SQLType y, int z) throws SQLException {
    try { rs.updateObject(label, x, y, z); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(int column, Object x, SQLType y) throws SQLException {
    try { rs.updateObject(column, x, y); } catch (SQLException e) { throw funnel(e); }
  }
  @Override
  public void updateObject(String label, Object x, SQLType y) throws SQLException {
    try { rs.updateObject(label, x, y); } catch (SQLException e) { throw funnel(e); }
  }
}
