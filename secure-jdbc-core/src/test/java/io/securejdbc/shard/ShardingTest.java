package io.securejdbc.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.store.Shards;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.TestDb;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data sharded over several data backends by row id, each index over several index backends by keyword: the same
 * answers as plain H2, uniqueness across shards, each insider holding only its share, and rebalancing onto added
 * backends without losing or duplicating a row.
 */
class ShardingTest {

  private static final String SHARDED = ";dataBackends=3;indexBackends=3;indexShards=2";
  private static final String[] DATA = {"data", "data1", "data2"};

  private static final List<String> DDL = List.of(
      "CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, OWNER VARCHAR(40), CITY VARCHAR(20), BALANCE DECIMAL(12, 2),"
          + " OPENED DATE)",
      "CREATE TABLE EVENT (KIND VARCHAR(10), AMOUNT INTEGER)",
      "CREATE TABLE USR (ID INTEGER PRIMARY KEY, EMAIL VARCHAR(40) UNIQUE, NAME VARCHAR(20))");

  private static final List<String> QUERIES = List.of(
      "SELECT * FROM ACCOUNT",
      "SELECT * FROM ACCOUNT WHERE ID = 17",
      "SELECT ID, OWNER FROM ACCOUNT WHERE ID IN (1, 5, 9, 1003, 1010, 250)",
      "SELECT * FROM ACCOUNT WHERE CITY = 'Berlin'",
      "SELECT ID FROM ACCOUNT WHERE BALANCE BETWEEN 100 AND 400",
      "SELECT ID FROM ACCOUNT WHERE OWNER LIKE 'own-1%'",
      "SELECT CITY, COUNT(*), SUM(BALANCE) FROM ACCOUNT GROUP BY CITY",
      "SELECT * FROM EVENT WHERE KIND = 'k3'",
      "SELECT KIND, SUM(AMOUNT) FROM EVENT GROUP BY KIND",
      "SELECT A.ID, U.EMAIL FROM ACCOUNT A JOIN USR U ON A.ID = U.ID",
      "SELECT * FROM USR WHERE EMAIL = 'u7@example.org'",
      "SELECT COUNT(*) FROM ACCOUNT WHERE OPENED >= DATE '2020-06-01'");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void shardedStore_answersAsPlainH2_afterInsertsUpdatesMovesAndDeletes(long seed) throws Exception {
    String name = TestDb.uniqueName();
    try (Connection sj = DriverManager.getConnection(TestDb.memUrl(name) + SHARDED);
        Connection h2 = TestDb.plainH2()) {
      for (String ddl : DDL) {
        both(sj, h2, ddl);
      }
      load(sj, seed);
      load(h2, seed);
      // Updates that change the primary key move rows to other shards; others change values in place.
      for (String dml : List.of("UPDATE ACCOUNT SET ID = ID + 1000 WHERE MOD(ID, 7) = 0",
          "UPDATE ACCOUNT SET CITY = 'Berlin', BALANCE = BALANCE + 1 WHERE MOD(ID, 5) = 1",
          "DELETE FROM ACCOUNT WHERE MOD(ID, 11) = 3", "DELETE FROM EVENT WHERE AMOUNT < 10",
          "UPDATE USR SET EMAIL = 'x' || EMAIL WHERE MOD(ID, 3) = 0")) {
        assertThat(count(sj, dml)).as(dml).isEqualTo(count(h2, dml));
      }
      for (String q : QUERIES) {
        assertThat(sorted(TestDb.rows(sj, q))).as(q).isEqualTo(sorted(TestDb.rows(h2, q)));
      }
      assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
    }
  }

  private static void load(Connection c, long seed) throws SQLException {
    Random r = new Random(seed);
    String[] cities = {"Berlin", "Paris", "Oslo", "Rome", "Lima"};
    try (PreparedStatement a = c.prepareStatement("INSERT INTO ACCOUNT VALUES (?, ?, ?, ?, ?)");
        PreparedStatement e = c.prepareStatement("INSERT INTO EVENT VALUES (?, ?)");
        PreparedStatement u = c.prepareStatement("INSERT INTO USR VALUES (?, ?, ?)")) {
      for (int i = 0; i < 300; i++) {
        a.setInt(1, i);
        a.setString(2, "own-" + r.nextInt(400));
        a.setString(3, cities[r.nextInt(cities.length)]);
        a.setBigDecimal(4, BigDecimal.valueOf(r.nextInt(100_000), 2));
        a.setDate(5, java.sql.Date.valueOf(java.time.LocalDate.of(2020, 1, 1).plusDays(r.nextInt(365))));
        a.addBatch();
        e.setString(1, "k" + r.nextInt(8));
        e.setInt(2, r.nextInt(100));
        e.addBatch();
      }
      for (int i = 0; i < 60; i++) {
        u.setInt(1, i);
        u.setString(2, "u" + i + "@example.org");
        u.setString(3, "n" + r.nextInt(10));
        u.addBatch();
      }
      a.executeBatch();
      e.executeBatch();
      u.executeBatch();
    }
  }

