package io.securejdbc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file: database comes back whole with the right PIN and refuses the wrong one. */
class FileDatabaseTest {

  @TempDir
  Path dir;

  /** Persistence needs the key-store-backed software token (the in-memory test scaffold cannot reopen). */
  @org.junit.jupiter.api.BeforeEach
  void requirePersistentToken() {
    boolean persistent = java.util.ServiceLoader.load(io.securejdbc.token.KeyTokenProvider.class).stream()
        .anyMatch(p -> p.type().getName().endsWith("soft.SoftwareTokenProvider"));
    org.junit.jupiter.api.Assumptions.assumeTrue(persistent, "software token with a key store not on the class path");
  }

  private Connection open(String pin) throws SQLException {
    Properties p = new Properties();
    p.setProperty("tokenPin", pin);
    p.setProperty("tokenKdfMemoryKiB", "1024");
    return DriverManager.getConnection("jdbc:secure:file:" + dir, p);
  }

  @Test
  void reopen_withRightPin_givesBackAllData_wrongPin_gives28000() throws Exception {
    try (Connection c = open("right-pin"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE CUSTOMER (ID BIGINT PRIMARY KEY, NAME VARCHAR(50), SINCE DATE)");
      s.executeUpdate("INSERT INTO CUSTOMER VALUES (1, 'Ada', DATE '2020-01-01'), (2, 'Grace', NULL)");
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
        .anyMatch(n -> n.startsWith("data")).anyMatch(n -> n.startsWith("index0")).anyMatch(n -> n.startsWith("token"));
    // The data provider's file and the key store hold no plaintext (index files hold PLAIN keywords by design).
    for (Path f : Files.list(dir).toList()) {
      String n = f.getFileName().toString();
      if (Files.isRegularFile(f) && (n.startsWith("data") || n.startsWith("token"))) {
        byte[] bytes = Files.readAllBytes(f);
        assertThat(TestDb.contains(bytes, "Grace".getBytes())).as(f.toString()).isFalse();
        assertThat(TestDb.contains(bytes, "CUSTOMER".getBytes())).as(f.toString()).isFalse();
      }
    }
    try (Connection c = open("right-pin")) {
      assertThat(TestDb.rows(c, "SELECT ID, NAME FROM CUSTOMER ORDER BY ID"))
          .isEqualTo(List.of(List.of(1L, "Ada"), List.of(2L, "Grace")));
      assertThat(TestDb.rows(c, "SELECT NAME FROM CUSTOMER WHERE NAME = 'Grace'")).hasSize(1);
    }
    assertThatThrownBy(() -> open("wrong-pin")).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pin").doesNotContain("right-pin"));
    try (Connection c = open("right-pin")) {
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM CUSTOMER")).isEqualTo(List.of(List.of(2L)));
    }
  }

  @Test
  void missingPin_isRefusedClearly() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:file:" + dir))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
        .hasMessageContaining("tokenPin");
  }
}
