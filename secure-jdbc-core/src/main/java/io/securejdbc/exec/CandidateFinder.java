package io.securejdbc.exec;

import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.KeyRange;
import io.securejdbc.index.KeywordLookups;
import io.securejdbc.sql.Pred;
import io.securejdbc.store.IndexLookup;
import io.securejdbc.store.RowIds;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a pushed-down predicate against the keyword indexes: AND intersects posting lists, OR unions them, and
 * lookups on the same column under one OR go to the index backend in one round trip. A part the index cannot answer
 * means "every row" (null here); a predicate that is all such parts leaves the table to a full scan.
 */
final class CandidateFinder {

  private final IndexLookup lookup;

  CandidateFinder(IndexLookup lookup) {
    this.lookup = lookup;
  }

  /** Candidate row ids, or null when the index cannot narrow the predicate. */
  RowIds find(TableInfo table, Pred pred, Object[] params) throws SQLException {
    if (pred instanceof Pred.And and) {
      RowIds result = null;
      // Bounds on one column (a BETWEEN, col > a AND col < b) become one range: one index scan of the rows
      // between them, not two scans of everything above and below.
      Map<ColumnInfo, KeyRange> ranges = new LinkedHashMap<>();
      List<Pred> rest = new ArrayList<>();
      for (Pred part : flatten(and)) {
        if (!(part instanceof Pred.And) && !(part instanceof Pred.Or)) {
          Optional<ColumnInfo> column = table.column(column(part));
          Optional<KeyRange> plain = column.isPresent() ? plainRange(column.get(), part, params) : Optional.empty();
          if (plain.isPresent()) {
            ranges.merge(column.get(), plain.get(), KeyRange::intersect);
            continue;
          }
        }
        rest.add(part);
      }
      for (Map.Entry<ColumnInfo, KeyRange> e : ranges.entrySet()) {
        if (e.getValue().isEmpty()) {
          return RowIds.empty();
        }
        Optional<List<KeyRange>> stored = lookup.stored(table, e.getKey(), e.getValue());
        if (stored.isEmpty()) {
          continue;
        }
        RowIds ids = lookup.rowIds(table, e.getKey(), stored.get());
        result = result == null ? ids : result.and(ids);
        if (result.isEmpty()) {
          return result;
        }
      }
      for (Pred part : rest) {
        RowIds ids = find(table, part, params);
        if (ids != null) {
          result = result == null ? ids : result.and(ids);
          if (result.isEmpty()) {
            return result;
          }
        }
      }
      return result;
    }
    if (pred instanceof Pred.Or or) {
      return union(table, or.parts(), params);
    }
    return union(table, List.of(pred), params);
  }

  /**
   * The entries of the one index lookup that answers {@code pred}, read but not decrypted, when it is one: a leaf,
   * or bounds on one column (as {@link #find} would look them up). Null otherwise, or when {@link #find} would
   * settle it without a lookup (an empty range).
   */
  IndexLookup.Entries singleLookup(TableInfo table, Pred pred, Object[] params) throws SQLException {
    List<Pred> parts = pred instanceof Pred.And and ? flatten(and) : List.of(pred);
    ColumnInfo column = null;
    KeyRange range = null;
    for (Pred part : parts) {
      if (part instanceof Pred.And || part instanceof Pred.Or) {
        return null;
      }
      Optional<ColumnInfo> c = table.column(column(part));
      if (c.isEmpty() || column != null && !column.equals(c.get())) {
        return null;
      }
      Optional<KeyRange> plain = plainRange(c.get(), part, params);
      if (plain.isEmpty()) {
        return null;
      }
      column = c.get();
      range = range == null ? plain.get() : range.intersect(plain.get());
    }
    if (range == null || range.isEmpty()) {
      return null;
    }
    Optional<List<KeyRange>> stored = lookup.stored(table, column, range);
    return stored.isEmpty() ? null : lookup.entries(table, column, stored.get());
  }

