package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported type, NULL included, comes back exactly as plain H2 gives it back. */
class RoundTripTest {

  static final String DDL = "CREATE TABLE ALLTYPES (ID INTEGER PRIMARY KEY, B BOOLEAN, TI TINYINT, SI SMALLINT,"
      + " I INTEGER, BI BIGINT, DE DECIMAL(20, 5), RE REAL, DO DOUBLE PRECISION, CH CHAR(5), VC VARCHAR(100),"
      + " CL CLOB, BIN BINARY(4), VB VARBINARY(50), BL BLOB, DA DATE, TM TIME, TS TIMESTAMP(9),"
      + " TSZ TIMESTAMP(9) WITH TIME ZONE, U UUID)";

  static Stream<Long> seeds() {
    return LongStream.range(1, 6).boxed();
  }

  @Test
  void literals_andNulls_roundTrip() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection secure = TestDb.open(name); Connection plain = TestDb.plainH2()) {
      for (Connection c : List.of(secure, plain)) {
        try (Statement s = c.createStatement()) {
          s.execute(DDL);
          s.executeUpdate("INSERT INTO ALLTYPES VALUES (1, TRUE, -7, 300, -2147483648, 9223372036854775807,"
              + " 123456789012345.12345, 1.5, -2.25E-7, 'ab', 'Grüße, 世界 😀', 'long text', X'01020304',"
              + " X'00ff', X'cafe', DATE '2024-02-29', TIME '23:59:59', TIMESTAMP '2024-02-29 12:34:56.123456789',"
              + " TIMESTAMP WITH TIME ZONE '2024-02-29 12:34:56.5+05:30', '123e4567-e89b-12d3-a456-426614174000')");
          s.executeUpdate("INSERT INTO ALLTYPES (ID) VALUES (2)");
        }
      }
      assertThat(TestDb.rows(secure, "SELECT * FROM ALLTYPES ORDER BY ID"))
          .isEqualTo(TestDb.rows(plain, "SELECT * FROM ALLTYPES ORDER BY ID"));
      assertThat(TestDb.rows(secure, "SELECT * FROM ALLTYPES WHERE ID = 2").get(0).subList(1, 20))
          .containsOnlyNulls();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomValues_throughParameters_roundTrip(long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      for (Connection c : List.of(secure, plain)) {
        try (Statement s = c.createStatement()) {
          s.execute(DDL);
        }
      }
      for (int id = 1; id <= 30; id++) {
        Object[] row = randomRow(r, id);
        for (Connection c : List.of(secure, plain)) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO ALLTYPES VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < row.length; i++) {
              ps.setObject(i + 1, row[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
          }
        }
      }
      assertThat(TestDb.rows(secure, "SELECT * FROM ALLTYPES ORDER BY ID")).as("seed %d", seed)
          .isEqualTo(TestDb.rows(plain, "SELECT * FROM ALLTYPES ORDER BY ID"));
    }
  }

  @Test
  void resultSetMetaData_describesTheLogicalColumns() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute(DDL);
      try (ResultSet rs = s.executeQuery("SELECT ID, DE, VC AS LABEL FROM ALLTYPES")) {
        ResultSetMetaData md = rs.getMetaData();
        assertThat(md.getColumnCount()).isEqualTo(3);
        assertThat(md.getColumnName(1)).isEqualTo("ID");
        assertThat(md.getColumnType(2)).isEqualTo(java.sql.Types.DECIMAL);
        assertThat(md.getPrecision(2)).isEqualTo(20);
        assertThat(md.getScale(2)).isEqualTo(5);
        assertThat(md.getColumnLabel(3)).isEqualTo("LABEL");
        assertThat(md.getTableName(1)).isEqualTo("ALLTYPES");
        assertThat(rs.getStatement()).isSameAs(s);
      }
    }
  }

  static Object[] randomRow(Random r, int id) {
    Object[] v = new Object[20];
    v[0] = id;
    v[1] = r.nextBoolean();
    v[2] = r.nextInt(256) - 128;
    v[3] = r.nextInt(65536) - 32768;
    v[4] = r.nextInt();
    v[5] = r.nextLong();
    v[6] = BigDecimal.valueOf(r.nextLong() % 1_000_000_000_000_000L, 5);
    v[7] = (float) (r.nextGaussian() * 1000);
    v[8] = r.nextGaussian() * 1e10;
    v[9] = randomText(r, 5);
    v[10] = randomText(r, 100);
    v[11] = randomText(r, 300);
    byte[] bin = new byte[4];
    r.nextBytes(bin);
    v[12] = bin;
    byte[] vb = new byte[r.nextInt(50)];
    r.nextBytes(vb);
    v[13] = vb;
    byte[] bl = new byte[r.nextInt(2000)];
    r.nextBytes(bl);
    v[14] = bl;
    v[15] = LocalDate.ofEpochDay(r.nextInt(80000) - 20000);
    v[16] = LocalTime.ofSecondOfDay(r.nextInt(86400));
    v[17] = LocalDateTime.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000), ZoneOffset.UTC);
    v[18] = OffsetDateTime.of(LocalDateTime.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000), ZoneOffset.UTC),
        ZoneOffset.ofTotalSeconds((r.nextInt(37) - 18) * 1800));
    v[19] = new UUID(r.nextLong(), r.nextLong());
    for (int i = 1; i < v.length; i++) {
      if (r.nextInt(8) == 0) {
        v[i] = null;
      }
    }
    return v;
  }

  static String randomText(Random r, int max) {
    String alphabet = "abcXYZ 0123'\"%_\\é中😀";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    while (sb.length() < n) {
      int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0,
          alphabet.length()))));
      if (sb.length() + Character.charCount(cp) > n) {
        break;
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
