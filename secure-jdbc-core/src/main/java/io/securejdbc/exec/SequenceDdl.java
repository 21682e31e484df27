package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.SequenceInfo;
import io.securejdbc.ddl.DdlStatement;
import io.securejdbc.store.SecureStore;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CREATE, DROP and ALTER ... RESTART of sequences. A sequence is only a catalog entry (its definition, encrypted
 * like the rest of the catalog) plus a high-water mark of handed-out value numbers in the meta table: no backend
 * learns its name or its values. Defaults follow H2.
 */
final class SequenceDdl {

  private static final long DEFAULT_CACHE = 32;

  private final Database db;
  private final Scratch scratch;

  SequenceDdl(Database db, Scratch scratch) {
    this.db = db;
    this.scratch = scratch;
  }

  void create(DdlStatement.CreateSequence c) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (catalog.sequences().containsKey(c.name())) {
      if (c.ifNotExists()) {
        return;
      }
      throw SqlState.DUPLICATE_OBJECT.exception("Sequence \"" + c.name() + "\" already exists");
    }
    store.commitCatalog(catalog, catalog.withSequence(define(c)));
  }

  /** H2's defaults: BIGINT, increment 1, bounds 1..type max (or type min..-1 when descending), start at a bound. */
  static SequenceInfo define(DdlStatement.CreateSequence c) throws SQLException {
    String type = c.dataType() == null ? "BIGINT" : c.dataType();
    long increment = c.increment() == null ? 1 : c.increment();
    long min = c.minValue() != null ? c.minValue() : increment > 0 ? 1 : SequenceInfo.typeMin(type);
    long max = c.maxValue() != null ? c.maxValue() : increment > 0 ? SequenceInfo.typeMax(type) : -1;
    long start = c.start() != null ? c.start() : increment > 0 ? min : max;
    long cache = c.cache() == null ? DEFAULT_CACHE : c.cache();
    String problem = null;
    if (min < SequenceInfo.typeMin(type) || max > SequenceInfo.typeMax(type)) {
      problem = "MINVALUE and MAXVALUE must lie within the range of " + type;
    } else if (min >= max) {
      problem = "MINVALUE (" + min + ") must be less than MAXVALUE (" + max + ")";
    } else if (start < min || start > max) {
      problem = "START WITH (" + start + ") must lie between MINVALUE (" + min + ") and MAXVALUE (" + max + ")";
    } else if (Math.abs((double) increment) > (double) max - (double) min) {
      problem = "INCREMENT BY (" + increment + ") must not exceed MAXVALUE - MINVALUE";
    }
    if (problem != null) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("Cannot create sequence \"" + c.name() + "\": " + problem);
    }
    return new SequenceInfo(c.name(), SecureStore.randomHex(8), type, start, start, increment, min, max, cache);
  }

  /** Refused, as in H2, while a column default uses the sequence (the working engine knows the dependencies). */
  void drop(DdlStatement.DropSequence d) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    if (!catalog.sequences().containsKey(d.name())) {
      if (d.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_OBJECT.exception("Sequence \"" + d.name() + "\" not found");
    }
    for (io.securejdbc.catalog.TableInfo t : catalog.tables()) {
      for (io.securejdbc.catalog.ColumnInfo col : t.columns()) {
        if (col.defaultExpression() != null && mentions(col.defaultExpression(), d.name())) {
          throw SqlState.GENERAL_ERROR.exception("Cannot drop sequence \"" + d.name() + "\" because the default of "
              + t.name() + "." + col.name() + " uses it; change or drop that default first");
        }
      }
    }
    store.commitCatalog(catalog, catalog.withoutSequence(d.name()));
  }

  /** A new id starts a fresh series of value numbers at the new base; every connection re-bases on its next sync. */
  void restart(DdlStatement.RestartSequence r) throws SQLException {
    SecureStore store = db.store();
    Catalog catalog = store.catalog();
    SequenceInfo q = catalog.sequences().get(r.name());
    if (q == null) {
      if (r.ifExists()) {
        return;
      }
      throw SqlState.UNDEFINED_OBJECT.exception("Sequence \"" + r.name() + "\" not found");
    }
    long base = r.restartWith() == null ? q.start() : r.restartWith();
    if (base < q.minValue() || base > q.maxValue()) {
      throw SqlState.INVALID_PARAMETER_VALUE.exception("Cannot restart sequence \"" + r.name() + "\" with " + base
          + ": it must lie between MINVALUE (" + q.minValue() + ") and MAXVALUE (" + q.maxValue() + ")");
    }
    store.commitCatalog(catalog, catalog.withSequence(q.restartedWith(SecureStore.randomHex(8), base)));
  }

  /** Whether an expression names the sequence (as an identifier or inside nextval('...')), case-insensitively. */
  static boolean mentions(String expression, String name) {
    String e = expression.toUpperCase(java.util.Locale.ROOT);
    String n = name.toUpperCase(java.util.Locale.ROOT);
    int i = e.indexOf(n);
    while (i >= 0) {
      boolean startOk = i == 0 || !Character.isLetterOrDigit(e.charAt(i - 1)) && e.charAt(i - 1) != '_';
      int end = i + n.length();
      boolean endOk = end == e.length() || !Character.isLetterOrDigit(e.charAt(end)) && e.charAt(end) != '_';
      if (startOk && endOk) {
        return true;
      }
      i = e.indexOf(n, i + 1);
    }
    return false;
  }
}