  /** Rows whose column equals one of {@code values} (one batched lookup), or null if the index cannot say. */
  RowIds matching(TableInfo table, String columnName, java.util.Collection<Object> values) throws SQLException {
    Optional<ColumnInfo> column = table.column(columnName);
    if (column.isEmpty()) {
      return null;
    }
    List<KeyRange> ranges = new ArrayList<>();
    for (Object v : values) {
      if (v == null) {
        continue;
      }
      Optional<KeyRange> plain = KeywordLookups.compare(column.get().type().type(), io.securejdbc.index.CompareOp.EQ,
          v);
      Optional<List<KeyRange>> stored = plain.isPresent()
          ? lookup.stored(table, column.get(), plain.get()) : Optional.empty();
      if (stored.isEmpty()) {
        return null;
      }
      ranges.addAll(stored.get());
    }
    return ranges.isEmpty() ? RowIds.empty() : lookup.rowIds(table, column.get(), ranges);
  }

  private static List<Pred> flatten(Pred.And and) {
    List<Pred> out = new ArrayList<>();
    for (Pred p : and.parts()) {
      if (p instanceof Pred.And inner) {
        out.addAll(flatten(inner));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** Leaves grouped by column (one lookup each); other parts evaluated recursively. */
  private RowIds union(TableInfo table, List<Pred> parts, Object[] params) throws SQLException {
    Map<ColumnInfo, List<KeyRange>> byColumn = new LinkedHashMap<>();
    RowIds result = RowIds.empty();
    for (Pred part : parts) {
      if (part instanceof Pred.And || part instanceof Pred.Or) {
        RowIds ids = find(table, part, params);
        if (ids == null) {
          return null;
        }
        result = result.or(ids);
        continue;
      }
      Optional<ColumnInfo> column = table.column(column(part));
      if (column.isEmpty()) {
        return null;
      }
      Optional<KeyRange> plain = plainRange(column.get(), part, params);
      Optional<List<KeyRange>> stored = plain.isPresent()
          ? lookup.stored(table, column.get(), plain.get()) : Optional.empty();
      if (stored.isEmpty()) {
        return null;
      }
      byColumn.computeIfAbsent(column.get(), c -> new ArrayList<>()).addAll(stored.get());
    }
    for (Map.Entry<ColumnInfo, List<KeyRange>> e : byColumn.entrySet()) {
      result = result.or(lookup.rowIds(table, e.getKey(), e.getValue()));
    }
    return result;
  }

  private static String column(Pred leaf) {
    if (leaf instanceof Pred.Compare c) {
      return c.column();
    }
    if (leaf instanceof Pred.IsNull n) {
      return n.column();
    }
    return ((Pred.Like) leaf).column();
  }

  private static Optional<KeyRange> plainRange(ColumnInfo column, Pred leaf, Object[] params) {
    if (leaf instanceof Pred.Compare c) {
      return KeywordLookups.compare(column.type().type(), c.op(), c.value().value(params));
    }
    if (leaf instanceof Pred.IsNull) {
      return Optional.of(KeywordLookups.isNull());
    }
    Pred.Like like = (Pred.Like) leaf;
    Object pattern = like.pattern().value(params);
    Object escape = like.escape() == null ? "\\" : like.escape().value(params);
    if (!(pattern instanceof String p) || !(escape instanceof String e) || e.length() > 1) {
      return Optional.empty();
    }
    String prefix = literalPrefix(p, e.isEmpty() ? -1 : e.charAt(0));
    // An empty prefix matches every non-null value: scanning the data table is cheaper than the whole index.
    return prefix.isEmpty() ? Optional.empty() : KeywordLookups.likePrefix(column.type().type(), prefix);
  }

  /** The pattern's text before its first wildcard, with escapes removed (H2's default escape is '\'). */
  static String literalPrefix(String pattern, int escape) {
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == escape) {
        if (i + 1 >= pattern.length()) {
          break;
        }
        prefix.append(pattern.charAt(++i));
      } else if (c == '%' || c == '_') {
        break;
      } else {
        prefix.append(c);
      }
    }
    return prefix.toString();
  }
}
