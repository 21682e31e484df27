package io.securejdbc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MariaDB data backends fetch rows by id in one statement (ids as JSON arrays unpacked by JSON_TABLE) when the
 * server has JSON_TABLE, and fall back to IN lists when it has not: one statement is one snapshot.
 */
class MariaDbIdArrayTest {

  private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test";

  @Test
  void jsonTableIsUsedFromMariaDb106AndMySql804_only() {
    assertThat(MariaDbDialect.hasJsonTable("MariaDB", "10.11.19-MariaDB-0+deb12u1")).isTrue();
    assertThat(MariaDbDialect.hasJsonTable("MariaDB", "10.6.0-MariaDB")).isTrue();
    assertThat(MariaDbDialect.hasJsonTable("MariaDB", "11.4.2-MariaDB")).isTrue();
    assertThat(MariaDbDialect.hasJsonTable("MariaDB", "10.5.27-MariaDB")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "5.5.5-10.11.6-MariaDB-log")).isTrue();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "5.5.5-10.4.6-MariaDB")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "8.0.36")).isTrue();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "8.0.3-rc")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "5.7.44-log")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "99999999999.0.0")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable("MySQL", "unknown")).isFalse();
    assertThat(MariaDbDialect.hasJsonTable(null, null)).isFalse();
    // Before a connection told it the version, the dialect keeps the IN lists.
    assertThat(new MariaDbDialect().selectRowsByIdArrays("t", 1)).isNull();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void rowsByIdArrays_returnExactlyTheRowsAsked(long seed) throws SQLException {
    Connection c = mariaDb();
    assumeTrue(c != null, "no MariaDB on 127.0.0.1:3306");
    String table = "sj_test_ids_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    MariaDbDialect dialect = new MariaDbDialect();
    try (c; Statement s = c.createStatement()) {
      dialect.inspect(c.getMetaData());
      assumeTrue(dialect.selectRowsByIdArray(table) != null, "this MariaDB has no JSON_TABLE");
      s.execute(dialect.createDataTable(table, 0));
      SplittableRandom r = new SplittableRandom(seed);
      List<Long> stored = new ArrayList<>();
      try (PreparedStatement ins = c.prepareStatement(dialect.insertRow(table, 0))) {
        for (int i = 0; i < 3_000; i++) {
          long rid = r.nextLong(1, Long.MAX_VALUE);
          stored.add(rid);
          ins.setLong(1, rid);
          ins.setBytes(2, new byte[] {(byte) i});
          ins.addBatch();
        }
        ins.executeBatch();
      }
      for (int arrays : new int[] {1, 3}) {
        // Some stored ids, some never stored; split over the arrays unevenly.
        Set<Long> asked = new HashSet<>();
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 900; i++) {
          long id = r.nextInt(3) == 0 ? r.nextLong(1, Long.MAX_VALUE) : stored.get(r.nextInt(stored.size()));
          asked.add(id);
          if (stored.contains(id)) {
            expected.add(id);
          }
        }
        List<Long> all = new ArrayList<>(asked);
        String sql = dialect.selectRowsByIdArrays(table, arrays);
        Set<Long> got = new HashSet<>();
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          int per = (all.size() + arrays - 1) / arrays;
          for (int a = 0; a < arrays; a++) {
            List<Long> part = all.subList(Math.min(all.size(), a * per), Math.min(all.size(), (a + 1) * per));
            dialect.bindIdArray(ps, a + 1, part.toArray(new Long[0]));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              got.add(rs.getLong(1));
              rows++;
            }
          }
        }
        assertThat(got).as("seed %d, %d arrays", seed, arrays).isEqualTo(expected);
        assertThat(rows).as("seed %d, %d arrays: each row once", seed, arrays).isEqualTo(expected.size());
      }
      s.execute(dialect.dropTable(table));
    }
  }

  @Test
  void aBackendLearnsFromItsFirstConnectionWhetherJsonTableExists() throws SQLException {
    Connection probe = mariaDb();
    assumeTrue(probe != null, "no MariaDB on 127.0.0.1:3306");
    boolean expected;
    try (probe) {
      expected = MariaDbDialect.hasJsonTable(probe.getMetaData().getDatabaseProductName(),
          probe.getMetaData().getDatabaseProductVersion());
    }
    try (Backend b = Backends.create("maria", BackendRole.DATA, "z", URL, "root", null, null,
        Backends.PoolSettings.defaults())) {
      assertThat(b.dialect().selectRowsByIdArray("t")).isNull();
      try (Connection c = b.connect()) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(b.dialect().selectRowsByIdArray("t") != null).isEqualTo(expected);
    }
  }

  private static Connection mariaDb() {
    try {
      return DriverManager.getConnection(URL, "root", "");
    } catch (SQLException e) {
      return null;
    }
  }
}
