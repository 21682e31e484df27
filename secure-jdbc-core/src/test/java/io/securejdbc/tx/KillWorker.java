package io.securejdbc.tx;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The child process of {@link ProcessKillTest}: writes to a file: database in a loop, one transaction per row (an
 * insert and an update of an older row), and prints each id once its commit has returned.
 */
public final class KillWorker {

  private KillWorker() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:secure:file:" + args[0] + ";tokenPin=" + args[1] + ";tokenKdfMemoryKiB=256"
        + (args.length > 2 ? args[2] : "");
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS W (ID BIGINT PRIMARY KEY, V VARCHAR(20) NOT NULL, N INTEGER NOT NULL)");
      }
      long next;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(ID), 0) FROM W")) {
        rs.next();
        next = rs.getLong(1) + 1;
      }
      c.setAutoCommit(false);
      System.out.println("READY");
      System.out.flush();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO W VALUES (?, ?, 0)");
          PreparedStatement touch = c.prepareStatement("UPDATE W SET N = N + 1 WHERE ID = ?")) {
        // A safety net: the worker never outlives its test, even if the test JVM dies without killing it.
        long stopAt = System.currentTimeMillis() + 60_000;
        for (long id = next; System.currentTimeMillis() < stopAt; id++) {
          insert.setLong(1, id);
          insert.setString(2, "v" + id);
          insert.executeUpdate();
          touch.setLong(1, id / 2);
          touch.executeUpdate();
          c.commit();
          System.out.println("COMMIT " + id);
          System.out.flush();
          // A realistic rate, so the kill lands on all phases of a transaction, not only the fast loop.
          Thread.sleep(id % 3);
        }
      }
    }
  }
}
