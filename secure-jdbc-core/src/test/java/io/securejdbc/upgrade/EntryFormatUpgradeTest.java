package io.securejdbc.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.SecureAdmin;
import io.securejdbc.store.StoreCheck;
import io.securejdbc.testkit.TestDb;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File: databases written by earlier releases open, answer, and stay consistent under writes; CREATE INDEX ... USING
 * moves a column to the current entry format: one written before posting entries had a format field (catalog format
 * 1, every entry AES-GCM-SIV), and one written before index tables had one key column.
 *
 * <p>The fixture {@code legacy/entry-format-siv.zip} was written by the driver at commit 5ee7e4d: {@code CREATE TABLE
 * ITEM (ID INT PRIMARY KEY, NAME VARCHAR(40), QTY INT, PRICE DECIMAL(10,2))} and rows 1..300 of {@link #load},
 * PIN {@code legacy-pin}.
 */
class EntryFormatUpgradeTest {

  private static final int SIV_LENGTH = 24;
  private static final int TAGGED_LENGTH = 52;
  private static final List<String> QUERIES = List.of(
      "SELECT * FROM ITEM ORDER BY ID",
      "SELECT ID FROM ITEM WHERE NAME = 'item-3' ORDER BY ID",
      "SELECT ID, QTY FROM ITEM WHERE QTY BETWEEN 10 AND 20 ORDER BY ID",
      "SELECT ID FROM ITEM WHERE NAME LIKE 'item-1%' ORDER BY ID",
      "SELECT ID FROM ITEM WHERE PRICE > 5.00 AND QTY < 25 ORDER BY ID",
      "SELECT NAME, COUNT(*), SUM(QTY) FROM ITEM GROUP BY NAME ORDER BY NAME");

  @TempDir
  Path dir;

  @BeforeEach
  void needsPersistentSoftwareToken() {
    boolean persistent = java.util.ServiceLoader.load(io.securejdbc.token.KeyTokenProvider.class).stream()
        .anyMatch(p -> p.type().getName().endsWith("soft.SoftwareTokenProvider"));
    org.junit.jupiter.api.Assumptions.assumeTrue(persistent, "software token with a key store not on the class path");
  }

  private void unpack(String fixture) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/legacy/" + fixture);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Files.copy(zip, dir.resolve(e.getName()));
      }
    }
  }

  @Test
  void legacyDatabase_answersAndStaysConsistent_thenCreateIndexUsing_upgradesOneColumn() throws Exception {
    unpack("entry-format-siv.zip");
    try (Connection sj = open(); Connection plain = plainLikeTheFixture()) {
      assertSameAnswers(sj, plain);
      assertThat(entryLengthsPerIndexTable()).containsExactlyInAnyOrder(
          List.of(SIV_LENGTH), List.of(SIV_LENGTH), List.of(SIV_LENGTH), List.of(SIV_LENGTH));

      // Writes on SIV columns: new entries stay SIV, deletions (by recomputed entry) leave nothing stale.
      writeOnBoth_thenSameAnswersAndNothingStale(sj, plain);
      assertThat(entryLengthsPerIndexTable()).allMatch(l -> l.equals(List.of(SIV_LENGTH))).hasSize(4);

      try (Statement s = sj.createStatement()) {
        s.execute("CREATE INDEX ITEM_NAME ON ITEM (NAME) USING PLAIN");
      }
      assertThat(entryLengthsPerIndexTable()).containsExactlyInAnyOrder(
          List.of(SIV_LENGTH), List.of(SIV_LENGTH), List.of(SIV_LENGTH), List.of(TAGGED_LENGTH));
      onBoth(sj, plain, "UPDATE ITEM SET NAME = 'item-3' WHERE ID BETWEEN 100 AND 120",
          "DELETE FROM ITEM WHERE NAME = 'item-moved' AND ID < 30");
      SecureAdmin.of(sj).awaitIndexCleanup();
      assertSameAnswers(sj, plain);
      assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
    }
    assertReopensConsistent();
  }

  /**
   * A database of the release before one-key index tables (fixture {@code legacy/entry-format-tagged-split.zip},
   * written by the driver at commit d0c6528 with the same table, rows and PIN): its TAGGED_GCM entries in two-column
   * {@code (kw, entry)} tables are read, written and deleted by their deletion-tag ranges as before (verify finds
   * nothing stale), and CREATE INDEX ... USING moves one column to a one-key table.
   */
  @Test
  void twoColumnIndexTables_keepWorking_thenCreateIndexUsing_movesOneColumnToOneKey() throws Exception {
    unpack("entry-format-tagged-split.zip");
    try (Connection sj = open(); Connection plain = plainLikeTheFixture()) {
      assertSameAnswers(sj, plain);
      assertThat(layoutsPerIndexTable()).containsExactly("kw, entry", "kw, entry", "kw, entry", "kw, entry");
      assertThat(entryLengthsPerIndexTable()).allMatch(l -> l.equals(List.of(TAGGED_LENGTH))).hasSize(4);

      writeOnBoth_thenSameAnswersAndNothingStale(sj, plain);

      try (Statement s = sj.createStatement()) {
        s.execute("CREATE INDEX ITEM_NAME ON ITEM (NAME) USING PLAIN");
      }
      assertThat(layoutsPerIndexTable()).containsExactlyInAnyOrder("kw, entry", "kw, entry", "kw, entry", "k");
      onBoth(sj, plain, "UPDATE ITEM SET NAME = 'item-3' WHERE ID BETWEEN 100 AND 120",
          "DELETE FROM ITEM WHERE NAME = 'item-moved' AND ID < 30", "DELETE FROM ITEM WHERE QTY BETWEEN 40 AND 45");
      SecureAdmin.of(sj).awaitIndexCleanup();
      assertSameAnswers(sj, plain);
      assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
    }
    assertReopensConsistent();
  }

  /** For each index table on the two index backends: its columns, as their insider sees them. */
  private List<String> layoutsPerIndexTable() throws SQLException {
    List<String> out = new ArrayList<>();
    for (String backend : List.of("index0", "index1")) {
      String url = "jdbc:h2:file:" + dir.resolve(backend) + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
      try (Connection c = DriverManager.getConnection(url, "sa", "")) {
        for (String table : TestDb.tables(c)) {
          out.add(io.securejdbc.testkit.IndexTables.oneKey(c, table) ? "k" : "kw, entry");
        }
      }
    }
    return out;
  }

  /**
   * Reopened, the catalog written after the upgrade (format 5: it records a one-key index table) reads back: the
   * indexed answer equals the scanned one and verify finds nothing to repair.
   */
  private void assertReopensConsistent() throws SQLException {
    try (Connection sj = open()) {
      assertThat(TestDb.rows(sj, "SELECT COUNT(*) FROM ITEM WHERE NAME = 'item-3'").get(0).get(0))
          .isEqualTo(TestDb.rows(sj, "SELECT COUNT(*) FROM ITEM WHERE NAME || '' = 'item-3'").get(0).get(0));
      assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
    }
  }

  /** Plain H2 holding what both fixtures were written with: the table and rows 1..300. */
  private static Connection plainLikeTheFixture() throws SQLException {
    Connection plain = TestDb.plainH2();
    try (Statement s = plain.createStatement()) {
      s.execute("CREATE TABLE ITEM (ID INT PRIMARY KEY, NAME VARCHAR(40), QTY INT, PRICE DECIMAL(10,2))");
    }
    load(plain, 1, 300);
    return plain;
  }

  /** The rows the fixture was made with (and later inserts): deterministic in the id. */
  private static void load(Connection c, int from, int to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ITEM VALUES (?, ?, ?, ?)")) {
      for (int i = from; i <= to; i++) {
        ps.setInt(1, i);
        ps.setString(2, "item-" + (i * 7 % 40));
        ps.setInt(3, i * 13 % 50);
        ps.setBigDecimal(4, new BigDecimal(i * 37 % 1000).movePointLeft(2));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Updates, deletes and inserts on the fixture's columns, the same on both: afterwards the answers agree and
   * verify finds nothing stale (deletions found every old entry in the fixture's layout).
   */
  private static void writeOnBoth_thenSameAnswersAndNothingStale(Connection sj, Connection plain) throws Exception {
    onBoth(sj, plain, "UPDATE ITEM SET NAME = 'item-moved', QTY = QTY + 100 WHERE ID BETWEEN 10 AND 60",
        "DELETE FROM ITEM WHERE QTY < 5");
    load(sj, 301, 340);
    load(plain, 301, 340);
    SecureAdmin.of(sj).awaitIndexCleanup();
    assertSameAnswers(sj, plain);
    assertThat(SecureAdmin.of(sj).verify()).allMatch(StoreCheck.Report::clean);
  }

  private static void onBoth(Connection sj, Connection plain, String... updates) throws SQLException {
    for (Connection c : List.of(sj, plain)) {
      try (Statement s = c.createStatement()) {
        for (String sql : updates) {
          s.executeUpdate(sql);
        }
      }
    }
  }

  private static void assertSameAnswers(Connection sj, Connection plain) throws SQLException {
    for (String q : QUERIES) {
      assertThat(TestDb.rows(sj, q)).as(q).isEqualTo(TestDb.rows(plain, q)).isNotEmpty();
    }
  }

  private Connection open() throws SQLException {
    Properties p = new Properties();
    p.setProperty("tokenPin", "legacy-pin");
    p.setProperty("tokenKdfMemoryKiB", "1024");
    return DriverManager.getConnection("jdbc:secure:file:" + dir, p);
  }

  /** For each index table on the two index backends (as their insider sees them): its distinct entry lengths. */
  private List<List<Integer>> entryLengthsPerIndexTable() throws SQLException {
    List<List<Integer>> out = new ArrayList<>();
    for (String backend : List.of("index0", "index1")) {
      String url = "jdbc:h2:file:" + dir.resolve(backend) + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
      try (Connection c = DriverManager.getConnection(url, "sa", "")) {
        for (String table : TestDb.tables(c)) {
          out.add(io.securejdbc.testkit.IndexTables.read(c, table).stream().map(p -> p[1].length).distinct()
              .sorted().toList());
        }
      }
    }
    return out;
  }
}
