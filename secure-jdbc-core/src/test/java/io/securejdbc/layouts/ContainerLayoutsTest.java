package io.securejdbc.layouts;

import io.securejdbc.testkit.LayoutChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The layout checks on throw-away PostgreSQL and MariaDB servers started by Testcontainers, in both roles (data on
 * one engine, indexes on the other and on embedded H2). Without a Docker engine the class is skipped, never failed:
 * the local-server variants ({@link LayoutSmokeTest}) cover the same checks where servers are installed.
 */
class ContainerLayoutsTest {

  private static PostgreSQLContainer<?> postgres;
  private static MariaDBContainer<?> mariadb;

  @TempDir
  Path dir;

  private static boolean docker;

  @BeforeAll
  static void startContainers() {
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      docker = false;
    }
    if (!docker) {
      return;
    }
    postgres = new PostgreSQLContainer<>("postgres:16-alpine")
        .withEnv("POSTGRES_INITDB_ARGS", "--encoding=UTF8 --locale=C");
    mariadb = new MariaDBContainer<>("mariadb:11.4");
    postgres.start();
    mariadb.start();
  }

  @AfterAll
  static void stopContainers() {
    if (postgres != null) {
      postgres.stop();
    }
    if (mariadb != null) {
      mariadb.stop();
    }
  }

  @BeforeEach
  void requireDocker() {
    // Each test reports as skipped (not silently absent) when there is no Docker engine.
    Assumptions.assumeTrue(docker, "no Docker engine: the Testcontainers layouts are skipped");
  }

  private String url(String name, JdbcDatabaseContainer<?> data, JdbcDatabaseContainer<?> index) throws Exception {
    String yaml = "token: { type: software, options: { kdfMemoryKiB: 256 } }\nbackends:\n"
        + backend("data", "data", "provider-a", data)
        + backend("index-server", "index", "provider-b", index)
        + "  - { name: index-h2, role: index, zone: provider-c, url: \"jdbc:h2:mem:" + name + "_" + System.nanoTime()
        + ";DB_CLOSE_DELAY=-1\" }\n";
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return "jdbc:secure:config:" + file + ";tokenPin=container-pin";
  }

  private static String backend(String name, String role, String zone, JdbcDatabaseContainer<?> c) {
    return "  - { name: " + name + ", role: " + role + ", zone: " + zone + ", url: \"" + c.getJdbcUrl() + "\", user: "
        + c.getUsername() + ", password: \"" + c.getPassword() + "\" }\n";
  }

  @Test
  void postgresData_mariadbAndH2Indexes() throws Exception {
    try (Connection c = DriverManager.getConnection(url("pg_data", postgres, mariadb))) {
      LayoutChecks.smoke(c);
      LayoutChecks.differential(c);
    }
  }

  @Test
  void mariadbData_postgresAndH2Indexes() throws Exception {
    try (Connection c = DriverManager.getConnection(url("maria_data", mariadb, postgres))) {
      LayoutChecks.smoke(c);
      LayoutChecks.differential(c);
    }
  }
}
