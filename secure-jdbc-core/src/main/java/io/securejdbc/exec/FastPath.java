package io.securejdbc.exec;

import io.securejdbc.catalog.TableInfo;
import io.securejdbc.sql.SimpleSelect;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.RowIds;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcResultSet;
import org.h2.result.SimpleResult;
import org.h2.table.Table;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
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

  FastPath(Scratch scratch, CandidateFinder finder, RowFetcher fetcher) {
    this.scratch = scratch;
    this.finder = finder;
    this.fetcher = fetcher;
  }

  /** The result, or null when this query (with these parameters) must take the general path. */
  ResultSet execute(SimpleSelect q, TableInfo t, Object[] params, int maxRows) throws SQLException {
    if (q.where() != null && !ExactPredicate.supported(t, q.where(), params)) {
      return null;
    }
    RowIds ids = q.where() == null ? null : finder.find(t, q.where(), params);
    List<Row> rows = ids == null ? fetcher.scan(t, false) : fetcher.fetch(t, ids, false);
    JdbcConnection conn = (JdbcConnection) scratch.connection();
    SessionLocal session = (SessionLocal) conn.getSession();
    TypeInfo[] columnTypes = columnTypes(t, session);
    SimpleResult result = new SimpleResult("PUBLIC", t.name());
    for (int i = 0; i < q.columns().size(); i++) {
      int c = q.columns().get(i);
      result.addColumn(q.labels().get(i), t.columns().get(c).name(), columnTypes[c]);
    }
    int n = 0;
    for (Row r : rows) {
      if (q.where() != null && !ExactPredicate.matches(t, q.where(), r.values(), params)) {
        continue;
      }
      Value[] out = new Value[q.columns().size()];
      for (int i = 0; i < out.length; i++) {
        int c = q.columns().get(i);
        Object v = r.values()[c];
        out[i] = v == null ? ValueNull.INSTANCE : toValue(session, v).convertTo(columnTypes[c], session);
      }
      result.addRow(out);
      if (maxRows > 0 && ++n >= maxRows) {
        break;
      }
    }
    return new JdbcResultSet(conn, null, null, result, 0, false, false, false);
  }

  /**
   * H2's own value of a decrypted Java value. Non-empty strings skip H2's global string and value caches
   * ({@code ValueVarchar.get} hashes every string into them), which cost as much as the rest of the conversion on
   * lookups of many rows; the value is the same. Anything else, and every string when the constructor is not
   * accessible, takes H2's own conversion.
   */
  private static Value toValue(SessionLocal session, Object v) {
    if (NEW_VARCHAR != null && v instanceof String s && !s.isEmpty()) {
      try {
        return (ValueVarchar) NEW_VARCHAR.invokeExact(s);
      } catch (Throwable e) {
        // fall through to H2's conversion
      }
    }
    return ValueToObjectConverter.objectToValue(session, v, Value.UNKNOWN);
  }

  private static final MethodHandle NEW_VARCHAR = varcharConstructor();

  private static MethodHandle varcharConstructor() {
    try {
      return MethodHandles.privateLookupIn(ValueVarchar.class, MethodHandles.lookup())
          .findConstructor(ValueVarchar.class, MethodType.methodType(void.class, String.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The working table's column types (declared precision, scale, length), cached per schema version. */
  private TypeInfo[] columnTypes(TableInfo t, SessionLocal session) {
    String key = t.name() + "#" + t.schemaVersion();
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
