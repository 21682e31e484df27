package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.ResultCompare;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two-table inner equi-joins that the driver answers without its working engine (FastPath#join), against plain H2
 * on the same random data (NULL and duplicate join keys, keys without partner, filters on either or both sides,
 * self-joins, a VARCHAR join, labels, maxRows): the same rows as a multiset, the same column labels, types and
 * table names. The statistics show the fast path answered most of them.
 */
class JoinFastPathTest {

  private static final String[] QUERIES = {
      "SELECT a.ID, b.ID, a.S, b.T FROM A a JOIN B b ON b.AK = a.K WHERE a.S = ?",
      "SELECT a.ID, b.ID AS BID, b.M FROM A a JOIN B b ON a.K = b.AK WHERE b.M BETWEEN ? AND ? AND a.N > ?",
      "SELECT A.ID, B.T FROM A JOIN B ON A.ID = B.AK WHERE A.ID IN (?, ?, ?)",
      "SELECT a.S, b.T, b.M FROM A a INNER JOIN B b ON a.K = b.AK WHERE b.T LIKE ? AND a.N IS NOT NULL",
      "SELECT x.ID, y.ID, y.S FROM A x JOIN A y ON x.K = y.N WHERE x.S = ?",
      "SELECT a.ID, b.ID FROM A a JOIN B b ON a.S = b.T WHERE b.M < ?",
      "SELECT N, M, T FROM A a JOIN B b ON b.AK = a.K WHERE a.K = ? AND b.M >= ?",
      "SELECT a.ID, b.ID FROM B b JOIN A a ON b.AK = a.K WHERE a.N = ? OR a.N IS NULL",
  };

  static Stream<Long> seeds() {
    return LongStream.range(1, 7).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void simpleJoins_matchPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      for (Connection c : List.of(secure, plain)) {
        load(c, new Random(seed));
      }
      SecureConnection sc = secure.unwrap(SecureConnection.class);
      long before = sc.fastJoins();
      for (int q = 0; q < 40; q++) {
        String sql = QUERIES[r.nextInt(QUERIES.length)];
        Object[] params = params(r, sql);
        int maxRows = r.nextInt(6) == 0 ? 1 + r.nextInt(3) : 0;
        String what = "seed " + seed + " query " + q + ": " + sql + " " + java.util.Arrays.toString(params)
            + " maxRows " + maxRows;
        List<Object> meta = new ArrayList<>();
        List<List<Object>> got = run(secure, sql, params, maxRows, meta);
        List<Object> expectedMeta = new ArrayList<>();
        List<List<Object>> expected = run(plain, sql, params, 0, expectedMeta);
        assertThat(meta).as(what).isEqualTo(expectedMeta);
        if (maxRows == 0) {
          ResultCompare.assertSame(got, expected, false, what);
        } else {
          assertThat(got.size()).as(what).isEqualTo(Math.min(maxRows, expected.size()));
          assertThat(expected).as(what).containsAll(got);
        }
      }
      assertThat(sc.fastJoins() - before).as("seed %d: joins answered by the fast path", seed).isGreaterThan(20);
    }
  }

  private static void load(Connection c, Random r) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE A (ID INTEGER PRIMARY KEY, K INTEGER, S VARCHAR(5), N INTEGER)");
      s.execute("CREATE TABLE B (ID INTEGER PRIMARY KEY, AK INTEGER, T VARCHAR(5), M INTEGER)");
      for (String ix : List.of("A (K)", "A (S)", "A (N)", "B (AK)", "B (T)", "B (M)")) {
        s.execute("CREATE INDEX I_" + ix.replaceAll("[^A-Z]", "") + " ON " + ix);
      }
    }
    try (PreparedStatement a = c.prepareStatement("INSERT INTO A VALUES (?, ?, ?, ?)");
        PreparedStatement b = c.prepareStatement("INSERT INTO B VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < 40; i++) {
        a.setInt(1, i);
        a.setObject(2, r.nextInt(8) == 0 ? null : r.nextInt(15));
        a.setObject(3, r.nextInt(8) == 0 ? null : "s" + r.nextInt(6));
        a.setObject(4, r.nextInt(8) == 0 ? null : r.nextInt(20));
        a.executeUpdate();
      }
      for (int i = 0; i < 80; i++) {
        b.setInt(1, i);
        b.setObject(2, r.nextInt(8) == 0 ? null : r.nextInt(45));
        b.setObject(3, r.nextInt(8) == 0 ? null : (r.nextBoolean() ? "s" : "x") + r.nextInt(6));
        b.setObject(4, r.nextInt(8) == 0 ? null : r.nextInt(100));
        b.executeUpdate();
      }
    }
  }

  private static Object[] params(Random r, String sql) {
    int n = (int) sql.chars().filter(ch -> ch == '?').count();
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      out[i] = sql.contains("LIKE") && i == 0 ? (r.nextBoolean() ? "s%" : "x1%")
          : sql.contains(".S = ?") ? "s" + r.nextInt(6)
          : r.nextInt(12) == 0 ? null : (Object) r.nextInt(sql.contains("M") ? 100 : 20);
    }
    return out;
  }

  private static List<List<Object>> run(Connection c, String sql, Object[] params, int maxRows, List<Object> meta)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setMaxRows(maxRows);
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          meta.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " " + md.getTableName(i));
        }
        return TestDb.rows(rs);
      }
    }
  }
}
