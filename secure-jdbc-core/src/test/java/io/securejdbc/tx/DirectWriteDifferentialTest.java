package io.securejdbc.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameterised INSERTs and UPDATEs that the driver may apply without its working engine (DirectWrites) run through
 * plain H2 and secure-jdbc with parameters of every Java class near every column's limits (out of range, too long,
 * -0.0, NaN, wrong scale, surrogate pairs, NULL for NOT NULL): the same update counts, the same errors and the same
 * table contents at every step, whether a given execution took the direct path or fell back to the engine.
 */
class DirectWriteDifferentialTest {

  private static final String COLUMNS = "ID INTEGER PRIMARY KEY, B BOOLEAN, T TINYINT, S SMALLINT, I INTEGER NOT NULL,"
      + " L BIGINT, D DOUBLE, R REAL, N DECIMAL(8, 2), V VARCHAR(6), X VARBINARY(4), U UUID, E VARCHAR";
  private static final int COLUMN_COUNT = 13;
  private static final String[] STATEMENTS = {
      "INSERT INTO W VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "INSERT INTO W (E, U, X, V, N, R, D, L, I, S, T, B, ID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "UPDATE W SET I = ?, V = ? WHERE ID = ?",
      "UPDATE W SET D = ?, N = ?, R = ? WHERE L BETWEEN ? AND ?",
      "UPDATE W w SET X = ?, B = ? WHERE w.V = ?",
      "UPDATE W SET T = ?, S = ?, U = ?, E = ? WHERE I >= ? AND ID < ?",
      "UPDATE W SET ID = ? WHERE ID = ?",
      "DELETE FROM W WHERE ID = ?",
  };

  private static final List<String> PROBES = List.of(
      "SELECT ID FROM W WHERE D = 0 ORDER BY ID",
      "SELECT ID FROM W WHERE R = 0 ORDER BY ID",
      "SELECT ID FROM W WHERE D > 100 ORDER BY ID",
      "SELECT ID FROM W WHERE N = 123456.78 OR N < 10 ORDER BY ID",
      "SELECT ID FROM W WHERE V = 'v1' OR V LIKE 'x%' ORDER BY ID",
      "SELECT ID FROM W WHERE T < 0 OR S > 1000 OR B ORDER BY ID",
      "SELECT ID FROM W WHERE I = 2147483647 OR L >= 0 ORDER BY ID",
      "SELECT ID FROM W WHERE U = '00000000-0000-0001-0000-000000000002' ORDER BY ID",
      "SELECT ID FROM W WHERE E LIKE 'e%' ORDER BY ID");

  static Stream<Long> seeds() {
    return LongStream.range(1, 11).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomParameterisedWrites_matchPlainH2(long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      List<Connection> both = List.of(secure, plain);
      for (Connection c : both) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE W (" + COLUMNS + ")");
          s.execute("CREATE INDEX W_I ON W (I)");
          s.execute("CREATE INDEX W_L ON W (L)");
          s.execute("CREATE INDEX W_V ON W (V)");
          for (String col : List.of("B", "T", "S", "D", "R", "N", "X", "U", "E")) {
            s.execute("CREATE INDEX W_" + col + " ON W (" + col + ")");
          }
        }
      }
      boolean tx = false;
      for (int step = 0; step < 80; step++) {
        if (r.nextInt(10) == 0) {
          tx = !tx;
          for (Connection c : both) {
            c.setAutoCommit(!tx);
          }
        }
        int which = r.nextInt(STATEMENTS.length + 2);
        boolean batch = which >= STATEMENTS.length;
        String sql = STATEMENTS[batch ? 0 : which];
        List<Object[]> sets = new ArrayList<>();
        for (int i = 0, n = batch ? 1 + r.nextInt(4) : 1; i < n; i++) {
          sets.add(parameters(r, which >= STATEMENTS.length ? 0 : which));
        }
        List<String> outcomes = new ArrayList<>();
        for (Connection c : both) {
          outcomes.add(run(c, sql, sets, batch));
        }
        String what = "seed " + seed + " step " + step + ": " + sql + " " + describe(sets);
        assertThat(outcomes.get(0)).as(what).isEqualTo(outcomes.get(1));
        if (tx && r.nextInt(4) == 0) {
          boolean commit = r.nextBoolean();
          for (Connection c : both) {
            if (commit) {
              c.commit();
            } else {
              c.rollback();
            }
          }
        }
        assertThat(TestDb.rows(secure, "SELECT * FROM W ORDER BY ID")).as(what)
            .isEqualTo(TestDb.rows(plain, "SELECT * FROM W ORDER BY ID"));
        // The rows as the indexes find them: a value stored differently from the engine's (-0.0, a padded or
        // rescaled value) would be missed by its keyword even when the rows read back the same.
        for (String probe : PROBES) {
          assertThat(TestDb.rows(secure, probe)).as(what + " / " + probe).isEqualTo(TestDb.rows(plain, probe));
        }
      }
      for (Connection c : both) {
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
      assertThat(TestDb.rows(secure, "SELECT ID FROM W WHERE V IS NOT NULL ORDER BY ID"))
          .isEqualTo(TestDb.rows(plain, "SELECT ID FROM W WHERE V IS NOT NULL ORDER BY ID"));
      assertThat(secure.unwrap(SecureConnection.class).directWrites()).as("seed %d: direct path taken", seed)
          .isGreaterThan(10);
    }
  }

