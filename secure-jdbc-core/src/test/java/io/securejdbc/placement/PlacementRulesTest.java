package io.securejdbc.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.catalog.TableInfo;
import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement rules of docs/backends.md: at open, data and indexes on different databases and servers (08001); at
 * CREATE TABLE, ADD COLUMN and CREATE INDEX, a column only on backends whose classes and allowedColumns admit it
 * (42501). Every refusal names the rule, the column and the backends, never a URL.
 */
class PlacementRulesTest {

  @TempDir
  Path dir;

  private final String n = TestDb.uniqueName();

  private String url(String backends, String rest) throws Exception {
    Path file = dir.resolve("placement.yaml");
    Files.writeString(file, "token:\n  type: software\n  options:\n    kdfMemoryKiB: 256\nbackends:\n" + backends
        + rest);
    return "jdbc:secure:config:" + file + ";tokenPin=placement-pin";
  }

  private String mem(String name) {
    return "\"jdbc:h2:mem:" + n + "_" + name + ";DB_CLOSE_DELAY=-1\"";
  }

  /** Data anywhere; idx-open holds public columns; idx-vault holds confidential ones of PERSON only. */
  private String classified() throws Exception {
    return url("  - { name: data, role: data, zone: a, url: " + mem("data") + " }\n"
        + "  - { name: idx-open, role: index, zone: b, url: " + mem("open") + ", classes: [public] }\n"
        + "  - { name: idx-vault, role: index, zone: c, url: " + mem("vault") + ",\n"
        + "      classes: [internal, confidential], allowedColumns: [PERSON.*, \"*.TAX_ID\"] }\n", """
        defaultClass: public
        columns:
          PERSON.SSN: { class: confidential }
          PERSON.NOTE: { mode: NONE, class: restricted }
          PAYROLL.*: { class: confidential }
        """);
  }

  private static String indexBackend(Connection c, String table, String column) throws SQLException {
    TableInfo t = c.unwrap(SecureConnection.class).database().store().catalog().table(table).orElseThrow();
    return t.column(column).orElseThrow().indexBackend();
  }

