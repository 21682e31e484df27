package io.securejdbc.config;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdbc:secure:config: with a YAML file naming each backend, its role and zone, the token and column options. */
class YamlConfigTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("secure-jdbc.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void yamlLayout_storesDataAndIndexesWhereConfigured_withPerColumnModes() throws Exception {
    String n = TestDb.uniqueName();
    Path file = write("""
        tenant: crm
        keywordMode: PLAIN
        token:
          type: software
          options:
            kdfMemoryKiB: 256
        backends:
          - name: vault
            role: data
            zone: provider-a
            url: jdbc:h2:mem:%1$s_vault;DB_CLOSE_DELAY=-1
          - name: lookup
            role: index
            zone: provider-b
            url: jdbc:h2:mem:%1$s_lookup;DB_CLOSE_DELAY=-1
            user: sa
            password: ${SECURE_JDBC_TEST_UNSET_VARIABLE}
        columns:
          PERSON.EMAIL: PROTECTED
          PERSON.NOTE: NONE
        """.formatted(n));
    try (Connection c = DriverManager.getConnection("jdbc:secure:config:" + file + ";tokenPin=yaml-pin");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE PERSON (ID INTEGER PRIMARY KEY, EMAIL VARCHAR(60), NOTE VARCHAR(60))");
      s.executeUpdate("INSERT INTO PERSON VALUES (1, 'ada@example.org', 'first'), (2, 'alan@example.org', 'x')");
      assertThat(TestDb.rows(c, "SELECT ID FROM PERSON WHERE EMAIL = 'alan@example.org'"))
          .isEqualTo(List.of(List.of(2)));
      assertThat(TestDb.rows(c, "SELECT ID FROM PERSON WHERE NOTE = 'first'")).isEqualTo(List.of(List.of(1)));
    }
    try (Connection vault = DriverManager.getConnection("jdbc:h2:mem:" + n + "_vault", "sa", "");
        Connection lookup = DriverManager.getConnection("jdbc:h2:mem:" + n + "_lookup", "sa", "")) {
      assertThat(TestDb.tables(vault)).allMatch(t -> t.startsWith("SJ_CRM_"))
          .anyMatch(t -> t.startsWith("SJ_CRM_D_")).noneMatch(t -> t.startsWith("SJ_CRM_I_"));
      // ID and EMAIL are indexed (EMAIL protected), NOTE is not.
      assertThat(TestDb.tables(lookup)).hasSize(2).allMatch(t -> t.startsWith("SJ_CRM_I_"));
      List<byte[]> cells = TestDb.allCells(lookup);
      assertThat(cells).noneMatch(cell -> TestDb.contains(cell, "example.org".getBytes()));
      assertThat(TestDb.allCells(vault)).noneMatch(cell -> TestDb.contains(cell, "example.org".getBytes()));
    }
    assertThat(Files.exists(dir.resolve("token.sjks"))).isTrue();
  }

  @Test
  void dataAndIndexInOneZone_isRefused_namingTheRuleAndBackends() throws Exception {
    Path file = write("""
        backends:
          - { name: d1, role: data, zone: same, url: "jdbc:h2:mem:zone_d1" }
          - { name: i1, role: index, zone: same, url: "jdbc:h2:mem:zone_i1" }
        """);
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:config:" + file + ";tokenPin=p"))
        .isInstanceOf(SQLException.class).hasMessageContaining("d1").hasMessageContaining("i1")
        .hasMessageContaining("zone");
  }

  @Test
  void malformedConfigurations_giveClearErrors() throws Exception {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:config:" + write("backends: 3")
        + ";tokenPin=p")).isInstanceOf(SQLException.class).hasMessageContaining("backends");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:config:" + write("""
        backends:
          - { name: d1, role: primary, url: "jdbc:h2:mem:x" }
        """) + ";tokenPin=p")).isInstanceOf(SQLException.class).hasMessageContaining("role");
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:config:" + dir.resolve("missing.yaml")
        + ";tokenPin=p")).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }
}
