package io.securejdbc.exec;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.sql.Analysis;
import io.securejdbc.sql.Pred;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The connection's read engine: a second in-memory H2 database, created on first use, whose tables are heap copies
 * without keys, indexes or checks ({@link Scratch#ensureHeapTable}). A single-table query scans its loaded
 * candidates anyway, and loading and rolling back every row in every index map of the working engine was most of
 * a large query's time.
 */
final class ReadEngine implements AutoCloseable {

  /**
   * Words that let H2 stop early along an index (LIMIT, FETCH FIRST, OFFSET, TOP) or expose its row order (ROWNUM):
   * without the working engine's indexes H2 evaluates every loaded row, so an expression that fails on a row past
   * the limit (a division by zero) would fail here and not in plain H2.
   */
  private static final Pattern ROW_LIMITS = Pattern.compile("\\b(LIMIT|FETCH|OFFSET|TOP|ROWNUM)\\b");

  private final String sqlMode;
  private Scratch engine;
  private long queries;

  ReadEngine(String sqlMode) {
    this.sqlMode = sqlMode;
  }

  /**
   * The read engine, its copy of the table ready, when the query reads one table through one reference, names
   * nothing else the working engine holds (views, the information schema) and limits no rows; else null (the
   * working engine). One reference, so no correlated self-join or subquery would lose the index it needs; the
   * choice depends on the SQL text and catalog only, so a statement always runs on the same engine.
   */
  Scratch forQuery(Analysis a, String sql, Catalog catalog) throws SQLException {
    if (!a.parsedByCalcite() || a.reads().size() != 1) {
      return null;
    }
    Map.Entry<String, List<Pred>> read = a.reads().entrySet().iterator().next();
    TableInfo t = catalog.table(read.getKey()).orElse(null);
    String upper = sql.toUpperCase(Locale.ROOT);
    if (t == null || read.getValue().size() != 1 || upper.contains("INFORMATION_SCHEMA")
        || ROW_LIMITS.matcher(upper).find()) {
      return null;
    }
    for (String view : catalog.views().keySet()) {
      if (upper.contains(view.toUpperCase(Locale.ROOT))) {
        return null;
      }
    }
    // sequences live in the working engine only
    for (String sequence : catalog.sequences().keySet()) {
      if (upper.contains(sequence.toUpperCase(Locale.ROOT))) {
        return null;
      }
    }
    if (engine == null) {
      engine = new Scratch(sqlMode);
    }
    engine.ensureHeapTable(t);
    queries++;
    return engine;
  }

  /** Queries sent here so far. */
  long queries() {
    return queries;
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
  }
}
