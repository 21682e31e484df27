package io.securejdbc.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The logical schema, every column indexed, and ShardingSphere's physical counterpart (cipher + assisted columns). */
public final class Schema {

  private Schema() {}

  /** Logical table name → column names, in insertion order; the first column is the primary key. */
  public static final String[][] TABLES = {
      {"customer", "id", "email", "name", "city", "grp", "tier", "balance"},
      {"orders", "id", "customer_id", "amount", "status"},
      {"account", "id", "owner", "balance"},
  };

  /** Columns that are plaintext in ShardingSphere's encrypt rule: the keys (secure-jdbc encrypts them too). */
  public static boolean plainInShardingSphere(String table, String column) {
    return column.equals("id") || column.equals("customer_id");
  }

  static String type(String table, String column) {
    return switch (column) {
      case "id" -> table.equals("account") ? "BIGINT" : "INT";
      case "email" -> "VARCHAR(40)";
      case "name", "city", "owner" -> "VARCHAR(20)";
      case "status" -> "VARCHAR(10)";
      default -> "INT";
    };
  }

  /** CREATE TABLE plus one index per non-key column (email unique): H2, PostgreSQL and secure-jdbc. */
  public static List<String> logicalDdl() {
    List<String> ddl = new ArrayList<>();
    for (String[] t : TABLES) {
      StringBuilder sb = new StringBuilder("CREATE TABLE ").append(t[0]).append(" (");
      for (int i = 1; i < t.length; i++) {
        sb.append(i > 1 ? ", " : "").append(t[i]).append(' ').append(type(t[0], t[i]))
            .append(i == 1 ? " PRIMARY KEY" : " NOT NULL");
      }
      ddl.add(sb.append(')').toString());
      for (int i = 2; i < t.length; i++) {
        boolean unique = t[i].equals("email");
        ddl.add("CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + t[0] + "_" + t[i] + " ON " + t[0] + " (" + t[i]
            + ")");
      }
    }
    return ddl;
  }

  /** ShardingSphere's physical tables: each encrypted column as cipher column + assisted-query column, all indexed. */
  public static List<String> shardingSpherePhysicalDdl() {
    List<String> ddl = new ArrayList<>();
    for (String[] t : TABLES) {
      StringBuilder sb = new StringBuilder("CREATE TABLE ").append(t[0]).append(" (");
      List<String> indexed = new ArrayList<>();
      for (int i = 1; i < t.length; i++) {
        sb.append(i > 1 ? ", " : "");
        if (plainInShardingSphere(t[0], t[i])) {
          sb.append(t[i]).append(' ').append(type(t[0], t[i])).append(i == 1 ? " PRIMARY KEY" : " NOT NULL");
          if (i > 1) {
            indexed.add(t[i]);
          }
        } else {
          sb.append(t[i]).append(" VARCHAR(128) NOT NULL, ").append(t[i]).append("_aq VARCHAR(64) NOT NULL");
          indexed.add(t[i]);
          indexed.add(t[i] + "_aq");
        }
      }
      ddl.add(sb.append(')').toString());
      for (String c : indexed) {
        ddl.add("CREATE INDEX " + t[0] + "_" + c + " ON " + t[0] + " (" + c + ")");
      }
    }
    return ddl;
  }

  /** The ShardingSphere YAML: one H2 data source, the encrypt rule (AES cipher + MD5 assisted query). */
  public static String shardingSphereYaml(String h2Url) {
    StringBuilder y = new StringBuilder();
    y.append("databaseName: bench\n");
    y.append("mode:\n  type: Standalone\n  repository:\n    type: JDBC\n");
    y.append("dataSources:\n  ds:\n    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n");
    y.append("    driverClassName: org.h2.Driver\n    jdbcUrl: ").append(h2Url).append('\n');
    y.append("    username: sa\n    password: ''\n    maximumPoolSize: 4\n");
    y.append("rules:\n- !ENCRYPT\n  tables:\n");
    for (String[] t : TABLES) {
      y.append("    ").append(t[0]).append(":\n      columns:\n");
      for (int i = 1; i < t.length; i++) {
        if (plainInShardingSphere(t[0], t[i])) {
          continue;
        }
        y.append("        ").append(t[i]).append(":\n");
        y.append("          cipher:\n            name: ").append(t[i]).append("\n            encryptorName: aes\n");
        y.append("          assistedQuery:\n            name: ").append(t[i])
            .append("_aq\n            encryptorName: md5\n");
      }
    }
    y.append("  encryptors:\n");
    y.append("    aes:\n      type: AES\n      props:\n        aes-key-value: bench-aes-key-0123456789\n");
    y.append("        digest-algorithm-name: SHA-1\n");
    y.append("    md5:\n      type: MD5\n      props:\n        salt: bench-salt\n");
    y.append("props:\n  sql-show: false\n");
    return y.toString();
  }

  static void run(Connection c, List<String> ddl) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : ddl) {
        s.execute(sql);
      }
    }
  }
}
