package io.securejdbc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.testkit.IndexTables;
import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An insider who alters what it stores gets the driver to fail loudly, never to return wrong data. */
class TamperTest {

  private String name;
  private Connection secure;

  @BeforeEach
  void setUp() throws Exception {
    name = TestDb.uniqueName();
    secure = TestDb.open(name);
    try (Statement s = secure.createStatement()) {
      s.execute("CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, OWNER VARCHAR(40), BALANCE INTEGER)");
      s.execute("CREATE TABLE OTHER (ID INTEGER PRIMARY KEY, OWNER VARCHAR(40), BALANCE INTEGER)");
      s.executeUpdate("INSERT INTO ACCOUNT VALUES (1, 'alice', 100), (2, 'bob', 999999)");
      s.executeUpdate("INSERT INTO OTHER VALUES (1, 'carol', 5)");
    }
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() throws Exception {
    secure.close();
  }

  private List<String> dataTables(Connection data) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String t : TestDb.tables(data)) {
      if (t.startsWith("SJ_D_")) {
        out.add(t);
      }
    }
    return out;
  }

  private String tableOf(Connection data, int rows) throws SQLException {
    for (String t : dataTables(data)) {
      if (TestDb.rows(data, "SELECT COUNT(*) FROM " + t).get(0).get(0).equals((long) rows)) {
        return t;
      }
    }
    throw new AssertionError("no data table with " + rows + " rows");
  }

  @Test
  void swappedRowCiphertexts_areDetected() throws Exception {
    try (Connection data = TestDb.backend(name, "data"); Statement s = data.createStatement()) {
      String t = tableOf(data, 2);
      List<List<Object>> rows = TestDb.rows(data, "SELECT rid, ct FROM " + t);
      try (PreparedStatement ps = data.prepareStatement("UPDATE " + t + " SET ct = ? WHERE rid = ?")) {
        ps.setBytes(1, java.util.HexFormat.of().parseHex((String) rows.get(1).get(1)));
        ps.setLong(2, (Long) rows.get(0).get(0));
        ps.executeUpdate();
        ps.setBytes(1, java.util.HexFormat.of().parseHex((String) rows.get(0).get(1)));
        ps.setLong(2, (Long) rows.get(1).get(0));
        ps.executeUpdate();
      }
    }
    assertIntegrityError("SELECT * FROM ACCOUNT");
    assertIntegrityError("SELECT OWNER FROM ACCOUNT WHERE ID = 1");
  }

  @Test
  void ciphertextCopiedFromAnotherTable_isDetected() throws Exception {
    try (Connection data = TestDb.backend(name, "data"); Statement s = data.createStatement()) {
      String account = tableOf(data, 2);
      String other = tableOf(data, 1);
      s.executeUpdate("UPDATE " + account + " SET ct = (SELECT ct FROM " + other + ")");
    }
    assertIntegrityError("SELECT * FROM ACCOUNT");
  }

  @Test
  void alteredCiphertext_isDetected() throws Exception {
    try (Connection data = TestDb.backend(name, "data"); Statement s = data.createStatement()) {
      String t = tableOf(data, 2);
      List<List<Object>> rows = TestDb.rows(data, "SELECT rid, ct FROM " + t);
      byte[] ct = java.util.HexFormat.of().parseHex((String) rows.get(0).get(1));
      ct[ct.length - 5] ^= 0x01;
      try (PreparedStatement ps = data.prepareStatement("UPDATE " + t + " SET ct = ? WHERE rid = ?")) {
        ps.setBytes(1, ct);
        ps.setLong(2, (Long) rows.get(0).get(0));
        ps.executeUpdate();
      }
    }
    assertIntegrityError("SELECT * FROM ACCOUNT");
  }

  @Test
  void postingEntryMovedToAnotherKeyword_isDetected() throws Exception {
    for (String index : List.of("index0", "index1")) {
      try (Connection idx = TestDb.backend(name, index)) {
        for (String t : TestDb.tables(idx)) {
          // Point every entry of every index at the first keyword: an insider trying to make 'bob' look like 'alice'.
          List<byte[][]> pairs = IndexTables.read(idx, t);
          byte[] first = pairs.get(0)[0];
          pairs.forEach(p -> p[0] = first);
          IndexTables.replace(idx, t, pairs);
        }
      }
    }
    assertIntegrityError("SELECT * FROM ACCOUNT WHERE OWNER = 'alice'");
  }

  @Test
  void alteredPostingEntry_isDetected() throws Exception {
    for (String index : List.of("index0", "index1")) {
      try (Connection idx = TestDb.backend(name, index)) {
        for (String t : TestDb.tables(idx)) {
          List<byte[][]> pairs = IndexTables.read(idx, t);
          pairs.forEach(p -> p[1][0] ^= 0x01);
          IndexTables.replace(idx, t, pairs);
        }
      }
    }
    assertIntegrityError("SELECT * FROM ACCOUNT WHERE OWNER = 'alice'");
  }

  /**
   * A stored key that is no (keyword, entry) pair at all (an invalid escape after a keyword): a range lookup over it
   * fails with XX001, verify counts it as corrupt and repair removes it.
   */
  @Test
  void malformedPostingKey_isDetectedAndRepaired() throws Exception {
    int planted = 0;
    for (String index : List.of("index0", "index1")) {
      try (Connection idx = TestDb.backend(name, index)) {
        for (String t : TestDb.tables(idx)) {
          if (!IndexTables.oneKey(idx, t)) {
            continue;
          }
          try (PreparedStatement ps = idx.prepareStatement("INSERT INTO " + t + " (k) VALUES (?)")) {
            for (byte[][] p : IndexTables.read(idx, t)) {
              byte[] bad = io.securejdbc.index.PostingKey.after(p[0]);
              bad[bad.length - 1] = 5;
              ps.setBytes(1, bad);
              ps.executeUpdate();
              planted++;
            }
          }
        }
      }
    }
    assertThat(planted).as("keys planted in one-key index tables").isPositive();
    assertIntegrityError("SELECT ID FROM ACCOUNT WHERE BALANCE BETWEEN 0 AND 1000");
    io.securejdbc.SecureAdmin admin = io.securejdbc.SecureAdmin.of(secure);
    assertThat(admin.verify().stream().mapToLong(r -> r.corruptEntries()).sum()).isEqualTo(planted);
    admin.repair();
    assertThat(admin.verify().stream().mapToLong(r -> r.corruptEntries()).sum()).isZero();
    try (Statement s = secure.createStatement();
        ResultSet rs = s.executeQuery("SELECT ID FROM ACCOUNT WHERE BALANCE BETWEEN 0 AND 1000")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.next()).isFalse();
    }
  }

  /**
   * The deletion tags at the start of two entries of one keyword exchanged: else an insider could make the deletion
   * of one row remove another row's entry (the row would silently drop out of lookups). The tag is authenticated.
   */
  @Test
  void deletionTagsSwappedBetweenEntries_areDetected() throws Exception {
    try (Statement s = secure.createStatement()) {
      s.executeUpdate("INSERT INTO ACCOUNT VALUES (3, 'dup', 1), (4, 'dup', 2)");
    }
    int swapped = 0;
    for (String index : List.of("index0", "index1")) {
      try (Connection idx = TestDb.backend(name, index)) {
        for (String t : TestDb.tables(idx)) {
          List<byte[][]> pairs = IndexTables.read(idx, t);
          java.util.Map<String, List<byte[][]>> byKeyword = new java.util.LinkedHashMap<>();
          for (byte[][] p : pairs) {
            byKeyword.computeIfAbsent(java.util.HexFormat.of().formatHex(p[0]), k -> new java.util.ArrayList<>())
                .add(p);
          }
          List<List<byte[][]>> dups = byKeyword.values().stream().filter(l -> l.size() == 2).toList();
          if (dups.size() != 1) {
            continue;
          }
          byte[] a = dups.get(0).get(0)[1];
          byte[] b = dups.get(0).get(1)[1];
          byte[] tagA = java.util.Arrays.copyOf(a, 16);
          System.arraycopy(b, 0, a, 0, 16);
          System.arraycopy(tagA, 0, b, 0, 16);
          IndexTables.replace(idx, t, pairs);
          swapped++;
        }
      }
    }
    assertThat(swapped).as("the OWNER index holds 'dup' twice").isEqualTo(1);
    assertIntegrityError("SELECT ID FROM ACCOUNT WHERE OWNER = 'dup'");
  }

  @Test
  void staleOrForgedIndexEntries_neverProduceWrongRows() throws Exception {
    // An index insider copies bob's entries under alice's keyword (a replay across keywords fails to authenticate);
    // deleting index entries can only hide rows; a row re-check removes rows that do not match.
    try (Statement s = secure.createStatement()) {
      s.executeUpdate("UPDATE ACCOUNT SET OWNER = 'zed' WHERE ID = 2");
      try (ResultSet rs = s.executeQuery("SELECT ID FROM ACCOUNT WHERE OWNER = 'bob'")) {
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = s.executeQuery("SELECT ID FROM ACCOUNT WHERE OWNER = 'zed'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  private void assertIntegrityError(String sql) {
    assertThatThrownBy(() -> {
      try (Statement s = secure.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          rs.getObject(1);
        }
      }
    }).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XX001"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice").doesNotContain("999999"));
  }
}
