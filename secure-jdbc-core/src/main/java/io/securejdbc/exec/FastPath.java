package io.securejdbc.exec;

import io.securejdbc.catalog.TableInfo;
import io.securejdbc.sql.SimpleJoin;
import io.securejdbc.sql.SimpleSelect;
import io.securejdbc.store.IndexLookup;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.RowIds;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcResultSet;
import org.h2.result.SimpleResult;
import org.h2.result.SortOrder;
import org.h2.table.Table;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
import org.h2.value.ValueBigint;
import org.h2.value.ValueInteger;
import org.h2.value.ValueNull;
import org.h2.value.ValueToObjectConverter;
import org.h2.value.ValueVarchar;

/**
 * Answers a {@link SimpleSelect} without the working engine's tables: candidates from the index, rows decrypted,
 * the exact predicate evaluated in Java, and the result handed over as H2's own {@link JdbcResultSet} over the
 * projected values, typed with the working table's column types, so every getter behaves as the engine's would.
 * This saves the load, query and clear round trips of the general path for point and range lookups.
 */
final class FastPath {

  private final Scratch scratch;
  private final CandidateFinder finder;
  private final RowFetcher fetcher;
  private final Map<String, TypeInfo[]> types = new HashMap<>();
  private final boolean joins;
  private long joinsAnswered;
  private long queriesAnswered;

  /** {@code sqlMode}: a compatibility mode may compare strings differently, so joins then take the engine. */
  FastPath(Scratch scratch, CandidateFinder finder, RowFetcher fetcher, String sqlMode) {
    this.scratch = scratch;
    this.finder = finder;
    this.fetcher = fetcher;
    this.joins = sqlMode == null || sqlMode.isBlank();
  }

  /** The engine's description of a query's result, which it gives without running it. */
  interface EngineMetaData {
    java.sql.ResultSetMetaData get() throws SQLException;
  }

  /**
   * The result, or null when this query (with these parameters) must take the general path. {@code engine} labels
   * a COUNT's column as H2 would.
   */
  ResultSet execute(SimpleSelect q, TableInfo t, Object[] params, int maxRows, EngineMetaData engine)
      throws SQLException {
    if (q.where() != null && !ExactPredicate.supported(t, q.where(), params)) {
      return null;
    }
    long offset = q.offset() == null ? 0 : q.offset().value(params);
    long fetch = q.fetch() == null ? Long.MAX_VALUE : q.fetch().value(params);
    if (offset < 0 || fetch < 0) {
      return null;
    }
    List<Row> rows = q.where() == null ? null : UniqueLookup.rows(fetcher, t, q.where(), params, false);
    if (rows == null) {
      IndexLookup.Entries entries = q.where() == null ? null : finder.singleLookup(t, q.where(), params);
      if (entries != null) {
        rows = fetcher.fetchLookup(t, entries);
      } else {
        RowIds ids = q.where() == null ? null : finder.find(t, q.where(), params);
        rows = ids == null ? fetcher.scan(t, false) : fetcher.fetch(t, ids, false);
      }
    }
    JdbcConnection conn = (JdbcConnection) scratch.connection();
    if (q.count() != null) {
      return count(q, t, params, rows, conn, engine.get());
    }
    SessionLocal session = (SessionLocal) conn.getSession();
    TypeInfo[] columnTypes = columnTypes(t, session);
    SimpleResult result = new SimpleResult("PUBLIC", t.name());
    for (int i = 0; i < q.columns().size(); i++) {
      int c = q.columns().get(i);
      result.addColumn(q.labels().get(i), t.columns().get(c).name(), columnTypes[c]);
    }
    // Sort keys that are not projected ride along after the projected values.
    List<Integer> carried = new ArrayList<>(q.columns());
    int[] keyPositions = new int[q.order().size()];
    int[] sortTypes = new int[q.order().size()];
    for (int k = 0; k < keyPositions.length; k++) {
      int c = q.order().get(k).column();
      int at = carried.indexOf(c);
      if (at < 0) {
        at = carried.size();
        carried.add(c);
      }
      keyPositions[k] = at;
      sortTypes[k] = q.order().get(k).sortType();
    }
    long limit = maxRows > 0 ? Math.min(fetch, maxRows) : fetch;
    ArrayList<Value[]> out = new ArrayList<>();
    ExactPredicate.Compiled where = q.where() == null ? null : ExactPredicate.compile(t, q.where(), params);
    for (Row r : rows) {
      if (where != null && !where.matches(r.values())) {
        continue;
      }
      Value[] values = new Value[carried.size()];
      for (int i = 0; i < values.length; i++) {
        int c = carried.get(i);
        Object v = r.values()[c];
        values[i] = v == null ? ValueNull.INSTANCE : toValue(session, v).convertTo(columnTypes[c], session);
      }
      out.add(values);
      if (keyPositions.length == 0 && out.size() >= limit) {
        break;
      }
    }
    if (keyPositions.length > 0) {
      // H2's own sort: its comparison, collation and default NULL ordering, as the engine would sort.
      new SortOrder(session, keyPositions, sortTypes, null).sort(out);
    }
    queriesAnswered++;
    int width = q.columns().size();
    for (long i = offset; i < out.size() && i - offset < limit; i++) {
      Value[] row = out.get((int) i);
      result.addRow(row.length == width ? row : java.util.Arrays.copyOf(row, width));
    }
    return new JdbcResultSet(conn, null, null, result, 0, false, false, false);
  }