  @Test
  void directPath_isTakenOnlyWhenTheValuesNeedNoConversion() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      SecureConnection sc = c.unwrap(SecureConnection.class);
      s.execute("CREATE TABLE P (ID BIGINT PRIMARY KEY, NAME VARCHAR(5), QTY INTEGER NOT NULL)");
      s.execute("CREATE TABLE C (ID INTEGER PRIMARY KEY, QTY INTEGER, CHECK (QTY > 0))");
      long before = sc.directWrites();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO P VALUES (?, ?, ?)")) {
        ps.setLong(1, 1);
        ps.setString(2, "one");
        ps.setInt(3, 10);
        assertThat(ps.executeUpdate()).isEqualTo(1);
        assertThat(sc.directWrites()).isEqualTo(before + 1);
        ps.setLong(1, 2);
        ps.setString(2, "two");
        ps.setString(3, "20"); // a conversion: the engine's job
        assertThat(ps.executeUpdate()).isEqualTo(1);
        assertThat(sc.directWrites()).isEqualTo(before + 1);
        ps.setLong(1, 3);
        ps.setString(2, "three");
        ps.setNull(3, java.sql.Types.INTEGER); // NOT NULL: the engine reports it
        assertThatFails(ps, "23502");
        assertThat(sc.directWrites()).isEqualTo(before + 1);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE P SET QTY = ? WHERE NAME = ?")) {
        ps.setInt(1, 7);
        ps.setString(2, "two");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        assertThat(sc.directWrites()).isEqualTo(before + 2);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO C VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setInt(2, 0);
        assertThatFails(ps, "23513"); // CHECK constraints are the engine's: never direct
        assertThat(sc.directWrites()).isEqualTo(before + 2);
      }
      assertThat(TestDb.rows(c, "SELECT * FROM P ORDER BY ID"))
          .isEqualTo(List.of(List.of(1L, "one", 10), List.of(2L, "two", 7)));
      assertThat(TestDb.rows(c, "SELECT ID FROM P WHERE QTY = 7")).isEqualTo(List.of(List.of(2L)));
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM P p WHERE p.QTY = ? AND NAME = ?")) {
        ps.setInt(1, 7);
        ps.setString(2, "two");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        assertThat(sc.directWrites()).isEqualTo(before + 3);
        ps.setString(1, "10"); // a conversion: the engine's job
        ps.setString(2, "one");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        assertThat(sc.directWrites()).isEqualTo(before + 3);
      }
      assertThat(s.executeUpdate("DELETE FROM P WHERE ID = 1 OR QTY BETWEEN 5 AND 8")).isZero(); // literals too
      assertThat(sc.directWrites()).isEqualTo(before + 4);
      assertThat(TestDb.rows(c, "SELECT * FROM P")).isEmpty();
      assertThat(TestDb.rows(c, "SELECT ID FROM P WHERE NAME IN ('one', 'two')")).isEmpty();
    }
  }

  private static void assertThatFails(PreparedStatement ps, String state) {
    try {
      ps.executeUpdate();
      throw new AssertionError("expected SQLState " + state);
    } catch (SQLException e) {
      assertThat(e.getSQLState()).isEqualTo(state);
    }
  }

  private static String run(Connection c, String sql, List<Object[]> sets, boolean batch) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] set : sets) {
        for (int i = 0; i < set.length; i++) {
          ps.setObject(i + 1, set[i]);
        }
        if (batch) {
          ps.addBatch();
        }
      }
      return batch ? "batch " + Arrays.toString(ps.executeBatch()) : "count " + ps.executeUpdate();
    } catch (BatchUpdateException e) {
      return "batch error " + e.getSQLState() + " " + Arrays.toString(e.getUpdateCounts());
    } catch (SQLException e) {
      return "error " + e.getSQLState();
    }
  }

  /** Percent of values that are NULL or of another class; per statement, so that most statements are all exact. */
  private static int wildness;

  private static Object[] parameters(Random r, int statement) {
    wildness = r.nextInt(3) == 0 ? 30 : 0;
    return switch (statement) {
      case 0, 1 -> {
        Object[] row = new Object[COLUMN_COUNT];
        for (int i = 0; i < COLUMN_COUNT; i++) {
          row[i] = value(r, TYPES[i]);
        }
        if (statement == 1) {
          java.util.Collections.reverse(Arrays.asList(row));
        }
        yield row;
      }
      case 2 -> new Object[] {value(r, 'I'), value(r, 'V'), value(r, '#')};
      case 3 -> new Object[] {value(r, 'D'), value(r, 'N'), value(r, 'R'), (long) r.nextInt(200) - 100,
          (long) r.nextInt(200)};
      case 4 -> new Object[] {value(r, 'X'), value(r, 'B'), r.nextInt(5) == 0 ? null : "v" + r.nextInt(6)};
      case 5 -> new Object[] {value(r, 'T'), value(r, 'S'), value(r, 'U'), value(r, 'E'), r.nextInt(50),
          value(r, '#')};
      case 6 -> new Object[] {value(r, '#'), value(r, '#')};
      default -> new Object[] {value(r, '#')};
    };
  }

  /** Column type codes in table order: '#' the key, then B T S I L D R N V X U E as the column names. */
  private static final char[] TYPES = {'#', 'B', 'T', 'S', 'I', 'L', 'D', 'R', 'N', 'V', 'X', 'U', 'E'};

  /**
   * Mostly a value of the column's own Java class, often at an edge (the direct path's cases), sometimes NULL or
   * a value of any other class (the engine's conversions and errors).
   */
  private static Object value(Random r, char type) {
    int dice = r.nextInt(100);
    if (dice < wildness) {
      return r.nextBoolean() ? null : wild(r);
    }
    return switch (type) {
      case '#' -> r.nextInt(30);
      case 'B' -> r.nextBoolean();
      case 'T' -> r.nextInt(300) - 150;
      case 'S' -> r.nextBoolean() ? (Object) (short) (r.nextInt(70000) - 35000) : r.nextInt(70000) - 35000;
      case 'I' -> r.nextInt(4) == 0 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE) : r.nextInt(50);
      case 'L' -> r.nextInt(4) == 0 ? (Object) (1L << 40) : (long) r.nextInt(200) - 100;
      case 'D' -> switch (r.nextInt(5)) {
        case 0 -> -0.0;
        case 1 -> Double.NaN;
        case 2 -> Double.MAX_VALUE;
        default -> r.nextInt(1000) / 8.0;
      };
      case 'R' -> switch (r.nextInt(4)) {
        case 0 -> -0.0f;
        case 1 -> Float.NaN;
        default -> r.nextInt(1000) / 8.0f;
      };
      case 'N' -> switch (r.nextInt(4)) {
        case 0 -> new BigDecimal("123456.78");
        case 1 -> new BigDecimal("1234567.80");
        case 2 -> new BigDecimal(r.nextInt(100000)).movePointLeft(r.nextInt(4));
        default -> new BigDecimal(r.nextInt(100000)).movePointLeft(2);
      };
      case 'V' -> switch (r.nextInt(5)) {
        case 0 -> "x".repeat(r.nextInt(9));
        case 1 -> "\uD83D\uDE00" + r.nextInt(10);
        case 2 -> "";
        default -> "v" + r.nextInt(6);
      };
      case 'X' -> {
        byte[] b = new byte[r.nextInt(7)];
        r.nextBytes(b);
        yield b;
      }
      case 'U' -> new UUID(r.nextInt(3), r.nextInt(4));
      default -> "e".repeat(r.nextInt(3)) + r.nextInt(100);
    };
  }

  /** A value of some other class than the column's: the engine converts it, or refuses it. */
  private static Object wild(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> (byte) r.nextInt(256);
      case 1 -> (short) r.nextInt(300);
      case 2 -> (long) r.nextInt(100);
      case 3 -> Long.MAX_VALUE;
      case 4 -> String.valueOf(r.nextInt(100));
      case 5 -> 2.5;
      case 6 -> "true";
      case 7 -> new UUID(0, r.nextInt(4)).toString();
      default -> r.nextInt(1000);
    };
  }

  private static String describe(List<Object[]> sets) {
    List<String> out = new ArrayList<>();
    for (Object[] set : sets) {
      List<String> values = new ArrayList<>();
      for (Object v : set) {
        values.add(v == null ? "null" : v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b)
            : v.getClass().getSimpleName() + ":" + v);
      }
      out.add(values.toString());
    }
    return String.join(" ", out);
  }
}
