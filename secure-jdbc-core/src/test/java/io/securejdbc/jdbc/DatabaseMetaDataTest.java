package io.securejdbc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.testkit.TestDb;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DatabaseMetaData describes the application's schema as plain H2 would: the same tables, columns, keys and named
 * indexes, under the driver's own catalog name, and never the working engine's internals (the row-id column, its
 * random database name).
 */
class DatabaseMetaDataTest {

  private static final List<String> DDL = List.of(
      "CREATE TABLE ACCOUNT (ID INTEGER PRIMARY KEY, OWNER VARCHAR(40) NOT NULL, BALANCE DECIMAL(12, 2),"
          + " OPENED DATE, EMAIL VARCHAR(60) UNIQUE)",
      "CREATE TABLE ENTRY (ACCOUNT_ID INTEGER NOT NULL, SEQ BIGINT NOT NULL, AMOUNT DOUBLE PRECISION,"
          + " NOTE VARCHAR(10) DEFAULT 'x', PRIMARY KEY (ACCOUNT_ID, SEQ))",
      "CREATE INDEX ENTRY_AMOUNT ON ENTRY (AMOUNT)",
      "CREATE UNIQUE INDEX ACCOUNT_OWNER_OPENED ON ACCOUNT (OWNER, OPENED)",
      "CREATE VIEW RICH AS SELECT ID, OWNER FROM ACCOUNT WHERE BALANCE > 1000");

  private Connection secure;
  private Connection plain;