  /**
   * Answers a {@link SimpleJoin}, or returns null for the general path: the table with a filter drives, the other
   * table's candidates come from its own filter or from its join column's index for the driving rows' values, and
   * a hash join on the Java values (same column type, so equal exactly when the engine finds them equal) pairs them.
   * Rows come in no particular order, as the query asks for none.
   */
  ResultSet join(SimpleJoin j, List<TableInfo> t, Object[] params, int maxRows) throws SQLException {
    if (!joins || j.wheres().get(0) == null && j.wheres().get(1) == null) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      if (j.wheres().get(i) != null && !ExactPredicate.supported(t.get(i), j.wheres().get(i), params)) {
        return null;
      }
    }
    int drive = j.wheres().get(0) != null ? 0 : 1;
    int other = 1 - drive;
    List<Row> driving = filtered(t.get(drive), j.wheres().get(drive), params);
    Set<Object> keys = new HashSet<>();
    for (Row r : driving) {
      Object k = r.values()[j.joinColumns().get(drive)];
      if (k != null) {
        keys.add(k);
      }
    }
    Map<Object, List<Object[]>> matches = new HashMap<>();
    if (!keys.isEmpty()) {
      List<Row> candidates;
      if (j.wheres().get(other) != null) {
        candidates = filtered(t.get(other), j.wheres().get(other), params);
      } else {
        TableInfo o = t.get(other);
        RowIds ids = finder.matching(o, o.columns().get(j.joinColumns().get(other)).name(), new ArrayList<>(keys));
        candidates = ids == null ? fetcher.scan(o, false) : fetcher.fetch(o, ids, false);
      }
      for (Row r : candidates) {
        Object k = r.values()[j.joinColumns().get(other)];
        if (k != null && keys.contains(k)) {
          matches.computeIfAbsent(k, x -> new ArrayList<>()).add(r.values());
        }
      }
    }
    JdbcConnection conn = (JdbcConnection) scratch.connection();
    SessionLocal session = (SessionLocal) conn.getSession();
    TypeInfo[][] columnTypes = {columnTypes(t.get(0), session), columnTypes(t.get(1), session)};
    String[] tableNames = new String[j.columns().size()];
    SimpleResult result = new SimpleResult("PUBLIC", "") {
      @Override
      public String getTableName(int i) {
        return tableNames[i];
      }
    };
    for (int i = 0; i < j.columns().size(); i++) {
      TableInfo table = t.get(j.sources().get(i));
      int c = j.columns().get(i);
      tableNames[i] = table.name();
      result.addColumn(j.labels().get(i), table.columns().get(c).name(), columnTypes[j.sources().get(i)][c]);
    }
    joinsAnswered++;
    int n = 0;
    for (Row r : driving) {
      Object k = r.values()[j.joinColumns().get(drive)];
      for (Object[] match : k == null ? List.<Object[]>of() : matches.getOrDefault(k, List.of())) {
        Object[][] sides = new Object[2][];
        sides[drive] = r.values();
        sides[other] = match;
        Value[] out = new Value[j.columns().size()];
        for (int i = 0; i < out.length; i++) {
          int side = j.sources().get(i);
          Object v = sides[side][j.columns().get(i)];
          out[i] = v == null ? ValueNull.INSTANCE
              : toValue(session, v).convertTo(columnTypes[side][j.columns().get(i)], session);
        }
        result.addRow(out);
        if (maxRows > 0 && ++n >= maxRows) {
          return new JdbcResultSet(conn, null, null, result, 0, false, false, false);
        }
      }
    }
    return new JdbcResultSet(conn, null, null, result, 0, false, false, false);
  }

  /**
   * The generated keys of a direct insert: the given columns of its rows as H2's own result, typed with the working
   * table's column types, detached as the general path detaches the engine's keys.
   */
  ResultSet keys(TableInfo t, int[] columns, List<Object[]> rows) throws SQLException {
    JdbcConnection conn = (JdbcConnection) scratch.connection();
    SessionLocal session = (SessionLocal) conn.getSession();
    TypeInfo[] columnTypes = columnTypes(t, session);
    SimpleResult result = new SimpleResult("PUBLIC", t.name());
    for (int c : columns) {
      String name = t.columns().get(c).name();
      result.addColumn(name, name, columnTypes[c]);
    }
    for (Object[] row : rows) {
      Value[] out = new Value[columns.length];
      for (int i = 0; i < columns.length; i++) {
        Object v = row[columns[i]];
        out[i] = v == null ? ValueNull.INSTANCE : toValue(session, v).convertTo(columnTypes[columns[i]], session);
      }
      result.addRow(out);
    }
    return GeneratedKeys.copy(new JdbcResultSet(conn, null, null, result, 0, false, false, false));
  }

  /** A COUNT(*) or COUNT(column) over the rows that match exactly: one BIGINT row, labelled by the engine. */
  private ResultSet count(SimpleSelect q, TableInfo t, Object[] params, List<Row> rows, JdbcConnection conn,
      java.sql.ResultSetMetaData md) throws SQLException {
    ExactPredicate.Compiled where = q.where() == null ? null : ExactPredicate.compile(t, q.where(), params);
    long n = 0;
    for (Row r : rows) {
      if ((where == null || where.matches(r.values()))
          && (q.count() == SimpleSelect.COUNT_ROWS || r.values()[q.count()] != null)) {
        n++;
      }
    }
    SimpleResult result = new SimpleResult("", "");
    result.addColumn(md.getColumnLabel(1), md.getColumnName(1), TypeInfo.TYPE_BIGINT);
    result.addRow(ValueBigint.get(n));
    queriesAnswered++;
    return new JdbcResultSet(conn, null, null, result, 0, false, false, false);
  }

  /** Single-table queries answered here so far (tests use it to show the path is taken). */
  long queriesAnswered() {
    return queriesAnswered;
  }

  /** Joins answered here so far (tests use it to show the path is taken). */
  long joinsAnswered() {
    return joinsAnswered;
  }

  /** The rows of a table that satisfy an exact filter. */
  private List<Row> filtered(TableInfo t, io.securejdbc.sql.Pred where, Object[] params) throws SQLException {
    List<Row> candidates = UniqueLookup.rows(fetcher, t, where, params, false);
    if (candidates == null) {
      RowIds ids = finder.find(t, where, params);
      candidates = ids == null ? fetcher.scan(t, false) : fetcher.fetch(t, ids, false);
    }
    List<Row> out = new ArrayList<>();
    ExactPredicate.Compiled test = ExactPredicate.compile(t, where, params);
    for (Row r : candidates) {
      if (test.matches(r.values())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * H2's own value of a decrypted Java value. Non-empty strings, ints and longs skip H2's global value caches
   * ({@code ValueVarchar.get} hashes every string into one, {@code ValueInteger.get} reads a shared array of earlier
   * values), which cost as much as the rest of the conversion on lookups of many rows; the value is the same.
   * Anything else, and everything when a constructor is not accessible, takes H2's own conversion.
   */
  private static Value toValue(SessionLocal session, Object v) {
    try {
      if (v instanceof String s && !s.isEmpty() && NEW_VARCHAR != null) {
        return (ValueVarchar) NEW_VARCHAR.invokeExact(s);
      }
      if (v instanceof Integer i && NEW_INTEGER != null) {
        return (ValueInteger) NEW_INTEGER.invokeExact(i.intValue());
      }
      if (v instanceof Long l && NEW_BIGINT != null) {
        return (ValueBigint) NEW_BIGINT.invokeExact(l.longValue());
      }
    } catch (Throwable e) {
      // fall through to H2's conversion
    }
    return ValueToObjectConverter.objectToValue(session, v, Value.UNKNOWN);
  }

  private static final MethodHandle NEW_VARCHAR = constructor(ValueVarchar.class, String.class);
  private static final MethodHandle NEW_INTEGER = constructor(ValueInteger.class, int.class);
  private static final MethodHandle NEW_BIGINT = constructor(ValueBigint.class, long.class);

  private static MethodHandle constructor(Class<?> type, Class<?> argument) {
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
          .findConstructor(type, MethodType.methodType(void.class, argument));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The working table's column types (declared precision, scale, length), cached per table id and schema version. */
  private TypeInfo[] columnTypes(TableInfo t, SessionLocal session) {
    String key = t.tableId() + "#" + t.schemaVersion();
    return types.computeIfAbsent(key, k -> {
      Table table = session.getDatabase().getSchema("PUBLIC").findTableOrView(session, t.name());
      TypeInfo[] out = new TypeInfo[t.columns().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = table.getColumn(t.columns().get(i).name()).getType();
      }
      return out;
    });
  }
}
