package io.securejdbc.fuzz;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random schema of 2-3 tables and its rows: small value domains, so that joins match, predicates hit, and NULLs
 * and duplicates are common. T0 and T1 have a primary key ID; T2 has none and may repeat whole rows.
 */
final class FuzzSchema {

  /** A column type with the literals queries compare it to (some of them absent from the data). */
  enum Type {
    INT("INTEGER"),
    BIG("BIGINT"),
    DEC("DECIMAL(6, 2)"),
    DBL("DOUBLE PRECISION"),
    STR("VARCHAR(8)"),
    CHR("CHAR(3)"),
    DT("DATE"),
    TS("TIMESTAMP"),
    BOOL("BOOLEAN");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }

    boolean numeric() {
      return this == INT || this == BIG || this == DEC || this == DBL;
    }

    boolean text() {
      return this == STR || this == CHR;
    }

    boolean ordered() {
      return this != BOOL;
    }
  }

  record Column(String name, Type type) {}

  record Table(String name, boolean primaryKey, List<Column> columns) {}

  final List<Table> tables = new ArrayList<>();
  private final Random r;

  FuzzSchema(Random r) {
    this.r = r;
    int n = 2 + r.nextInt(2);
    for (int t = 0; t < n; t++) {
      List<Column> cols = new ArrayList<>();
      cols.add(new Column("ID", Type.INT));
      cols.add(new Column("K", Type.INT));
      List<Type> types = new ArrayList<>(List.of(Type.values()));
      java.util.Collections.shuffle(types, r);
      int extra = 3 + r.nextInt(4);
      for (int i = 0; i < extra; i++) {
        Type type = types.get(i % types.size());
        cols.add(new Column("C" + i + "_" + type.name(), type));
      }
      tables.add(new Table("T" + t, t < 2, cols));
    }
  }

  List<String> ddl() {
    List<String> out = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    for (Table t : tables) {
      StringBuilder sb = new StringBuilder("CREATE TABLE ").append(t.name()).append(" (");
      for (int i = 0; i < t.columns().size(); i++) {
        Column c = t.columns().get(i);
        sb.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type().sql);
        if (i == 0 && t.primaryKey()) {
          sb.append(" PRIMARY KEY");
        }
      }
      out.add(sb.append(')').toString());
      // A named index on some tables: the working engine then has it too, and plans change with it.
      if (r.nextBoolean()) {
        Column c = t.columns().get(1 + r.nextInt(t.columns().size() - 1));
        indexes.add("CREATE INDEX IX_" + t.name() + " ON " + t.name() + " (" + c.name() + ")");
      }
    }
    out.addAll(indexes);
    return out;
  }

  /** Inserts the same rows into every connection (row values drawn once). */
  void load(List<Connection> connections) throws SQLException {
    List<String> statements = ddl();
    for (Connection c : connections) {
      try (Statement s = c.createStatement()) {
        for (String ddl : statements) {
          s.execute(ddl);
        }
      }
    }
    for (Table t : tables) {
      int rows = 15 + r.nextInt(25);
      List<Object[]> data = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        Object[] row = new Object[t.columns().size()];
        row[0] = t.primaryKey() ? i + 1 : r.nextInt(rows / 2 + 1);
        row[1] = r.nextInt(8) == 0 ? null : r.nextInt(7);
        for (int j = 2; j < row.length; j++) {
          row[j] = r.nextInt(6) == 0 ? null : value(t.columns().get(j).type());
        }
        data.add(row);
        if (!t.primaryKey() && r.nextInt(5) == 0) {
          data.add(row.clone());
        }
      }
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(t.name()).append(" VALUES (");
      for (int i = 0; i < t.columns().size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(')');
      for (Connection c : connections) {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          for (Object[] row : data) {
            for (int i = 0; i < row.length; i++) {
              ps.setObject(i + 1, row[i]);
            }
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
    }
  }

  /** A data value (Java object) of the type: few distinct values, so duplicates are common. */
  Object value(Type type) {
    return switch (type) {
      case INT -> r.nextInt(9) - 2;
      case BIG -> pick(0L, 1L, -1L, 3_000_000_000L, -3_000_000_000L, 42L, Long.MAX_VALUE);
      case DEC -> new BigDecimal(pick("0.00", "1.50", "-2.25", "10.00", "3.14", "1.5", "99.99", "-0.01"));
      case DBL -> pick(0.0, -0.0, 1.5, 2.25, -3.0, 1e10, 0.1, 3.0);
      case STR -> pick("", "a", "ab", "abc", "b", "B", "a_c", "a%", " a", "a ", "ba", "x y");
      case CHR -> pick("", "a", "ab", "abc", "b", "B", "a_c", "a%", " a", "a ");
      case DT -> LocalDate.of(2020, 1, 1).plusDays(pick(0, 1, 31, 365, 366, -1));
      case TS -> LocalDateTime.of(2020, 1, 1, 0, 0).plusHours(pick(0, 1, 24, 25, 8760)).plusSeconds(pick(0, 0, 30));
      case BOOL -> r.nextBoolean();
    };
  }

  /** A SQL literal of the type: mostly values that occur, sometimes values that do not. */
  String literal(Type type) {
    Object v = r.nextInt(5) == 0 ? offDomain(type) : value(type);
    return sql(v);
  }

  private Object offDomain(Type type) {
    return switch (type) {
      case INT -> 1000;
      case BIG -> 7L;
      case DEC -> new BigDecimal("2.5");
      case DBL -> 2.5;
      case STR, CHR -> "zz";
      case DT -> LocalDate.of(2019, 6, 1);
      case TS -> LocalDateTime.of(2020, 1, 1, 0, 0, 1);
      case BOOL -> false;
    };
  }

  static String sql(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (v instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    if (v instanceof LocalDateTime ts) {
      return "TIMESTAMP '" + ts.toString().replace('T', ' ') + (ts.getSecond() == 0 ? ":00" : "") + "'";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double d) {
      return d == 0 && 1 / d < 0 ? "-0.0E0" : d + (d.toString().contains("E") ? "" : "E0");
    }
    return v.toString();
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[r.nextInt(values.length)];
  }
}