  @BeforeEach
  void create() throws Exception {
    secure = TestDb.open(TestDb.uniqueName());
    plain = TestDb.plainH2();
    for (Connection c : List.of(secure, plain)) {
      try (Statement s = c.createStatement()) {
        for (String ddl : DDL) {
          s.execute(ddl);
        }
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    secure.close();
    plain.close();
  }

  @Test
  void productAndDriver_nameTheEngineAndOurDriver() throws Exception {
    DatabaseMetaData md = secure.getMetaData();
    // The SQL dialect is H2's, so tools that pick a dialect by product name must see H2.
    assertThat(md.getDatabaseProductName()).isEqualTo(plain.getMetaData().getDatabaseProductName());
    assertThat(md.getDatabaseProductVersion()).isEqualTo(plain.getMetaData().getDatabaseProductVersion());
    assertThat(md.getDatabaseMajorVersion()).isEqualTo(plain.getMetaData().getDatabaseMajorVersion());
    assertThat(md.getDriverName()).isEqualTo("secure-jdbc");
    assertThat(md.getDriverVersion()).isEqualTo(SecureVersion.VERSION);
    assertThat(md.getConnection()).isSameAs(secure);
    assertThat(md.getJDBCMajorVersion()).isEqualTo(4);
  }

  @Test
  void getTables_listsTheApplicationsTablesAndViews_underOurCatalog() throws Exception {
    assertThat(names(secure.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"}), "TABLE_NAME"))
        .containsExactlyElementsOf(names(plain.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"}),
            "TABLE_NAME"))
        .containsExactly("ACCOUNT", "ENTRY");
    assertThat(names(secure.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"VIEW"}), "TABLE_NAME"))
        .containsExactly("RICH");
    // The catalog the connection reports is the one its metadata answers for.
    String catalog = secure.getCatalog();
    assertThat(names(secure.getMetaData().getTables(catalog, "PUBLIC", "ACC%", null), "TABLE_NAME"))
        .containsExactly("ACCOUNT");
    assertThat(names(secure.getMetaData().getTables(null, "PUBLIC", "%", null), "TABLE_CAT"))
        .containsOnly(catalog);
    assertThat(names(secure.getMetaData().getCatalogs(), "TABLE_CAT")).containsExactly(catalog);
    assertThat(names(secure.getMetaData().getTables("OTHER", "PUBLIC", "%", null), "TABLE_NAME")).isEmpty();
  }

  @Test
  void getColumns_matchPlainH2_andNeverShowTheRowIdColumn() throws Exception {
    for (String table : List.of("ACCOUNT", "ENTRY", "RICH")) {
      List<List<Object>> ours = columns(secure.getMetaData().getColumns(null, "PUBLIC", table, "%"));
      List<List<Object>> theirs = columns(plain.getMetaData().getColumns(null, "PUBLIC", table, "%"));
      assertThat(ours).as(table).isEqualTo(theirs);
    }
    assertThat(names(secure.getMetaData().getColumns(null, null, "%", "%"), "COLUMN_NAME")).doesNotContain("__RID");
    assertThat(names(secure.getMetaData().getColumns(null, null, "%", "\\_\\_RID"), "COLUMN_NAME")).isEmpty();
    assertThat(names(secure.getMetaData().getColumns(secure.getCatalog(), "PUBLIC", "ENTRY", "%"), "COLUMN_NAME"))
        .containsExactly("ACCOUNT_ID", "SEQ", "AMOUNT", "NOTE");
  }

  @Test
  void getPrimaryKeys_matchPlainH2() throws Exception {
    for (String table : List.of("ACCOUNT", "ENTRY")) {
      assertThat(keyColumns(secure.getMetaData().getPrimaryKeys(null, "PUBLIC", table)))
          .isEqualTo(keyColumns(plain.getMetaData().getPrimaryKeys(null, "PUBLIC", table)));
    }
    assertThat(keyColumns(secure.getMetaData().getPrimaryKeys(secure.getCatalog(), "PUBLIC", "ENTRY")))
        .containsExactly(List.of("ACCOUNT_ID", 1), List.of("SEQ", 2));
  }

  @Test
  void getIndexInfo_showsNamedIndexesAndKeys_asPlainH2Does() throws Exception {
    for (String table : List.of("ACCOUNT", "ENTRY")) {
      for (boolean unique : new boolean[] {false, true}) {
        assertThat(indexes(secure.getMetaData().getIndexInfo(null, "PUBLIC", table, unique, false)))
            .as("%s unique=%s", table, unique)
            .isEqualTo(indexes(plain.getMetaData().getIndexInfo(null, "PUBLIC", table, unique, false)));
      }
    }
    List<List<Object>> entry = indexes(secure.getMetaData().getIndexInfo(null, "PUBLIC", "ENTRY", false, false));
    assertThat(entry).contains(List.of("ENTRY_AMOUNT", true, "AMOUNT", 1));
    try (Statement s = secure.createStatement()) {
      s.execute("DROP INDEX ENTRY_AMOUNT");
    }
    assertThat(indexes(secure.getMetaData().getIndexInfo(null, "PUBLIC", "ENTRY", false, false)))
        .doesNotContain(List.of("ENTRY_AMOUNT", true, "AMOUNT", 1));
  }

  @Test
  void namedIndexes_followRenamesAndDroppedColumns_asPlainH2s() throws Exception {
    for (Connection c : List.of(secure, plain)) {
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE ENTRY RENAME TO LEDGER");
        s.execute("ALTER TABLE LEDGER RENAME COLUMN AMOUNT TO VALUE_");
        s.execute("CREATE INDEX LEDGER_NOTE ON LEDGER (NOTE)");
        s.execute("ALTER TABLE LEDGER DROP COLUMN NOTE");
        s.execute("INSERT INTO LEDGER VALUES (1, 1, 2.5)");
      }
    }
    assertThat(indexes(secure.getMetaData().getIndexInfo(null, "PUBLIC", "LEDGER", false, false)))
        .isEqualTo(indexes(plain.getMetaData().getIndexInfo(null, "PUBLIC", "LEDGER", false, false)))
        .contains(List.of("ENTRY_AMOUNT", true, "VALUE_", 1));
    assertThat(TestDb.rows(secure, "SELECT * FROM LEDGER WHERE VALUE_ > 1"))
        .isEqualTo(TestDb.rows(plain, "SELECT * FROM LEDGER WHERE VALUE_ > 1"));
  }

  @Test
  void getTypeInfo_listsTheEnginesTypes() throws Exception {
    List<String> ours = names(secure.getMetaData().getTypeInfo(), "TYPE_NAME");
    assertThat(ours).isEqualTo(names(plain.getMetaData().getTypeInfo(), "TYPE_NAME"));
    assertThat(ours).contains("INTEGER", "BIGINT", "NUMERIC", "DOUBLE PRECISION", "CHARACTER VARYING", "DATE",
        "TIMESTAMP", "BOOLEAN");
  }

  private static List<String> names(ResultSet rs, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(column));
      }
    }
    return out;
  }

  /** Every getColumns() field that describes the column (not where the engine keeps it). */
  private static List<List<Object>> columns(ResultSet rs) throws SQLException {
    Set<String> skip = Set.of("TABLE_CAT");
    List<List<Object>> out = new ArrayList<>();
    try (rs) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          if (!skip.contains(rs.getMetaData().getColumnLabel(i))) {
            row.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getObject(i));
          }
        }
        out.add(row);
      }
    }
    return out;
  }

  private static List<List<Object>> keyColumns(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(List.of(rs.getString("COLUMN_NAME"), rs.getInt("KEY_SEQ")));
      }
    }
    return out;
  }

  /** Index name (generated names of key indexes differ between databases), uniqueness, columns and positions. */
  private static List<List<Object>> indexes(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        out.add(List.of(name.startsWith("PRIMARY_KEY_") || name.startsWith("CONSTRAINT_") ? "(key)" : name,
            rs.getBoolean("NON_UNIQUE"), rs.getString("COLUMN_NAME"), rs.getInt("ORDINAL_POSITION")));
      }
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }
}