  @Test
  void uniqueKeys_rejectDuplicates_whereverTheOriginalLives() throws Exception {
    try (Connection sj = DriverManager.getConnection(TestDb.memUrl(TestDb.uniqueName()) + SHARDED)) {
      for (String ddl : DDL) {
        sj.createStatement().execute(ddl);
      }
      load(sj, 5);
      for (int i = 0; i < 300; i += 3) {
        int id = i;
        assertThatThrownBy(() -> sj.createStatement().execute(
            "INSERT INTO ACCOUNT VALUES (" + id + ", 'dup', 'Oslo', 1, DATE '2021-01-01')"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      }
      // Both keys of a table with two unique keys are enforced (its rows share one shard).
      assertThatThrownBy(() -> sj.createStatement().execute("INSERT INTO USR VALUES (999, 'u7@example.org', 'z')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      assertThatThrownBy(() -> sj.createStatement().execute("INSERT INTO USR VALUES (7, 'new@example.org', 'z')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      // Moving a row onto an existing key is a duplicate too.
      assertThatThrownBy(() -> sj.createStatement().execute("UPDATE ACCOUNT SET ID = 4 WHERE ID = 5"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      assertThat(countRows(sj, "ACCOUNT")).isEqualTo(300);
    }
  }

  @Test
  void eachInsider_holdsOnlyItsShare_ofRowsAndOfEachIndex() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection sj = DriverManager.getConnection(TestDb.memUrl(name) + SHARDED)) {
      for (String ddl : DDL) {
        sj.createStatement().execute(ddl);
      }
      load(sj, 9);
      TableInfo account = table(sj, "ACCOUNT");
      TableInfo usr = table(sj, "USR");
      Set<Long> seen = new HashSet<>();
      int usrShards = 0;
      for (String backend : DATA) {
        try (Connection raw = TestDb.backend(name, backend)) {
          List<Long> rids = rids(raw, account.dataTable());
          // an even spread of 300 rows over 3 shards: far from empty, far from all
          assertThat(rids).as(backend).hasSizeBetween(50, 200);
          for (long rid : rids) {
            assertThat(seen.add(rid)).as("row id on two shards").isTrue();
            assertThat(List.of(DATA).get(Shards.dataShardIndex(rid, 3))).isEqualTo(backend);
          }
          usrShards += rids(raw, usr.dataTable()).isEmpty() ? 0 : 1;
        }
      }
      assertThat(seen).hasSize(300);
      assertThat(usrShards).as("a table with two unique keys lives on one shard").isEqualTo(1);
      ColumnInfo city = account.column("CITY").orElseThrow();
      assertThat(city.indexShards()).hasSize(2);
      Set<String> keywordsSeen = new HashSet<>();
      int total = 0;
      for (String backend : city.indexShards()) {
        try (Connection raw = TestDb.backend(name, backend)) {
          Set<String> mine = new HashSet<>();
          int n = 0;
          for (byte[][] pair : io.securejdbc.testkit.IndexTables.read(raw, city.indexTable())) {
            mine.add(java.util.HexFormat.of().formatHex(pair[0]));
            n++;
          }
          assertThat(n).as(backend).isBetween(1, 299);
          total += n;
          for (String kw : mine) {
            assertThat(keywordsSeen.add(kw)).as("keyword on two index shards").isTrue();
          }
        }
      }
      assertThat(total).isEqualTo(300);
    }
  }

  @Test
  void rebalance_ontoAddedBackends_movesTheirShare_andLosesNothing(@TempDir Path dir) throws Exception {
    String url = "jdbc:secure:file:" + dir;
    Map<String, List<String>> expected = new TreeMap<>();
    try (Connection c = file(url, ";dataBackends=1;indexBackends=2;indexShards=1")) {
      for (String ddl : DDL) {
        c.createStatement().execute(ddl);
      }
      load(c, 11);
      for (String q : QUERIES) {
        expected.put(q, sorted(TestDb.rows(c, q)));
      }
    }
    try (Connection c = file(url, ";dataBackends=2;indexBackends=3;indexShards=2")) {
      // Before the rebalance the new backends hold nothing and every answer is unchanged.
      for (String q : QUERIES) {
        assertThat(sorted(TestDb.rows(c, q))).as(q).isEqualTo(expected.get(q));
      }
      List<io.securejdbc.store.Rebalancer.Moved> moved = SecureAdmin.of(c).rebalance();
      var account = moved.stream().filter(m -> m.table().equals("ACCOUNT")).findFirst().orElseThrow();
      assertThat(account.dataShards()).isEqualTo(2);
      assertThat(account.rowsMoved()).as("about half the rows move to the second shard").isBetween(60L, 240L);
      assertThat(account.entriesMoved()).isPositive();
      assertThat(table(c, "ACCOUNT").dataShards()).containsExactly("data", "data1");
      for (String q : QUERIES) {
        assertThat(sorted(TestDb.rows(c, q))).as(q).isEqualTo(expected.get(q));
      }
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
      // A second run has nothing left to move.
      assertThat(SecureAdmin.of(c).rebalance()).allMatch(m -> m.rowsMoved() == 0 && m.entriesMoved() == 0);
      c.createStatement().execute("INSERT INTO ACCOUNT VALUES (5000, 'late', 'Oslo', 3, DATE '2022-01-01')");
    }
    try (Connection c = file(url, ";dataBackends=2;indexBackends=3;indexShards=2")) {
      assertThat(countRows(c, "ACCOUNT")).isEqualTo(301);
      assertThat(TestDb.rows(c, "SELECT OWNER FROM ACCOUNT WHERE ID = 5000")).containsExactly(List.of("late"));
      assertThat(SecureAdmin.of(c).verify()).allMatch(StoreCheck.Report::clean);
    }
  }

  @Test
  void strayCopy_leftByAnInterruptedRebalance_isInvisible_andRepairRemovesIt() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection sj = DriverManager.getConnection(TestDb.memUrl(name) + SHARDED)) {
      for (String ddl : DDL) {
        sj.createStatement().execute(ddl);
      }
      load(sj, 13);
      TableInfo account = table(sj, "ACCOUNT");
      int slots = account.uniqueSlotCount();
      // Copy one row of shard "data" verbatim onto shard "data1", as a rebalance cut short before its clean-up.
      try (Connection from = TestDb.backend(name, "data"); Connection to = TestDb.backend(name, "data1");
          Statement s = from.createStatement();
          ResultSet rs = s.executeQuery("SELECT rid, ct, k0 FROM " + account.dataTable() + " LIMIT 1")) {
        assertThat(slots).isEqualTo(1);
        assertThat(rs.next()).isTrue();
        try (PreparedStatement ps = to.prepareStatement("INSERT INTO " + account.dataTable()
            + " (rid, ct, k0) VALUES (?, ?, NULL)")) {
          ps.setLong(1, rs.getLong(1));
          ps.setBytes(2, rs.getBytes(2));
          ps.executeUpdate();
        }
      }
      assertThat(countRows(sj, "ACCOUNT")).isEqualTo(300);
      assertThat(TestDb.rows(sj, "SELECT COUNT(DISTINCT ID) FROM ACCOUNT")).containsExactly(List.of(300L));
      List<StoreCheck.Report> reports = SecureAdmin.of(sj).verify();
      assertThat(reports).anyMatch(r -> r.table().equals("ACCOUNT") && r.staleEntries() == 1);
      SecureAdmin.of(sj).repair();
      assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
      try (Connection to = TestDb.backend(name, "data1")) {
        for (long rid : rids(to, account.dataTable())) {
          assertThat(Shards.dataShardIndex(rid, 3)).isEqualTo(1);
        }
      }
    }
  }

  private static Connection file(String url, String props) throws SQLException {
    Properties p = new Properties();
    p.setProperty("tokenPin", "shard-pin");
    p.setProperty("tokenKdfMemoryKiB", "256");
    return DriverManager.getConnection(url + props, p);
  }

  private static TableInfo table(Connection c, String name) throws SQLException {
    return c.unwrap(SecureConnection.class).database().store().catalog().table(name).orElseThrow();
  }

  private static List<Long> rids(Connection raw, String table) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT rid FROM " + table)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static void both(Connection a, Connection b, String sql) throws SQLException {
    a.createStatement().execute(sql);
    b.createStatement().execute(sql);
  }

  private static int count(Connection c, String dml) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(dml);
    }
  }

  private static long countRows(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> sorted(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : r) {
        cells.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v));
      }
      out.add(String.join("|", cells));
    }
    java.util.Collections.sort(out);
    return out;
  }
}
