package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sequences as H2 gives them (CREATE/DROP/ALTER ... RESTART, NEXT VALUE FOR, nextval, CALL, CURRENT VALUE FOR,
 * column defaults), what Hibernate sends for sequence-generated keys, values never shared between connections, and
 * clear errors at the limits.
 */
class SequenceTest {

  @Test
  void scriptedStatements_matchPlainH2() throws Exception {
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      assertThat(script(secure)).isEqualTo(script(plain));
    }
  }

  /** Every statement's outcome: result rows, update counts, errors. */
  private static List<String> script(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    String[] statements = {
      // Hibernate 6 on H2: pooled optimizer, allocationSize 50
      "drop sequence if exists ORDERS_SEQ",
      "create sequence ORDERS_SEQ start with 1 increment by 50",
      "create table ORDERS (ID bigint not null, NOTE varchar(20), primary key (ID))",
      "call next value for ORDERS_SEQ",
      "call next value for ORDERS_SEQ",
      "insert into ORDERS (NOTE, ID) values ('a', 1)",
      // standard and PostgreSQL forms, descending, small types, no cache
      "CREATE SEQUENCE DOWN INCREMENT BY -3 MINVALUE -100 MAXVALUE 10 START WITH 7",
      "CREATE SEQUENCE SMALL AS INTEGER START WITH 5 CACHE 1",
      "SELECT NEXT VALUE FOR DOWN, NEXT VALUE FOR SMALL",
      "SELECT nextval('DOWN'), nextval('SMALL')",
      "SELECT CURRENT VALUE FOR DOWN",
      "INSERT INTO ORDERS VALUES (NEXT VALUE FOR SMALL, 'b')",
      // more rows than one block of values: the statement runs again with a larger block
      "CREATE TABLE SRC (N INTEGER PRIMARY KEY)",
      "INSERT INTO SRC SELECT X FROM SYSTEM_RANGE(1, 150)",
      "INSERT INTO ORDERS SELECT NEXT VALUE FOR SMALL, 'n' || N FROM SRC",
      "SELECT COUNT(*), MIN(ID), MAX(ID), COUNT(DISTINCT ID) FROM ORDERS",
      // a column default drawing from a sequence
      "CREATE SEQUENCE ITEM_SEQ START WITH 1000",
      "CREATE TABLE ITEM (ID BIGINT DEFAULT NEXT VALUE FOR ITEM_SEQ PRIMARY KEY, NAME VARCHAR(10))",
      "INSERT INTO ITEM (NAME) VALUES ('x'), ('y'), ('z')",
      "INSERT INTO ITEM (NAME) SELECT 's' || N FROM SRC WHERE N <= 70",
      "SELECT ID, NAME FROM ITEM WHERE NAME IN ('x', 'z', 's70') ORDER BY ID",
      "DROP SEQUENCE ITEM_SEQ",
      "ALTER SEQUENCE SMALL RESTART WITH 500",
      "SELECT NEXT VALUE FOR SMALL",
      "ALTER SEQUENCE SMALL RESTART",
      "SELECT NEXT VALUE FOR SMALL",
      "DROP SEQUENCE DOWN",
      "SELECT NEXT VALUE FOR DOWN",
      "CREATE SEQUENCE DOWN START WITH 3",
      "SELECT NEXT VALUE FOR DOWN",
      "CREATE SEQUENCE IF NOT EXISTS DOWN START WITH 99",
      "SELECT NEXT VALUE FOR DOWN",
      "CREATE SEQUENCE TINY START WITH 1 MAXVALUE 3",
      "SELECT NEXT VALUE FOR TINY",
      "SELECT NEXT VALUE FOR TINY",
      "SELECT NEXT VALUE FOR TINY",
      "SELECT NEXT VALUE FOR TINY",
      "ALTER SEQUENCE TINY RESTART WITH 2",
      "SELECT NEXT VALUE FOR TINY",
      "SELECT CURRENT VALUE FOR TINY",
    };
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        out.add(sql + " -> " + outcome(s, sql));
      }
    }
    // a prepared batch drawing more values than a block holds
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE BATCH_SEQ START WITH 10000");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORDERS VALUES (NEXT VALUE FOR BATCH_SEQ, ?)")) {
      for (int i = 0; i < 90; i++) {
        ps.setString(1, "p" + i);
        ps.addBatch();
      }
      out.add("batch " + ps.executeBatch().length);
    }
    // sequence values are not transactional: a rollback keeps them drawn
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      out.add("tx " + outcome(s, "INSERT INTO ORDERS VALUES (NEXT VALUE FOR BATCH_SEQ, 'rolled back')"));
      c.rollback();
      out.add("after rollback " + outcome(s, "SELECT NEXT VALUE FOR BATCH_SEQ"));
      out.add("rows " + outcome(s, "SELECT COUNT(*), SUM(ID) FROM ORDERS"));
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    return out;
  }

  private static String outcome(Statement s, String sql) {
    try {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          return TestDb.rows(rs).toString();
        }
      }
      return "count " + s.getUpdateCount();
    } catch (SQLException e) {
      // plain H2 reports its own codes as SQLStates (90006...); the states are checked in limitsAndBadDefinitions
      return "error" + (Boolean.getBoolean("dbg") ? e.getMessage() : "");
    }
  }

  /** Random definitions and draws (single values, multi-row inserts, restarts) give what plain H2 gives. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomDraws_matchPlainH2(long seed) throws Exception {
    try (Connection secure = TestDb.open(TestDb.uniqueName()); Connection plain = TestDb.plainH2()) {
      assertThat(randomScript(secure, seed)).as("seed %d", seed).isEqualTo(randomScript(plain, seed));
    }
  }

  private static List<String> randomScript(Connection c, long seed) throws SQLException {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE SRC (N INTEGER PRIMARY KEY)");
      s.execute("INSERT INTO SRC SELECT X FROM SYSTEM_RANGE(1, 300)");
      s.execute("CREATE TABLE OUT (S VARCHAR(5), V BIGINT)");
      int sequences = 1 + r.nextInt(3);
      for (int i = 0; i < sequences; i++) {
        long inc = (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(r.nextBoolean() ? 3 : 1000));
        long start = r.nextInt(2001) - 1000;
        String cache = r.nextInt(3) == 0 ? " CACHE " + (1 + r.nextInt(5)) : r.nextBoolean() ? " NO CACHE" : "";
        String def = "CREATE SEQUENCE Q" + i + " START WITH " + start + " INCREMENT BY " + inc
            + " MINVALUE -100000000 MAXVALUE 100000000" + cache;
        out.add(def + " -> " + outcome(s, def));
      }
      for (int step = 0; step < 40; step++) {
        String q = "Q" + r.nextInt(sequences);
        String sql = switch (r.nextInt(5)) {
          case 0 -> "SELECT NEXT VALUE FOR " + q;
          case 1 -> "INSERT INTO OUT SELECT '" + q + "', NEXT VALUE FOR " + q + " FROM SRC WHERE N <= "
              + (1 + r.nextInt(r.nextBoolean() ? 10 : 300));
          case 2 -> "CALL NEXT VALUE FOR " + q;
          case 3 -> "ALTER SEQUENCE " + q + " RESTART WITH " + (r.nextInt(2001) - 1000);
          default -> "SELECT CURRENT VALUE FOR " + q;
        };
        out.add(sql + " -> " + outcome(s, sql));
      }
      out.add("OUT " + outcome(s, "SELECT S, COUNT(*), MIN(V), MAX(V), SUM(V) FROM OUT GROUP BY S ORDER BY S"));
    }
    return out;
  }

  @Test
  void concurrentConnections_neverDrawTheSameValue() throws Exception {
    String name = TestDb.uniqueName();
    int workers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    // the in-memory database lives while a connection is open
    try (Connection keep = TestDb.open(name); Statement setup = keep.createStatement()) {
      setup.execute("CREATE SEQUENCE SHARED_SEQ START WITH 1 INCREMENT BY 2");
      setup.execute("CREATE TABLE T (ID BIGINT PRIMARY KEY, W INTEGER)");
      List<Future<List<Long>>> drawn = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        drawn.add(pool.submit(() -> {
          List<Long> values = new ArrayList<>();
          try (Connection c = TestDb.open(name); Statement s = c.createStatement()) {
            for (int i = 0; i < 120; i++) {
              if (i % 3 == 0) {
                s.executeUpdate("INSERT INTO T VALUES (NEXT VALUE FOR SHARED_SEQ, " + worker + ")");
                try (ResultSet rs = s.executeQuery("SELECT CURRENT VALUE FOR SHARED_SEQ")) {
                  rs.next();
                  values.add(rs.getLong(1));
                }
              } else {
                try (ResultSet rs = s.executeQuery("SELECT NEXT VALUE FOR SHARED_SEQ")) {
                  rs.next();
                  values.add(rs.getLong(1));
                }
              }
            }
          }
          return values;
        }));
      }
      Set<Long> all = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> f : drawn) {
        List<Long> values = f.get();
        assertThat(values).as("one connection's values increase").isSorted();
        assertThat(values).allMatch(v -> v % 2 == 1, "every value is start + k * increment");
        all.addAll(values);
        total += values.size();
      }
      assertThat(all).as("no value drawn twice").hasSize(total);
      try (Connection c = TestDb.open(name)) {
        assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM T")).isEqualTo(List.of(List.of((long) workers * 40)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void limitsAndBadDefinitions_giveClearErrors() throws Exception {
    try (Connection c = TestDb.open(TestDb.uniqueName()); Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE LIM START WITH 8 MAXVALUE 9");
      assertThat(TestDb.rows(c, "SELECT NEXT VALUE FOR LIM, 0 UNION ALL SELECT NEXT VALUE FOR LIM, 1"))
          .hasSize(2);
      SQLException limit = TestDb.failure(s, "SELECT NEXT VALUE FOR LIM");
      assertThat(limit.getSQLState()).isEqualTo("2200H");
      assertThat(limit.getMessage()).contains("\"LIM\"").contains("MAXVALUE 9").contains("RESTART");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE LIM").getSQLState()).isEqualTo("42S11");
      s.execute("CREATE SEQUENCE IF NOT EXISTS LIM");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD START WITH 0 MINVALUE 1").getSQLState()).isEqualTo("22023");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD MINVALUE 5 MAXVALUE 5").getSQLState()).isEqualTo("22023");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD AS INTEGER MAXVALUE 3000000000").getSQLState())
          .isEqualTo("22023");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD INCREMENT BY 0").getSQLState()).isEqualTo("22023");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD AS DECIMAL").getSQLState()).isEqualTo("0A000");
      assertThat(TestDb.failure(s, "CREATE SEQUENCE BAD START WITH x").getSQLState()).isEqualTo("42000");
      assertThat(TestDb.failure(s, "ALTER SEQUENCE LIM INCREMENT BY 5").getSQLState()).isEqualTo("0A000");
      assertThat(TestDb.failure(s, "ALTER SEQUENCE LIM RESTART WITH 100").getSQLState()).isEqualTo("22023");
      assertThat(TestDb.failure(s, "ALTER SEQUENCE NOPE RESTART").getSQLState()).isEqualTo("42S12");
      assertThat(TestDb.failure(s, "DROP SEQUENCE NOPE").getSQLState()).isEqualTo("42S12");
      s.execute("DROP SEQUENCE IF EXISTS NOPE");
      s.execute("CREATE SEQUENCE FRESH");
      SQLException early = TestDb.failure(s, "SELECT CURRENT VALUE FOR FRESH");
      assertThat(early.getSQLState()).isEqualTo("55000");
      s.execute("CREATE TABLE T (ID BIGINT DEFAULT NEXT VALUE FOR FRESH, V INTEGER)");
      SQLException inUse = TestDb.failure(s, "DROP SEQUENCE FRESH");
      assertThat(inUse.getMessage()).contains("T.ID").contains("default");
      s.execute("ALTER TABLE T ALTER COLUMN ID SET DEFAULT 0");
      s.execute("DROP SEQUENCE FRESH");
      assertThat(TestDb.failure(s, "SELECT NEXT VALUE FOR FRESH").getSQLState()).isEqualTo("42000");
    }
  }

  /** A file database keeps its sequences; values after a reopen lie beyond every value handed out before. */
  @Test
  void reopenedFileDatabase_continuesAboveEveryValueHandedOut(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    boolean persistent = java.util.ServiceLoader.load(io.securejdbc.token.KeyTokenProvider.class).stream()
        .anyMatch(p -> p.type().getName().endsWith("soft.SoftwareTokenProvider"));
    org.junit.jupiter.api.Assumptions.assumeTrue(persistent, "software token with a key store not on the class path");
    java.util.Properties p = new java.util.Properties();
    p.setProperty("tokenPin", "seq-pin");
    p.setProperty("tokenKdfMemoryKiB", "1024");
    String url = "jdbc:secure:file:" + dir;
    long before;
    try (Connection c = java.sql.DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE HIB_SEQ START WITH 1 INCREMENT BY 50");
      for (int i = 0; i < 3; i++) {
        s.execute("CALL NEXT VALUE FOR HIB_SEQ");
      }
      before = (Long) TestDb.rows(c, "SELECT NEXT VALUE FOR HIB_SEQ").get(0).get(0);
      assertThat(before).isEqualTo(151L);
    }
    try (Connection c = java.sql.DriverManager.getConnection(url, p)) {
      long after = (Long) TestDb.rows(c, "SELECT NEXT VALUE FOR HIB_SEQ").get(0).get(0);
      assertThat(after).isGreaterThan(before);
      assertThat((after - 1) % 50).as("the increment survives the reopen").isZero();
    }
  }

  /** As an insider: no backend holds a sequence's name, and the values handed out are nowhere in plaintext. */
  @Test
  void backends_holdNoSequenceNames() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestDb.inMemoryLayout(), "raw backend access by name");
    String name = TestDb.uniqueName();
    try (Connection c = TestDb.open(name); Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE INVOICE_NUMBER_SEQ START WITH 4711");
      s.execute("CREATE TABLE INV (ID BIGINT PRIMARY KEY, CUSTOMER VARCHAR(20))");
      s.execute("INSERT INTO INV VALUES (NEXT VALUE FOR INVOICE_NUMBER_SEQ, 'x')");
      for (String backend : List.of("data", "index0", "index1")) {
        try (Connection raw = TestDb.backend(name, backend)) {
          for (byte[] cell : TestDb.allCells(raw)) {
            assertThat(TestDb.contains(cell, "INVOICE_NUMBER".getBytes(StandardCharsets.UTF_8)))
                .as(backend).isFalse();
          }
          for (String table : TestDb.tables(raw)) {
            assertThat(table.toUpperCase()).doesNotContain("INVOICE");
          }
        }
      }
    }
  }
}
