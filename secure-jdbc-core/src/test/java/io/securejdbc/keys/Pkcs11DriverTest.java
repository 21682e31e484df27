package io.securejdbc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.SecureAdmin;
import io.securejdbc.testkit.TestDb;
import io.securejdbc.token.KeyTokenContractTest;
import io.securejdbc.token.pkcs11.SoftHsm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver on a real PKCS#11 token (SoftHSM2 through the JDK's SunPKCS11): the master key is generated in the
 * token and never leaves it; data survives reopening; a wrong PIN is refused; the master key rotates.
 * Skips without SoftHSM2 unless SECURE_JDBC_REQUIRE_PKCS11=true (CI), then it fails.
 */
class Pkcs11DriverTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void softHsm() {
    SoftHsm.require();
  }

  private String url(String pin) {
    return "jdbc:secure:file:" + dir + ";tokenType=pkcs11;tokenPin=" + pin + ";tokenOptions=library="
        + SoftHsm.LIBRARY + ",slotListIndex=0,name=sjdbcDriverTest,pinCounterFile=" + dir.resolve("pin.count")
        + ",maxPinAttempts=5";
  }

  @Test
  void fileDatabase_onSoftHsm_roundTrips_refusesWrongPin_andRotatesTheMasterKey() throws Exception {
    try (Connection c = DriverManager.getConnection(url(KeyTokenContractTest.PIN)); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE PATIENT (ID INTEGER PRIMARY KEY, NAME VARCHAR(40))");
      s.executeUpdate("INSERT INTO PATIENT VALUES (1, 'Ada'), (2, 'Grace')");
      assertThat(TestDb.rows(c, "SELECT NAME FROM PATIENT WHERE ID = 2")).isEqualTo(List.of(List.of("Grace")));
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url("Wrong-0000"))).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    try (Connection c = DriverManager.getConnection(url(KeyTokenContractTest.PIN))) {
      assertThat(TestDb.rows(c, "SELECT ID FROM PATIENT WHERE NAME = 'Ada'")).isEqualTo(List.of(List.of(1)));
      String alias = SecureAdmin.of(c).rotateMasterKey();
      assertThat(alias).endsWith("-r1");
      SecureAdmin.of(c).rotateDataKey("PATIENT", p -> { });
      assertThat(TestDb.rows(c, "SELECT COUNT(*) FROM PATIENT")).isEqualTo(List.of(List.of(2L)));
    }
    try (Connection c = DriverManager.getConnection(url(KeyTokenContractTest.PIN))) {
      assertThat(TestDb.rows(c, "SELECT NAME FROM PATIENT ORDER BY ID"))
          .isEqualTo(List.of(List.of("Ada"), List.of("Grace")));
    }
  }
}
