package io.securejdbc.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Shared helpers: fresh in-memory secure databases and raw access to their backends (as an insider would). */
public final class TestDb {

  private TestDb() {}

  /** A unique name for a jdbc:secure:mem: database. */
  public static String uniqueName() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static String memUrl(String name) {
    return "jdbc:secure:mem:" + name;
  }

  public static Connection open(String name) throws SQLException {
    return DriverManager.getConnection(memUrl(name));
  }

  /** A plain H2 connection to one backend of an open in-memory secure database ("data", "index0", ...). */
  public static Connection backend(String name, String backend) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:sj_" + name + "_" + backend + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /** A fresh plain in-memory H2 database (the baseline of differential tests). */
  public static Connection plainH2() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:plain_" + uniqueName(), "sa", "");
  }

  /** Every row of a query as a list of column values. */
  public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  public static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.add(normalize(rs.getObject(i)));
      }
      out.add(row);
    }
    return out;
  }

  /** LOBs and arrays compare by content. */
  public static Object normalize(Object v) throws SQLException {
    if (v instanceof java.sql.Clob c) {
      return c.getSubString(1, (int) c.length());
    }
    if (v instanceof java.sql.Blob b) {
      v = b.getBytes(1, (int) b.length());
    }
    return v instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : v;
  }

  /** The user tables of a backend (as the insider sees them). */
  public static List<String> tables(Connection backend) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = backend.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  /** Every byte of every cell of every table of a backend, one array per cell. */
  public static List<byte[]> allCells(Connection backend) throws SQLException {
    List<byte[]> cells = new ArrayList<>();
    for (String table : tables(backend)) {
      try (Statement s = backend.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v instanceof byte[] b) {
              cells.add(b);
            } else if (v != null) {
              cells.add(v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return cells;
  }

  public static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
