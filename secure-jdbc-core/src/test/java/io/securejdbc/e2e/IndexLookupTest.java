package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * WHERE clauses of =, AND, OR, IN, ranges, LIKE prefixes and IS NULL are answered through the index: results equal
 * plain H2's, and the rows decrypted are only the candidates, not the table.
 */
class IndexLookupTest {

  private Connection secure;
  private Connection plain;

  @BeforeEach
  void load() throws Exception {
    secure = TestDb.open(TestDb.uniqueName());
    plain = TestDb.plainH2();
    Random r = new Random(42);
    for (Connection c : List.of(secure, plain)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE CONTACT (ID INTEGER PRIMARY KEY, NAME VARCHAR(30), CITY VARCHAR(20), AGE INTEGER,"
            + " SCORE DOUBLE PRECISION, JOINED DATE, VIP BOOLEAN)");
      }
    }
    String[] cities = {"Berlin", "Paris", "Rome", "Oslo", "Lima", null};
    for (Connection c : List.of(secure, plain)) {
      r.setSeed(42);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO CONTACT VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 400; i++) {
          ps.setInt(1, i);
          ps.setString(2, "name" + r.nextInt(200));
          ps.setString(3, cities[r.nextInt(cities.length)]);
          if (r.nextInt(10) == 0) {
            ps.setNull(4, java.sql.Types.INTEGER);
          } else {
            ps.setInt(4, r.nextInt(90));
          }
          ps.setDouble(5, r.nextInt(1000) / 10.0);
          ps.setObject(6, java.time.LocalDate.of(2020, 1, 1).plusDays(r.nextInt(1000)));
          ps.setBoolean(7, r.nextInt(20) == 0);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    secure.close();
    plain.close();
  }

  static Stream<String> queries() {
    return Stream.of(
        "SELECT * FROM CONTACT WHERE ID = 17",
        "SELECT NAME, CITY FROM CONTACT WHERE CITY = 'Oslo' AND AGE > 40",
        "SELECT * FROM CONTACT WHERE CITY = 'Oslo' OR CITY = 'Lima'",
        "SELECT ID FROM CONTACT WHERE AGE IN (3, 5, 7, 11)",
        "SELECT ID FROM CONTACT WHERE AGE BETWEEN 10 AND 12",
        "SELECT ID FROM CONTACT WHERE AGE >= 88 OR AGE < 1",
        "SELECT ID FROM CONTACT WHERE NAME LIKE 'name1%'",
        "SELECT ID FROM CONTACT WHERE NAME LIKE 'name19_'",
        "SELECT ID FROM CONTACT WHERE CITY IS NULL",
        "SELECT ID FROM CONTACT WHERE AGE IS NULL AND CITY = 'Rome'",
        "SELECT ID FROM CONTACT WHERE SCORE = 50.5",
        "SELECT ID FROM CONTACT WHERE SCORE < 1.5",
        "SELECT ID FROM CONTACT WHERE AGE = 20.5",
        "SELECT ID FROM CONTACT WHERE AGE < 20.5 AND AGE > 19.5",
        "SELECT ID FROM CONTACT WHERE JOINED = DATE '2021-06-01'",
        "SELECT ID FROM CONTACT WHERE JOINED BETWEEN DATE '2021-06-01' AND DATE '2021-06-30'",
        "SELECT ID FROM CONTACT WHERE VIP",
        "SELECT ID FROM CONTACT WHERE VIP = TRUE AND AGE > 50",
        "SELECT ID FROM CONTACT WHERE CITY = 'Nowhere'",
        "SELECT ID FROM CONTACT WHERE (CITY = 'Oslo' AND AGE < 10) OR (CITY = 'Rome' AND AGE > 80)",
        "SELECT ID FROM CONTACT WHERE CITY = 'Oslo' AND NAME <> 'name5'",
        "SELECT ID FROM CONTACT WHERE -5 < AGE AND 3 > AGE");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void indexedQueries_matchPlainH2_andDecryptOnlyCandidates(String sql) throws Exception {
    SecureConnection sc = secure.unwrap(SecureConnection.class);
    long before = sc.rowsDecrypted();
    long scansBefore = sc.fullScans();
    List<List<Object>> got = sorted(TestDb.rows(secure, sql));
    assertThat(got).isEqualTo(sorted(TestDb.rows(plain, sql)));
    long decrypted = sc.rowsDecrypted() - before;
    assertThat(sc.fullScans()).as("full scans").isEqualTo(scansBefore);
    assertThat(decrypted).as("rows decrypted for %s", sql).isLessThan(400);
  }

  @Test
  void pointLookup_decryptsOneRow_andNonIndexablePredicates_scan() throws Exception {
    SecureConnection sc = secure.unwrap(SecureConnection.class);
    long before = sc.rowsDecrypted();
    try (PreparedStatement ps = secure.prepareStatement("SELECT NAME FROM CONTACT WHERE ID = ?")) {
      ps.setInt(1, 123);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
    assertThat(sc.rowsDecrypted() - before).isEqualTo(1);
    long scans = sc.fullScans();
    assertThat(TestDb.rows(secure, "SELECT ID FROM CONTACT WHERE UPPER(CITY) = 'OSLO'"))
        .hasSameSizeAs(TestDb.rows(plain, "SELECT ID FROM CONTACT WHERE UPPER(CITY) = 'OSLO'"));
    assertThat(sc.fullScans()).isEqualTo(scans + 1);
  }

  static Stream<Long> seeds() {
    return LongStream.range(1, 11).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomConjunctionsAndDisjunctions_matchPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    for (int q = 0; q < 20; q++) {
      String where = randomPredicate(r, 2);
      String sql = "SELECT ID FROM CONTACT WHERE " + where;
      assertThat(sorted(TestDb.rows(secure, sql))).as("seed %d: %s", seed, sql)
          .isEqualTo(sorted(TestDb.rows(plain, sql)));
    }
  }

  private static String randomPredicate(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return switch (r.nextInt(8)) {
        case 0 -> "ID = " + (r.nextInt(420) - 10);
        case 1 -> "AGE " + new String[] {"<", "<=", ">", ">=", "="}[r.nextInt(5)] + " " + (r.nextInt(100) - 5);
        case 2 -> "CITY = '" + new String[] {"Berlin", "Paris", "Rome", "X"}[r.nextInt(4)] + "'";
        case 3 -> "NAME LIKE 'name" + r.nextInt(30) + "%'";
        case 4 -> "CITY IS NULL";
        case 5 -> "SCORE BETWEEN " + r.nextInt(50) + " AND " + (50 + r.nextInt(50));
        case 6 -> "AGE IN (" + r.nextInt(90) + ", " + r.nextInt(90) + ")";
        default -> "NOT (AGE > " + r.nextInt(90) + ")";
      };
    }
    String op = r.nextBoolean() ? " AND " : " OR ";
    return "(" + randomPredicate(r, depth - 1) + op + randomPredicate(r, depth - 1) + ")";
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort((a, b) -> a.toString().compareTo(b.toString()));
    return copy;
  }
}
