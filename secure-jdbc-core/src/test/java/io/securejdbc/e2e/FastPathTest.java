package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simple single-table lookups are answered without the working engine's tables; every getter, the metadata,
 * NULL logic, LIKE with escapes and maxRows must still behave exactly as plain H2's.
 */
class FastPathTest {

  private Connection secure;
  private Connection plain;

  @BeforeEach
  void load() throws Exception {
    secure = TestDb.open(TestDb.uniqueName());
    plain = TestDb.plainH2();
    Random r = new Random(99);
    for (Connection c : List.of(secure, plain)) {
      r.setSeed(99);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE F (ID INTEGER PRIMARY KEY, TI TINYINT, BI BIGINT, DE DECIMAL(12, 3),"
            + " VC VARCHAR(20), B BOOLEAN, D DATE, TS TIMESTAMP(6), TSZ TIMESTAMP WITH TIME ZONE, U UUID,"
            + " VB VARBINARY(8), DO DOUBLE PRECISION, CH CHAR(4))");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO F VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        String[] words = {"alpha", "al_pha", "al%pha", "beta", "a\\b", "", "Alpha", null};
        for (int i = 1; i <= 120; i++) {
          ps.setInt(1, i);
          ps.setObject(2, r.nextInt(5) == 0 ? null : r.nextInt(256) - 128);
          ps.setObject(3, r.nextInt(5) == 0 ? null : (long) r.nextInt(20) - 10);
          ps.setObject(4, r.nextInt(5) == 0 ? null : new java.math.BigDecimal(r.nextInt(4000) - 2000).movePointLeft(2));
          ps.setString(5, words[r.nextInt(words.length)]);
          ps.setObject(6, r.nextInt(4) == 0 ? null : r.nextBoolean());
          ps.setObject(7, r.nextInt(5) == 0 ? null : java.time.LocalDate.of(2024, 1, 1).plusDays(r.nextInt(20)));
          ps.setObject(8, java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(r.nextInt(100) * 3601L)
              .plusNanos(r.nextInt(3) * 1000L));
          ps.setObject(9, java.time.OffsetDateTime.of(2024, 1, 1, r.nextInt(24), 0, 0, 0,
              java.time.ZoneOffset.ofHours(r.nextInt(5))));
          ps.setObject(10, new java.util.UUID(0, r.nextInt(10)));
          ps.setBytes(11, new byte[] {(byte) r.nextInt(3)});
          ps.setDouble(12, r.nextInt(10) / 4.0);
          ps.setString(13, r.nextBoolean() ? "ab" : "abcd");
          ps.executeUpdate();
        }
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    secure.close();
    plain.close();
  }

  static Stream<String> queries() {
    return Stream.of("SELECT * FROM F WHERE ID = 7", "SELECT ID, VC AS WORD, DE FROM F WHERE TI < 0",
        "SELECT * FROM F WHERE BI BETWEEN -3 AND 3 AND B", "SELECT ID FROM F WHERE VC LIKE 'al%'",
        "SELECT ID FROM F WHERE VC LIKE 'al\\_pha'", "SELECT ID FROM F WHERE VC LIKE 'al!%%' ESCAPE '!'",
        "SELECT ID FROM F WHERE VC LIKE '_lpha'", "SELECT ID FROM F WHERE VC LIKE ''",
        "SELECT ID, D FROM F WHERE D >= DATE '2024-01-10' OR D IS NULL", "SELECT * FROM F WHERE DE > 5.5",
        "SELECT ID FROM F WHERE DE = 3", "SELECT ID FROM F WHERE TI IN (1, 2, 3, NULL)",
        "SELECT ID FROM F WHERE TS > TIMESTAMP '2024-01-02 10:00:00'", "SELECT ID FROM F WHERE TSZ < "
            + "TIMESTAMP WITH TIME ZONE '2024-01-01 05:00:00+02'", "SELECT ID FROM F WHERE U = '00000000-0000-0000-0000-000000000003'",
        "SELECT ID FROM F WHERE VB = X'01'", "SELECT ID FROM F WHERE DO = 0.5", "SELECT ID FROM F WHERE CH = 'ab'",
        "SELECT ID FROM F WHERE B = FALSE AND (TI > 100 OR TI < -100)", "SELECT F.ID, F.B FROM F WHERE F.ID < 5",
        "SELECT x.VC FROM F x WHERE x.ID = 9", "SELECT * FROM F", "SELECT ID FROM F WHERE VC = 'alpha' AND ID > 200",
        COUNTS[0], COUNTS[1], COUNTS[2], COUNTS[3], COUNTS[4], COUNTS[5]);
  }

  private static final String[] COUNTS = {"SELECT COUNT(*) FROM F WHERE BI > 0",
      "SELECT COUNT(x.VC) AS N FROM F x WHERE x.ID < 50", "SELECT count(DE) FROM F",
      "SELECT COUNT(*) FROM F WHERE VC = 'nothing'", "select count(f1_0.ID) from F f1_0 where f1_0.VC like 'a%'",
      "SELECT COUNT(TI) c FROM F WHERE TI IS NULL"};

  /** COUNT(*) and COUNT(column) with exact filters are counted without the engine (their metadata: above). */
  @org.junit.jupiter.api.Test
  void counts_areAnsweredWithoutTheEngine() throws Exception {
    io.securejdbc.jdbc.SecureConnection sc = secure.unwrap(io.securejdbc.jdbc.SecureConnection.class);
    long before = sc.fastQueries();
    for (String sql : COUNTS) {
      assertThat(describe(secure, sql)).as(sql).isEqualTo(describe(plain, sql));
    }
    assertThat(sc.fastQueries() - before).isEqualTo(COUNTS.length);
    assertThat(describe(secure, "SELECT COUNT(DISTINCT VC) FROM F")).isEqualTo(describe(plain,
        "SELECT COUNT(DISTINCT VC) FROM F"));
    assertThat(sc.fastQueries() - before).as("DISTINCT is the engine's").isEqualTo(COUNTS.length);
  }

  @ParameterizedTest
  @MethodSource("queries")
  void gettersAndMetadata_matchPlainH2(String sql) throws Exception {
    assertThat(describe(secure, sql)).isEqualTo(describe(plain, sql));
  }

  static Stream<Long> seeds() {
    return LongStream.range(1, 9).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parameterisedLookups_withMaxRows_matchPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    String[] sqls = {"SELECT * FROM F WHERE ID = ?", "SELECT ID FROM F WHERE BI > ? AND VC = ?",
        "SELECT ID FROM F WHERE VC LIKE ?", "SELECT ID, TS FROM F WHERE TS <= ?", "SELECT ID FROM F WHERE DE < ?"};
    for (int q = 0; q < 25; q++) {
      int which = r.nextInt(sqls.length);
      Object[] args = switch (which) {
        case 0 -> new Object[] {r.nextInt(130)};
        case 1 -> new Object[] {(long) r.nextInt(10) - 5, r.nextBoolean() ? "alpha" : "beta"};
        case 2 -> new Object[] {new String[] {"a%", "al\\%pha", "%pha", "b_ta", null}[r.nextInt(5)]};
        case 3 -> new Object[] {java.sql.Timestamp.valueOf("2024-01-0" + (1 + r.nextInt(5)) + " 12:00:00")};
        default -> new Object[] {new java.math.BigDecimal(r.nextInt(40) - 20)};
      };
      int maxRows = r.nextInt(3) == 0 ? 1 + r.nextInt(5) : 0;
      assertThat(run(secure, sqls[which], args, maxRows)).as("seed %d: %s", seed, sqls[which])
          .isEqualTo(run(plain, sqls[which], args, maxRows));
    }
  }

  /**
   * ORDER BY on every column kind (NULLs, duplicates, mixed case, empty strings), ASC / DESC, NULLS FIRST / LAST, by
   * name or select-list position, with OFFSET, FETCH FIRST / LIMIT and maxRows, answered without the working
   * engine: the same rows in the same order as plain H2. ID ends every key list, so the order is total.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void orderByOffsetFetch_matchPlainH2InOrder(long seed) throws Exception {
    Random r = new Random(seed);
    String[] keys = {"TI", "BI", "DE", "VC", "B", "D", "TS", "TSZ", "U", "VB", "DO"};
    String[] filters = {"", " WHERE BI > ?", " WHERE VC LIKE 'a%' OR VC IS NULL", " WHERE x.ID < ?"};
    long before = secure.unwrap(io.securejdbc.jdbc.SecureConnection.class).fastQueries();
    for (int q = 0; q < 30; q++) {
      boolean star = r.nextBoolean();
      // every column but the CHAR one (whose padding the engine applies, so it is never answered here)
      StringBuilder sql = new StringBuilder(star ? "SELECT ID, TI, BI, DE, VC, B, D, TS, TSZ, U, VB, DO FROM F x"
          : "SELECT x.ID, VC, DE, TS FROM F x");
      int filter = r.nextInt(filters.length);
      sql.append(filters[filter]).append(" ORDER BY ");
      List<Object> args = new ArrayList<>();
      if (filter == 1 || filter == 3) {
        args.add(filter == 1 ? (long) r.nextInt(10) - 5 : 40 + r.nextInt(80));
      }
      for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
        String key = star || r.nextBoolean() ? keys[r.nextInt(keys.length)] : String.valueOf(2 + r.nextInt(3));
        sql.append(key).append(new String[] {"", " ASC", " DESC"}[r.nextInt(3)])
            .append(new String[] {"", " NULLS FIRST", " NULLS LAST"}[r.nextInt(3)]).append(", ");
      }
      sql.append(r.nextBoolean() ? "ID" : "x.ID DESC");
      switch (r.nextInt(4)) {
        case 0 -> {
          sql.append(" OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
          args.add(r.nextInt(20));
          args.add(r.nextInt(30));
        }
        case 1 -> sql.append(" LIMIT ").append(r.nextInt(25));
        case 2 -> sql.append(" OFFSET ").append(r.nextInt(100)).append(" ROWS");
        default -> { }
      }
      int maxRows = r.nextInt(4) == 0 ? 1 + r.nextInt(10) : 0;
      assertThat(ordered(secure, sql.toString(), args, maxRows)).as("seed %d: %s %s", seed, sql, args)
          .isEqualTo(ordered(plain, sql.toString(), args, maxRows));
    }
    assertThat(secure.unwrap(io.securejdbc.jdbc.SecureConnection.class).fastQueries() - before)
        .as("queries answered without the engine").isEqualTo(30);
  }

  private static List<String> ordered(Connection c, String sql, List<Object> args, int maxRows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      ps.setMaxRows(maxRows);
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
  }

  private static List<String> run(Connection c, String sql, Object[] args, int maxRows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.setMaxRows(maxRows);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = rows(rs);
        if (maxRows > 0) {
          return List.of("count=" + out.size());
        }
        out.sort(null);
        return out;
      }
    }
  }

  private static List<String> describe(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add("meta " + md.getColumnLabel(i) + "|" + md.getColumnName(i) + "|" + md.getColumnType(i) + "|"
            + md.getColumnTypeName(i) + "|" + md.getPrecision(i) + "|" + md.getScale(i) + "|" + md.getTableName(i)
            + "|" + md.getColumnClassName(i));
      }
      List<String> rows = rows(rs);
      rows.sort(null);
      out.addAll(rows);
      return out;
    }
  }

  /** Every getter that applies, as text. */
  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object o = rs.getObject(i);
        sb.append(o instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(o)).append('/')
            .append(rs.getString(i)).append('/').append(rs.wasNull());
        String label = md.getColumnLabel(i);
        sb.append('/').append(TestDb.normalize(rs.getObject(label)));
        int type = md.getColumnType(i);
        if (type == java.sql.Types.INTEGER || type == java.sql.Types.TINYINT || type == java.sql.Types.BIGINT
            || type == java.sql.Types.DECIMAL || type == java.sql.Types.DOUBLE) {
          sb.append('/').append(rs.getLong(i)).append('/').append(rs.getBigDecimal(i)).append('/')
              .append(rs.getDouble(i));
        }
        if (type == java.sql.Types.TIMESTAMP || type == java.sql.Types.DATE) {
          sb.append('/').append(rs.getTimestamp(i)).append('/').append(rs.getDate(i));
        }
        sb.append(' ');
      }
      out.add(sb.toString());
    }
    return out;
  }
}
