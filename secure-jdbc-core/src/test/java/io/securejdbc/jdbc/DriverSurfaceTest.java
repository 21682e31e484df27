package io.securejdbc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securejdbc.SecureDataSource;
import io.securejdbc.SecureDriver;
import io.securejdbc.SecureProperty;
import io.securejdbc.testkit.TestDb;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The driver's entry points: ServiceLoader registration, URLs, properties, the DataSource under HikariCP. */
class DriverSurfaceTest {

  @Test
  void driver_isRegistered_andIgnoresForeignUrls() throws Exception {
    Driver d = DriverManager.getDriver("jdbc:secure:mem:x");
    assertThat(d).isInstanceOf(SecureDriver.class);
    assertThat(d.connect("jdbc:h2:mem:foreign", new Properties())).isNull();
    assertThat(d.acceptsURL("jdbc:postgresql://x/y")).isFalse();
  }

  @Test
  void badUrlsAndUnknownProperties_giveClearErrors() {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:disk:/tmp/x"))
        .isInstanceOf(SQLException.class).hasMessageContaining("mem, file or config")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:mem:x;tokenPn=1"))
        .isInstanceOf(SQLException.class).hasMessageContaining("tokenPn")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:secure:mem:x;indexBackends=two"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
  }

  @Test
  void everyProperty_isDocumented_hasADataSourceSetter_andAppearsInPropertyInfo() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    List<String> setters = Arrays.stream(SecureDataSource.class.getMethods()).map(Method::getName).toList();
    DriverPropertyInfo[] info = new SecureDriver().getPropertyInfo("jdbc:secure:mem:x", new Properties());
    for (SecureProperty p : SecureProperty.values()) {
      String name = p.propertyName();
      assertThat(docs).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
      String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      assertThat(setters).as("SecureDataSource.%s", setter).contains(setter);
      assertThat(Arrays.stream(info).map(i -> i.name)).contains(name);
      assertThat(p.description()).isNotBlank();
    }
    assertThat(Arrays.stream(info).filter(i -> i.name.equals("tokenPin")).findFirst().orElseThrow().value)
        .isNull();
  }

  @Test
  void dataSource_underHikariCp_poolsSecureConnections() throws Exception {
    SecureDataSource ds = new SecureDataSource();
    ds.setUrl(TestDb.memUrl(TestDb.uniqueName()));
    ds.setTokenPin("pool-pin");
    HikariConfig config = new HikariConfig();
    config.setDataSource(ds);
    config.setMaximumPoolSize(3);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY, V VARCHAR(10))");
        s.executeUpdate("INSERT INTO T VALUES (1, 'a')");
      }
      for (int i = 0; i < 5; i++) {
        try (Connection c = pool.getConnection()) {
          assertThat(c.isValid(1)).isTrue();
          assertThat(TestDb.rows(c, "SELECT V FROM T WHERE ID = 1")).isEqualTo(List.of(List.of("a")));
        }
      }
    }
  }

  @Test
  void hikariWithDriverClassName_andProperties_asSpringBootConfiguresIt() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDriverClassName(SecureDriver.class.getName());
    config.setJdbcUrl(TestDb.memUrl(TestDb.uniqueName()));
    config.addDataSourceProperty("tokenPin", "spring-pin");
    config.addDataSourceProperty("keywordMode", "protected");
    try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE T (ID INTEGER)");
      s.executeUpdate("INSERT INTO T VALUES (7)");
      assertThat(TestDb.rows(c, "SELECT * FROM T WHERE ID = 7")).hasSize(1);
      assertThat(c.getMetaData().getDriverName()).isEqualTo("secure-jdbc");
      assertThat(c.getMetaData().getURL().toLowerCase(Locale.ROOT)).startsWith("jdbc:secure:mem:");
    }
  }

  @Test
  void memDatabase_createdWithPin_refusesOtherPins_andVanishesWithItsLastConnection() throws Exception {
    String name = TestDb.uniqueName();
    try (Connection first = DriverManager.getConnection(TestDb.memUrl(name) + ";tokenPin=abc")) {
      try (Statement s = first.createStatement()) {
        s.execute("CREATE TABLE T (ID INTEGER)");
      }
      assertThatThrownBy(() -> DriverManager.getConnection(TestDb.memUrl(name) + ";tokenPin=abd"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
      try (Connection second = DriverManager.getConnection(TestDb.memUrl(name) + ";tokenPin=abc")) {
        assertThat(TestDb.rows(second, "SELECT COUNT(*) FROM T")).isEqualTo(List.of(List.of(0L)));
      }
    }
    try (Connection again = DriverManager.getConnection(TestDb.memUrl(name))) {
      assertThatThrownBy(() -> TestDb.rows(again, "SELECT * FROM T")).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S02"));
    }
  }
}
