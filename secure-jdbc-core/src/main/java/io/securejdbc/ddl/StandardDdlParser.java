package io.securejdbc.ddl;

import io.securejdbc.SqlState;
import io.securejdbc.index.ColumnType;
import io.securejdbc.index.SqlType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** STOPGAP (replaced by the dedicated parser): lets H2 parse CREATE TABLE and reads the definition back. */
public final class StandardDdlParser implements DdlParser {

  @Override
  public boolean isDdl(String sql) {
    String s = sql.strip().toUpperCase(Locale.ROOT);
    return s.startsWith("CREATE") || s.startsWith("DROP") || s.startsWith("ALTER") || s.startsWith("TRUNCATE");
  }

  @Override
  public DdlStatement parse(String sql) throws SQLException {
    String s = sql.strip().replaceAll(";$", "");
    String[] w = s.split("\\s+");
    String u0 = w[0].toUpperCase(Locale.ROOT);
    String u1 = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
    if (s.toUpperCase(Locale.ROOT).contains("REFERENCES")) {
      throw SqlState.notSupported("FOREIGN KEY");
    }
    if (u0.equals("CREATE") && u1.equals("TABLE")) {
      return createTable(s);
    }
    if (u0.equals("DROP") && u1.equals("TABLE")) {
      boolean ifExists = w.length > 3 && w[2].equalsIgnoreCase("IF");
      return new DdlStatement.DropTable(List.of(w[ifExists ? 4 : 2].toUpperCase(Locale.ROOT)), ifExists);
    }
    if (u0.equals("CREATE") && (u1.equals("INDEX") || u1.equals("UNIQUE"))) {
      boolean unique = u1.equals("UNIQUE");
      int i = unique ? 3 : 2;
      String name = w[i].toUpperCase(Locale.ROOT);
      String rest = s.substring(s.toUpperCase(Locale.ROOT).indexOf(" ON ") + 4).trim();
      String table = rest.substring(0, rest.indexOf('(')).trim().toUpperCase(Locale.ROOT);
      List<String> cols = new ArrayList<>();
      for (String c : rest.substring(rest.indexOf('(') + 1, rest.lastIndexOf(')')).split(",")) {
        cols.add(c.trim().split("\\s+")[0].toUpperCase(Locale.ROOT));
      }
      return new DdlStatement.CreateIndex(name, false, unique, table, cols, null);
    }
    if (u0.equals("DROP") && u1.equals("INDEX")) {
      return new DdlStatement.DropIndex(w[2].toUpperCase(Locale.ROOT), false);
    }
    if (u0.equals("CREATE") && u1.equals("VIEW")) {
      int as = s.toUpperCase(Locale.ROOT).indexOf(" AS ");
      return new DdlStatement.CreateView(w[2].toUpperCase(Locale.ROOT), false, null, s.substring(as + 4));
    }
    if (u0.equals("DROP") && u1.equals("VIEW")) {
      return new DdlStatement.DropView(w[2].toUpperCase(Locale.ROOT), false);
    }
    if (u0.equals("TRUNCATE")) {
      return new DdlStatement.Truncate(w[w.length - 1].toUpperCase(Locale.ROOT), false);
    }
    throw SqlState.notSupported(u0 + " " + u1);
  }

  private DdlStatement createTable(String sql) throws SQLException {
    try (Connection c = new org.h2.Driver().connect("jdbc:h2:mem:", new java.util.Properties());
        Statement st = c.createStatement()) {
      try {
        st.execute(sql);
      } catch (SQLException e) {
        throw SqlState.SYNTAX_ERROR.exception("Syntax error at position 1: " + e.getErrorCode());
      }
      String table;
      try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA='PUBLIC'")) {
        rs.next();
        table = rs.getString(1);
      }
      List<DdlStatement.ColumnDef> cols = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION,"
          + " NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY, DATETIME_PRECISION FROM INFORMATION_SCHEMA.COLUMNS"
          + " WHERE TABLE_SCHEMA='PUBLIC' ORDER BY ORDINAL_POSITION")) {
        while (rs.next()) {
          String t = rs.getString(2);
          SqlType type = switch (t) {
            case "CHARACTER VARYING" -> SqlType.VARCHAR;
            case "CHARACTER" -> SqlType.CHAR;
            case "CHARACTER LARGE OBJECT" -> SqlType.CLOB;
            case "BINARY VARYING" -> SqlType.VARBINARY;
            case "BINARY LARGE OBJECT" -> SqlType.BLOB;
            case "DOUBLE PRECISION" -> SqlType.DOUBLE;
            case "NUMERIC", "DECFLOAT" -> SqlType.DECIMAL;
            case "TIMESTAMP WITH TIME ZONE" -> SqlType.TIMESTAMP_TZ;
            case "TIME WITH TIME ZONE" -> SqlType.TIME_TZ;
            default -> SqlType.valueOf(t);
          };
          int p = -1;
          int sc = -1;
          if (type == SqlType.VARCHAR || type == SqlType.CHAR || type == SqlType.VARBINARY || type == SqlType.BINARY) {
            long len = rs.getLong(3);
            p = len >= 1_000_000_000L ? -1 : (int) len;
          } else if (type == SqlType.DECIMAL) {
            p = rs.getInt(4);
            sc = rs.getInt(5);
          } else if (type == SqlType.TIMESTAMP || type == SqlType.TIMESTAMP_TZ || type == SqlType.TIME) {
            p = rs.getInt(9);
          }
          boolean identity = "YES".equals(rs.getString(8));
          cols.add(new DdlStatement.ColumnDef(rs.getString(1), new ColumnType(type, p, sc),
              "NO".equals(rs.getString(6)), identity ? null : rs.getString(7),
              identity ? new DdlStatement.Identity(false, 1, 1) : null));
        }
      }
      List<String> pk = new ArrayList<>();
      List<List<String>> uniques = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, kcu.COLUMN_NAME FROM"
          + " INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE kcu"
          + " ON tc.CONSTRAINT_NAME = kcu.CONSTRAINT_NAME ORDER BY tc.CONSTRAINT_NAME, kcu.ORDINAL_POSITION")) {
        String current = null;
        List<String> acc = null;
        while (rs.next()) {
          if (rs.getString(1).equals("PRIMARY KEY")) {
            pk.add(rs.getString(3));
          } else if (rs.getString(1).equals("UNIQUE")) {
            if (!rs.getString(2).equals(current)) {
              current = rs.getString(2);
              acc = new ArrayList<>();
              uniques.add(acc);
            }
            acc.add(rs.getString(3));
          }
        }
      }
      return new DdlStatement.CreateTable(table, false, cols, pk, uniques, List.of());
    }
  }
}
