package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.ColumnType;
import io.securejdbc.sql.SimpleWrite;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.IdentityAllocator;
import io.securejdbc.store.RowIds;
import io.securejdbc.store.TableWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Applies {@link SimpleWrite}s without the working engine: an INSERT's row, or an UPDATE's new values, are the
 * statement's parameters themselves. That is exact only when each parameter already has the column's Java class and
 * fits the column as declared, so that the engine would store it unchanged; an INSERT's omitted columns must be
 * identity columns (whose values it draws, see {@link InsertShape}) or NULL. For anything else (a conversion, a
 * NULL for a NOT NULL column, a default, a CHECK constraint) {@link #plan} returns null and the statement takes the
 * general path, whose conversions and error messages are the engine's own.
 *
 * <p>Why: loading, running and reading back a write in the working engine cost about as much as the encrypted
 * write itself for batch inserts and single-row updates (see docs/benchmarks.md).
 */
final class DirectWrites {

  /** A write ready to run; returns the update count. */
  interface Plan {
    long apply() throws SQLException;

    /** The generated keys asked for, after {@link #apply}; null when none were. */
    default ResultSet keys() throws SQLException {
      return null;
    }
  }

  /** Builds a generated-keys result: the given columns of the inserted rows, typed as the engine types them. */
  interface KeyResults {
    ResultSet keys(TableInfo t, int[] columns, List<Object[]> rows) throws SQLException;
  }

  /** A batch of INSERT rows ready to write, with the identity values they drew and the key columns asked for. */
  record Batch(List<Object[]> rows, IdentityDraw drawn, int[] keyColumns) {}

  private static final Object NOT_EXACT = new Object();

  private final CandidateFinder finder;
  private final RowFetcher fetcher;
  private final TableWriter writer;
  private final IdentityAllocator identities;
  private final KeyResults keyResults;
  private final boolean enabled;
  private long applied;

  DirectWrites(CandidateFinder finder, RowFetcher fetcher, TableWriter writer, IdentityAllocator identities,
      KeyResults keyResults, String sqlMode) {
    this.finder = finder;
    this.fetcher = fetcher;
    this.writer = writer;
    this.identities = identities;
    this.keyResults = keyResults;
    // A compatibility mode may change how the engine converts assigned values: leave those to the engine.
    this.enabled = sqlMode == null || sqlMode.isBlank();
  }

  /** Statements applied directly so far (tests use it to show the path is taken). */
  long applied() {
    return applied;
  }

  /**
   * The plan for this execution, or null when it must take the general path. An INSERT's identity values are drawn
   * here, so a plan must be applied (if it fails, they stay used up, as in H2).
   */
  Plan plan(SimpleWrite w, TableInfo t, Parameters params, int parameterCount, KeysRequest keys)
      throws SQLException {
    if (!enabled || w == null || t == null || !allSet(params, parameterCount)) {
      return null;
    }
    if (w.isDelete()) {
      return keys.wanted() || !ExactPredicate.supported(t, w.where(), params.values()) ? null
          : () -> delete(t, w, params.values());
    }
    if (!t.checks().isEmpty()) {
      return null;
    }
    if (w.where() == null) {
      InsertShape shape = InsertShape.of(w, t, keys);
      Object[] row = shape == null ? null : insertRow(w, t, params);
      if (row == null || IdentityDraw.fill(identities, t, shape.drawn(), List.<Object[]>of(row)) == null) {
        return null;
      }
      return new Plan() {
        @Override
        public long apply() throws SQLException {
          writer.apply(t, List.<Object[]>of(row), List.of(), List.of());
          applied++;
          return 1;
        }

        @Override
        public ResultSet keys() throws SQLException {
          return shape.keyColumns() == null ? null : keyResults.keys(t, shape.keyColumns(), List.<Object[]>of(row));
        }
      };
    }
    Object[] assigned = keys.wanted() || assignsIdentity(w, t) ? null : values(w, t, params);
    if (assigned == null || !ExactPredicate.supported(t, w.where(), params.values())) {
      return null;
    }
    return () -> update(w, t, assigned, params.values());
  }

  /** The rows of a batch of INSERTs with their identity values drawn, or null for the general path. */
  Batch insertRows(SimpleWrite w, TableInfo t, List<Parameters> batch, int parameterCount, KeysRequest keys)
      throws SQLException {
    if (!enabled || w == null || w.where() != null || t == null || !t.checks().isEmpty()) {
      return null;
    }
    InsertShape shape = InsertShape.of(w, t, keys);
    if (shape == null) {
      return null;
    }
    List<Object[]> rows = new ArrayList<>(batch.size());
    for (Parameters p : batch) {
      Object[] row = allSet(p, parameterCount) ? insertRow(w, t, p) : null;
      if (row == null) {
        return null;
      }
      rows.add(row);
    }
    IdentityDraw drawn = IdentityDraw.fill(identities, t, shape.drawn(), rows);
    return drawn == null ? null : new Batch(rows, drawn, shape.keyColumns());
  }

  /** An identity column's new value is the engine's to check (ALWAYS refuses it). */
  private static boolean assignsIdentity(SimpleWrite w, TableInfo t) {
    return w.columns().stream().anyMatch(i -> t.columns().get(i).identity() != null);
  }

  /** Exactly the statement's parameters, every one of them set (else the engine reports what is missing). */
  private static boolean allSet(Parameters p, int parameterCount) {
    if (p.count() != parameterCount) {
      return false;
    }
    for (int i = 1; i <= parameterCount; i++) {
      if (!p.isSet(i)) {
        return false;
      }
    }
    return true;
  }

  /** Writes a batch's rows (from {@link #insertRows}) as one statement. */
  void insert(TableInfo t, List<Object[]> rows) throws SQLException {
    writer.apply(t, rows, List.of(), List.of());
    applied++;
  }

  private static Object[] insertRow(SimpleWrite w, TableInfo t, Parameters params) {
    Object[] assigned = values(w, t, params);
    if (assigned == null) {
      return null;
    }
    Object[] row = new Object[t.columns().size()];
    for (int i = 0; i < assigned.length; i++) {
      row[w.columns().get(i)] = assigned[i];
    }
    return row;
  }

  /** The assigned values in the statement's order, or null when one of them is not exact. */
  private static Object[] values(SimpleWrite w, TableInfo t, Parameters params) {
    Object[] out = new Object[w.columns().size()];
    for (int i = 0; i < out.length; i++) {
      Object v = assign(t.columns().get(w.columns().get(i)), params.values()[w.params().get(i)]);
      if (v == NOT_EXACT) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  /** The rows matching a write's filter, locked until the transaction ends. */
  private List<Row> matching(SimpleWrite w, TableInfo t, Object[] params) throws SQLException {
    List<Row> rows = UniqueLookup.rows(fetcher, t, w.where(), params, true);
    if (rows == null) {
      RowIds ids = finder.find(t, w.where(), params);
      rows = ids == null ? fetcher.scan(t, true) : fetcher.fetch(t, ids, true);
    }
    ExactPredicate.Compiled where = ExactPredicate.compile(t, w.where(), params);
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (where.matches(r.values())) {
        out.add(r);
      }
    }
    return out;
  }

  private long delete(TableInfo t, SimpleWrite w, Object[] params) throws SQLException {
    List<Row> rows = matching(w, t, params);
    if (!rows.isEmpty()) {
      writer.apply(t, List.of(), List.of(), rows);
    }
    applied++;
    return rows.size();
  }

  private long update(SimpleWrite w, TableInfo t, Object[] assigned, Object[] params) throws SQLException {
    List<TableWriter.Update> updates = new ArrayList<>();
    long count = 0;
    for (Row r : matching(w, t, params)) {
      count++;
      Object[] next = r.values().clone();
      for (int i = 0; i < assigned.length; i++) {
        next[w.columns().get(i)] = assigned[i];
      }
      if (!RowValues.same(r.values(), next)) {
        updates.add(new TableWriter.Update(r.rowId(), r.values(), next));
      }
    }
    if (!updates.isEmpty()) {
      writer.apply(t, List.of(), updates, List.of());
    }
    applied++;
    return count;
  }

  /**
   * The value the engine would store for {@code v} in column {@code c}, when that is {@code v} itself (up to the
   * canonical Java class); {@link #NOT_EXACT} otherwise.
   */
  static Object assign(ColumnInfo c, Object v) {
    if (v == null) {
      return c.notNull() ? NOT_EXACT : null;
    }
    ColumnType type = c.type();
    return switch (type.type()) {
      case BOOLEAN -> v instanceof Boolean ? v : NOT_EXACT;
      case TINYINT -> smallInt(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT -> smallInt(v, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> v instanceof Integer || v instanceof Short || v instanceof Byte
          ? (Object) ((Number) v).intValue() : NOT_EXACT;
      case BIGINT -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
          ? (Object) ((Number) v).longValue() : NOT_EXACT;
      // The engine keeps one zero and one NaN: -0.0 is stored as 0.0.
      case DOUBLE -> v instanceof Double d ? (Object) (d == 0.0 ? 0.0 : Double.isNaN(d) ? Double.NaN : d)
          : NOT_EXACT;
      case REAL -> v instanceof Float f ? (Object) (f == 0.0f ? 0.0f : Float.isNaN(f) ? Float.NaN : f) : NOT_EXACT;
      case DECIMAL -> v instanceof BigDecimal d && type.scale() != ColumnType.UNSPECIFIED
          && type.precision() != ColumnType.UNSPECIFIED && d.scale() == type.scale()
          && d.precision() <= type.precision() ? v : NOT_EXACT;
      case VARCHAR -> v instanceof String s && s.length() <= maxLength(type) && noSurrogates(s) ? v : NOT_EXACT;
      case VARBINARY -> v instanceof byte[] b && b.length <= maxLength(type) ? b.clone() : NOT_EXACT;
      case UUID -> v instanceof UUID ? v : NOT_EXACT;
      default -> NOT_EXACT;
    };
  }

  /** The declared length, or for none a bound well below every engine's own limit. */
  private static int maxLength(ColumnType type) {
    return type.precision() == ColumnType.UNSPECIFIED ? 1 << 20 : type.precision();
  }

  /** The stored form of a non-null value when {@link #assign} takes it as is, else null. */
  static Object exactValue(ColumnInfo c, Object v) {
    Object a = assign(c, v);
    return a == NOT_EXACT ? null : a;
  }

  private static Object smallInt(Object v, int min, int max) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      int i = ((Number) v).intValue();
      return i >= min && i <= max ? (Object) i : NOT_EXACT;
    }
    return NOT_EXACT;
  }

  private static boolean noSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
