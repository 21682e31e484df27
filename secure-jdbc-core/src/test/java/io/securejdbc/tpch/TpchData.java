package io.securejdbc.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Creates the TPC-H schema and loads the generator's rows (dbgen-compatible) through any JDBC connection. */
final class TpchData {

  private static final int BATCH = 500;

  private TpchData() {}

  static String resource(String name) throws IOException {
    try (InputStream in = TpchData.class.getResourceAsStream("/tpch/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource tpch/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One table's generated rows, ready to bind. */
  record Rows(String table, List<String> columns, List<Object[]> values) {}

  /** Every table's rows at {@code scaleFactor}, generated once for all the connections loaded. */
  static List<Rows> generate(double scaleFactor) {
    List<Rows> out = new ArrayList<>();
    for (TpchTable<?> table : TpchTable.getTables()) {
      out.add(rows(table, scaleFactor));
    }
    return out;
  }

  private static <E extends TpchEntity> Rows rows(TpchTable<E> table, double scaleFactor) {
    List<TpchColumn<E>> columns = table.getColumns();
    List<Object[]> values = new ArrayList<>();
    java.util.Set<List<Object>> partSupplierKeys = new java.util.HashSet<>();
    for (E row : table.createGenerator(scaleFactor, 1, 1)) {
      Object[] v = new Object[columns.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = value(columns.get(i), row);
      }
      // Below SF 0.01 the generator's supplier formula repeats (PS_PARTKEY, PS_SUPPKEY) pairs: keep the first.
      if (table != TpchTable.PART_SUPPLIER || partSupplierKeys.add(List.of(v[0], v[1]))) {
        values.add(v);
      }
    }
    return new Rows(table.getTableName(), columns.stream().map(TpchColumn::getColumnName).toList(), values);
  }

  /** Runs schema.sql (one statement per line) and inserts the rows. */
  static void load(Connection c, List<Rows> data) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      for (String line : resource("schema.sql").split("\n")) {
        if (!line.isBlank() && !line.startsWith("--")) {
          s.execute(line);
        }
      }
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (Rows rows : data) {
        insert(c, rows);
      }
      c.commit();
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static void insert(Connection c, Rows rows) throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(rows.columns().size(), "?"));
    String sql = "INSERT INTO " + rows.table() + " (" + String.join(", ", rows.columns()) + ") VALUES (" + marks
        + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int pending = 0;
      for (Object[] row : rows.values()) {
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          // One transaction per batch: a single transaction over hundreds of thousands of rows holds them all.
          c.commit();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  private static <E extends TpchEntity> Object value(TpchColumn<E> column, E row) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> Math.toIntExact(column.getIdentifier(row));
      case INTEGER -> column.getInteger(row);
      case DATE -> LocalDate.ofEpochDay(column.getDate(row));
      // the generator's doubles are exact cents (or percentages): DECIMAL(15,2) as the spec defines them
      case DOUBLE -> BigDecimal.valueOf(column.getDouble(row)).setScale(2, RoundingMode.HALF_UP);
      case VARCHAR -> column.getString(row);
    };
  }
}
