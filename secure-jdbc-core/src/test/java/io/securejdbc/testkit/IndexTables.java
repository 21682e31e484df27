package io.securejdbc.testkit;

import io.securejdbc.index.PostingKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An insider's view of an index table as (keyword, entry) pairs, whatever its physical layout ({@code (kw, entry)}
 * or one key column {@code k}, see {@link PostingKey}): attacks are written once, on pairs, and stored back the way
 * the table stores them.
 */
public final class IndexTables {

  private IndexTables() {}

  public static boolean oneKey(Connection backend, String table) throws SQLException {
    try (ResultSet rs = backend.getMetaData().getColumns(null, null, table.toUpperCase(java.util.Locale.ROOT), "K")) {
      if (rs.next()) {
        return true;
      }
    }
    try (ResultSet rs = backend.getMetaData().getColumns(null, null, table, "k")) {
      return rs.next();
    }
  }

  /** Every (keyword, entry) pair of the table, in key order. */
  public static List<byte[][]> read(Connection backend, String table) throws SQLException {
    boolean oneKey = oneKey(backend, table);
    List<byte[][]> out = new ArrayList<>();
    try (Statement s = backend.createStatement();
        ResultSet rs = s.executeQuery(oneKey ? "SELECT k FROM " + table + " ORDER BY k"
            : "SELECT kw, entry FROM " + table + " ORDER BY kw, entry")) {
      while (rs.next()) {
        out.add(oneKey ? PostingKey.split(rs.getBytes(1))
            : new byte[][] {rs.getBytes(1), rs.getBytes(2)});
      }
    }
    return out;
  }

  /** Replaces the table's whole content with {@code pairs} (the insider rewriting it). */
  public static void replace(Connection backend, String table, List<byte[][]> pairs) throws SQLException {
    boolean oneKey = oneKey(backend, table);
    try (Statement s = backend.createStatement()) {
      s.executeUpdate("DELETE FROM " + table);
    }
    try (PreparedStatement ps = backend.prepareStatement(oneKey ? "INSERT INTO " + table + " (k) VALUES (?)"
        : "INSERT INTO " + table + " (kw, entry) VALUES (?, ?)")) {
      for (byte[][] p : pairs) {
        if (oneKey) {
          ps.setBytes(1, PostingKey.of(p[0], p[1]));
        } else {
          ps.setBytes(1, p[0]);
          ps.setBytes(2, p[1]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
