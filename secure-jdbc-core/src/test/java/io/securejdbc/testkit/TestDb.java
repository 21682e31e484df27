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

  /**
   * A connection to the secure database {@code name}: in-memory by default, or, when the system property
   * {@code secure.layout} names a {@link TestLayouts.Layout}, on that layout's backends (created on first use).
   */
  public static Connection open(String name) throws SQLException {
    return open(name, new java.util.Properties());
  }

  /** As {@link #open(String)}, with connection properties. */
  public static Connection open(String name, java.util.Properties props) throws SQLException {
    String layout = System.getProperty("secure.layout", "");
    if (layout.isEmpty() || layout.equals("MEM")) {
      return DriverManager.getConnection(memUrl(name), props);
    }
    return DriverManager.getConnection(LayoutUrls.url(name, TestLayouts.Layout.valueOf(layout)), props);
  }

  /** True when tests run on the default in-memory layout (raw backend access by name works only there). */
  public static boolean inMemoryLayout() {
    String layout = System.getProperty("secure.layout", "");
    return layout.isEmpty() || layout.equals("MEM");
  }

  /** Layout databases by test database name, dropped when the JVM exits. */
  private static final class LayoutUrls {
    private static final TestLayouts LAYOUTS = new TestLayouts();
    private static final java.util.Map<String, String> URLS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(LAYOUTS::close));
    }

    static synchronized String url(String name, TestLayouts.Layout layout) throws SQLException {
      String url = URLS.get(name);
      if (url == null) {
        try {
          java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sj-layout");
          url = LAYOUTS.url(layout, dir);
        } catch (SQLException e) {
          throw e;
        } catch (Exception e) {
          throw new SQLException("cannot prepare the test layout", "08001", e);
        }
        URLS.put(name, url);
      }
      return url;
    }
  }

  /**
   * A plain H2 connection to one backend of an open in-memory secure database ("data", "index0", ...). On another
   * layout the name would open a new, empty H2 database, so an insider's check there would pass or fail for the
   * wrong reason: the calling test is skipped instead (as when {@code -Dtest=...} also runs the layout executions).
   */
  public static Connection backend(String name, String backend) throws SQLException {
    org.junit.jupiter.api.Assumptions.assumeTrue(inMemoryLayout(),
        "raw backend access by name needs the in-memory layout");
    return DriverManager.getConnection("jdbc:h2:mem:sj_" + name + "_" + backend + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /** Raw connections to every data backend (shard) of a secure connection, whatever the layout. */
  public static List<Connection> dataBackends(Connection secure) throws SQLException {
    List<Connection> out = new ArrayList<>();
    for (io.securejdbc.backend.Backend b : secure.unwrap(io.securejdbc.jdbc.SecureConnection.class).database()
        .store().backends(io.securejdbc.backend.BackendRole.DATA)) {
      out.add(b.connect());
    }
    return out;
  }

  /** A raw connection to the primary data backend of a secure connection, whatever the layout (an insider's view). */
  public static Connection dataBackend(Connection secure) throws SQLException {
    return secure.unwrap(io.securejdbc.jdbc.SecureConnection.class).database().store().primaryDataBackend().connect();
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
    String schema = backend.getMetaData().getDatabaseProductName().equals("H2") ? "PUBLIC" : null;
    String catalog = backend.getMetaData().getDatabaseProductName().startsWith("Maria")
        || backend.getMetaData().getDatabaseProductName().startsWith("MySQL") ? backend.getCatalog() : null;
    try (ResultSet rs = backend.getMetaData().getTables(catalog, schema, "%", new String[] {"TABLE"})) {
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

  /** The SQLException the statement fails with; an AssertionError when it succeeds. */
  public static SQLException failure(Statement s, String sql) {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected a failure for: " + sql);
  }
}