  private static void assertRefused(ThrowingCallable call, String state, String... mentions) {
    assertThatThrownBy(call).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state))
        .hasMessageContainingAll(mentions)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jdbc:", "mem:", "127.0.0.1", "secret-pw"));
  }

  @Test
  void columnsGoOnlyToIndexBackendsWhoseClassesAndAllowedColumnsAdmitThem() throws Exception {
    try (Connection c = DriverManager.getConnection(classified()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE PERSON (ID INTEGER PRIMARY KEY, NAME VARCHAR(20), SSN VARCHAR(11), NOTE VARCHAR(20))");
      s.execute("CREATE TABLE ORDERS (ID INTEGER PRIMARY KEY, ITEM VARCHAR(20), TAX_ID VARCHAR(20))");
      for (int i = 0; i < 3; i++) {
        s.execute("CREATE TABLE T" + i + " (A INTEGER, B INTEGER, C INTEGER, D INTEGER)");
        for (String col : List.of("A", "B", "C", "D")) {
          assertThat(indexBackend(c, "T" + i, col)).isEqualTo("idx-open");
        }
      }
      assertThat(indexBackend(c, "PERSON", "SSN")).isEqualTo("idx-vault");
      assertThat(indexBackend(c, "PERSON", "ID")).isEqualTo("idx-open");
      assertThat(indexBackend(c, "PERSON", "NOTE")).isNull();
      assertThat(indexBackend(c, "ORDERS", "TAX_ID")).isEqualTo("idx-open");
      s.executeUpdate("INSERT INTO PERSON VALUES (1, 'ada', '123-45-6789', 'n')");
      assertThat(TestDb.rows(c, "SELECT NAME FROM PERSON WHERE SSN = '123-45-6789'")).isEqualTo(List.of(List.of("ada")));
      s.execute("ALTER TABLE PERSON ADD COLUMN PHONE VARCHAR(20)");
      assertThat(indexBackend(c, "PERSON", "PHONE")).isEqualTo("idx-open");
    }
  }

  @Test
  void createTable_withAColumnNoIndexBackendAdmits_isRefusedWith42501_andNothingIsCreated() throws Exception {
    try (Connection c = DriverManager.getConnection(classified()); Statement s = c.createStatement()) {
      // PAYROLL.* is confidential; idx-vault holds confidential columns, but only of PERSON and *.TAX_ID.
      assertRefused(() -> s.execute("CREATE TABLE PAYROLL (ID INTEGER, SALARY INTEGER)"), "42501",
          "placement rule 'index backend admits column'", "PAYROLL.ID", "class confidential",
          "backend 'idx-open' holds only classes [public]",
          "backend 'idx-vault' has no allowedColumns entry matching PAYROLL.ID");
      assertThat(c.unwrap(SecureConnection.class).database().store().catalog().table("PAYROLL")).isEmpty();
      // TAX_ID matches idx-vault's *.TAX_ID; a BLOB column has no keyword index, so nothing else needs a place.
      s.execute("CREATE TABLE PAYROLL (TAX_ID VARCHAR(20), PAYSLIP BLOB)");
      assertThat(indexBackend(c, "PAYROLL", "TAX_ID")).isEqualTo("idx-vault");
    }
  }

  @Test
  void addColumn_andCreateIndex_refuseColumnsNoIndexBackendAdmits() throws Exception {
    try (Connection c = DriverManager.getConnection(classified()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE PERSON (ID INTEGER PRIMARY KEY, NOTE VARCHAR(20))");
      s.executeUpdate("INSERT INTO PERSON VALUES (1, 'x')");
      // NOTE is restricted and unindexed: indexing it would put it on a backend that does not hold restricted data.
      assertRefused(() -> s.execute("CREATE INDEX IX_NOTE ON PERSON (NOTE) USING PLAIN"), "42501",
          "placement rule 'index backend admits column'", "PERSON.NOTE", "class restricted", "idx-open",
          "idx-vault");
      assertThat(indexBackend(c, "PERSON", "NOTE")).isNull();
      s.execute("CREATE TABLE PAYROLL (TAX_ID VARCHAR(20))");
      assertRefused(() -> s.execute("ALTER TABLE PAYROLL ADD COLUMN AMOUNT INTEGER"), "42501",
          "placement rule 'index backend admits column'", "PAYROLL.AMOUNT", "idx-open", "idx-vault");
      assertThat(TestDb.rows(c, "SELECT * FROM PAYROLL")).isEmpty();
      assertThat(c.unwrap(SecureConnection.class).database().store().catalog().table("PAYROLL").orElseThrow()
          .column("AMOUNT")).isEmpty();
      assertThat(TestDb.rows(c, "SELECT NOTE FROM PERSON WHERE ID = 1")).isEqualTo(List.of(List.of("x")));
    }
  }

  @Test
  void aDataBackendWithClasses_refusesTablesWithColumnsOfOtherClasses() throws Exception {
    String url = url("  - { name: data, role: data, zone: a, url: " + mem("data") + ", classes: [public, internal] }\n"
        + "  - { name: idx, role: index, zone: b, url: " + mem("idx") + " }\n", """
        columns:
          CARD.PAN: { mode: PROTECTED, class: restricted }
        """);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertRefused(() -> s.execute("CREATE TABLE CARD (ID INTEGER, PAN VARCHAR(19))"), "42501",
          "placement rule 'data backend admits column'", "CARD.PAN", "class restricted",
          "backend 'data' holds only classes [public, internal]");
      s.execute("CREATE TABLE CARD (ID INTEGER)");
      assertRefused(() -> s.execute("ALTER TABLE CARD ADD COLUMN PAN VARCHAR(19)"), "42501",
          "placement rule 'data backend admits column'", "CARD.PAN");
    }
  }

  @Test
  void twoBackendsOnOneDatabase_areRefusedAtOpen() throws Exception {
    String url = url("  - { name: data, role: data, zone: a, url: " + mem("data") + " }\n"
        + "  - { name: idx-1, role: index, zone: b, url: \"jdbc:h2:mem:" + n + "_i;DB_CLOSE_DELAY=-1\" }\n"
        + "  - { name: idx-2, role: index, zone: c, url: \"jdbc:h2:mem:" + n + "_i;LOCK_TIMEOUT=100\" }\n", "");
    assertRefused(() -> DriverManager.getConnection(url), "08001",
        "placement rule 'one database per backend'", "'idx-1'", "'idx-2'");
    String files = url("  - { name: d, role: data, zone: a, url: \"jdbc:h2:file:" + dir.resolve("x") + "\" }\n"
        + "  - { name: i, role: index, zone: b, url: \"jdbc:h2:" + dir.resolve("y/../x") + ";MODE=MySQL\" }\n", "");
    assertRefused(() -> DriverManager.getConnection(files), "08001",
        "placement rule 'one database per backend'", "'d'", "'i'", "on a different provider");
  }

  @Test
  void dataAndIndexOnOneServer_areRefusedAtOpen_evenInDifferentDatabasesAndZones() throws Exception {
    String url = url("""
          - { name: pg-data, role: data, zone: a, url: "jdbc:postgresql://localhost/crm", password: secret-pw }
          - { name: pg-index, role: index, zone: b, url: "jdbc:postgresql://127.0.0.1:5432/crm_idx?ssl=false" }
        """, "");
    assertRefused(() -> DriverManager.getConnection(url), "08001",
        "placement rule 'data and index on different servers'", "data backend 'pg-data'",
        "index backend 'pg-index'");
  }

  @Test
  void invalidClassesAndPatterns_areRefusedAtOpen() throws Exception {
    assertRefused(() -> DriverManager.getConnection(url("  - { name: d, role: data, zone: a, url: " + mem("d")
        + ", classes: [secretish] }\n  - { name: i, role: index, zone: b, url: " + mem("i") + " }\n", "")),
        "08001", "backend 'd'", "secretish", "public, internal, confidential, restricted");
    assertRefused(() -> DriverManager.getConnection(url("  - { name: d, role: data, zone: a, url: " + mem("d")
        + " }\n  - { name: i, role: index, zone: b, url: " + mem("i") + ", allowedColumns: [\"A*.B\"] }\n", "")),
        "08001", "backend 'i'", "A*.B", "TABLE.COLUMN, TABLE.*, *.COLUMN or *");
    assertRefused(() -> DriverManager.getConnection(url("  - { name: d, role: data, zone: a, url: " + mem("d")
        + " }\n  - { name: i, role: index, zone: b, url: " + mem("i") + " }\n",
        "columns:\n  T.C: { class: top-secret }\n")), "08001", "column T.C", "top-secret");
  }
}
