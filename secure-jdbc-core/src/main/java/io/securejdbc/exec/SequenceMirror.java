package io.securejdbc.exec;

import io.securejdbc.SqlState;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.SequenceInfo;
import io.securejdbc.store.IdentityAllocator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The catalog's sequences inside one connection's working engine. Each is an H2 sequence bounded to a block of
 * values this connection alone owns (taken from the shared high-water mark), so the application's SQL ({@code NEXT
 * VALUE FOR}, {@code nextval()}, column defaults) runs unchanged and no two connections or processes ever draw
 * the same value. When a statement exhausts a block, H2 fails it before anything reached the backends; the
 * executor then calls {@link #refill()} and runs the statement again.
 */
final class SequenceMirror {

  /** Blocks grow up to this many values for a connection that keeps exhausting them (bounds the gap on close). */
  private static final long MAX_BLOCK = 1 << 16;

  private final Connection h2;
  private final IdentityAllocator allocator;
  private final Map<String, Mirrored> mirrored = new HashMap<>();
  /** Upper-case names of tables whose column defaults use a sequence. */
  private final java.util.Set<String> defaultingTables = new java.util.HashSet<>();
  /** Each sequence's next value when the current statement began (see {@link #mark}); null values: exhausted. */
  private final Map<String, Long> marked = new HashMap<>();

  /** A mirrored sequence: its definition, the size of the next block to take, and the number after its block. */
  private static final class Mirrored {
    SequenceInfo info;
    long blockSize;
    long endK = -1;
  }

  SequenceMirror(Connection h2, IdentityAllocator allocator) {
    this.h2 = h2;
    this.allocator = allocator;
  }

  /** Drops sequences the catalog no longer has; re-bases those restarted (new id). Before tables are created. */
  void sync(Catalog catalog) throws SQLException {
    defaultingTables.clear();
    for (io.securejdbc.catalog.TableInfo t : catalog.tables()) {
      for (io.securejdbc.catalog.ColumnInfo c : t.columns()) {
        if (c.defaultExpression() != null && catalog.sequences().keySet().stream()
            .anyMatch(q -> SequenceDdl.mentions(c.defaultExpression(), q))) {
          defaultingTables.add(t.name().toUpperCase(java.util.Locale.ROOT));
        }
      }
    }
    try (Statement s = h2.createStatement()) {
      for (String name : new ArrayList<>(mirrored.keySet())) {
        SequenceInfo now = catalog.sequences().get(name);
        if (now == null) {
          mirrored.remove(name);
          try {
            s.execute("DROP SEQUENCE IF EXISTS " + Scratch.quote(name));
          } catch (SQLException e) {
            // a working table still using it is dropped by the same sync; the stale mirror is harmless
          }
        } else if (!now.sequenceId().equals(mirrored.get(name).info.sequenceId())) {
          Mirrored m = mirrored.get(name);
          m.info = now;
          m.blockSize = initialBlock(now);
          assign(s, m, false, false);
        }
      }
      for (SequenceInfo q : catalog.sequences().values()) {
        if (!mirrored.containsKey(q.name())) {
          Mirrored m = new Mirrored();
          m.info = q;
          m.blockSize = initialBlock(q);
          assign(s, m, true, false);
          mirrored.put(q.name(), m);
        }
      }
    }
  }

  /**
   * Gives every exhausted mirror a new block (twice as large as the last). False when none was exhausted, so the
   * failure came from elsewhere; 2200H when a sequence reached its declared limit.
   */
  /**
   * Before a statement that may draw values (it names a sequence, or a table whose defaults use one): remembers
   * each sequence's next value, so that a refill can give the statement's retry the values its failed attempt
   * drew (nobody saw them) and a single connection numbers rows exactly as H2 would.
   */
  void mark(String sql) throws SQLException {
    marked.clear();
    if (mirrored.isEmpty() || !mayDraw(sql.toUpperCase(java.util.Locale.ROOT))) {
      return;
    }
    try (Statement s = h2.createStatement();
        ResultSet r = s.executeQuery("SELECT SEQUENCE_NAME, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
            + " WHERE SEQUENCE_SCHEMA = 'PUBLIC'")) {
      while (r.next()) {
        String name = r.getString(1);
        long base = r.getLong(2);
        marked.put(name, r.wasNull() ? null : base);
      }
    }
  }

  private boolean mayDraw(String upper) {
    for (String name : mirrored.keySet()) {
      if (upper.contains(name.toUpperCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    for (String table : defaultingTables) {
      if (upper.contains(table)) {
        return true;
      }
    }
    return false;
  }

  boolean refill() throws SQLException {
    boolean any = false;
    try (Statement s = h2.createStatement();
        PreparedStatement base = h2.prepareStatement("SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
            + " WHERE SEQUENCE_SCHEMA = 'PUBLIC' AND SEQUENCE_NAME = ?")) {
      for (Mirrored m : mirrored.values()) {
        base.setString(1, m.info.name());
        try (ResultSet r = base.executeQuery()) {
          // H2 shows an exhausted sequence's next value as NULL
          if (!r.next()) {
            continue;
          }
          Object now = r.getObject(1);
          Long mark = marked.get(m.info.name());
          if (now == null) {
            m.blockSize = Math.min(MAX_BLOCK, m.blockSize * 2);
            assign(s, m, false, true);
            any = true;
          } else if (mark != null && ((Number) now).longValue() != mark) {
            // not exhausted, but drawn from by the failed attempt: nobody saw those values, the retry redraws them
            s.execute("ALTER SEQUENCE " + Scratch.quote(m.info.name()) + " RESTART WITH " + mark);
          }
        }
      }
    }
    return any;
  }

  private static long initialBlock(SequenceInfo q) {
    return Math.max(1, Math.min(MAX_BLOCK, q.cache()));
  }

  /**
   * Points the H2 sequence at a fresh block. H2 wants at least one increment between its bounds, so the bound on
   * the side the sequence moves away from lies one step outside the block (a value it never reaches).
   */
  private void assign(Statement s, Mirrored m, boolean create, boolean resume) throws SQLException {
    SequenceInfo q = m.info;
    long k = allocator.takeSequenceBlock(q.sequenceId(), m.blockSize);
    boolean contiguous = k == m.endK;
    m.endK = k + m.blockSize;
    // the new block follows the exhausted one: the retry may reuse what the failed attempt drew from it
    Long first = resume && contiguous && marked.get(q.name()) != null ? marked.get(q.name()) : q.value(k);
    if (first == null) {
      if (create) {
        createExhausted(s, q);
        return;
      }
      throw SqlState.SEQUENCE_LIMIT_EXCEEDED.exception("Sequence \"" + q.name() + "\" has reached its "
          + (q.increment() > 0 ? "MAXVALUE " + q.maxValue() : "MINVALUE " + q.minValue())
          + "; restart it (ALTER SEQUENCE ... RESTART WITH) or create a new one");
    }
    Long last = q.lastValue(k, m.blockSize);
    if (last == null) {
      // resumed in the old block, and the sequence's limit lies before the new one: the values up to the limit
      last = q.lastValue(Math.floorDiv(first - q.base(), q.increment()), m.endK);
    }
    long outside = 0;
    boolean fits;
    try {
      outside = Math.subtractExact(first, q.increment());
      fits = outside >= SequenceInfo.typeMin(q.dataType()) && outside <= SequenceInfo.typeMax(q.dataType());
    } catch (ArithmeticException e) {
      fits = false;
    }
    if (!fits) {
      throw SqlState.notSupported("sequence \"" + q.name() + "\" starting within one increment of its type's"
          + " limit (give it a MINVALUE/START one increment further from the limit)");
    }
    long min = q.increment() > 0 ? outside : last;
    long max = q.increment() > 0 ? last : outside;
    String options = " START WITH " + first + (create ? "" : " RESTART WITH " + first) + " INCREMENT BY "
        + q.increment() + " MINVALUE " + min + " MAXVALUE " + max;
    s.execute(create
        ? "CREATE SEQUENCE " + Scratch.quote(q.name()) + " AS " + q.dataType() + options + " NO CYCLE NO CACHE"
        : "ALTER SEQUENCE " + Scratch.quote(q.name()) + options);
  }

  /** A sequence already past its limit: its first use fails as exhausted, and {@link #refill} says why. */
  private static void createExhausted(Statement s, SequenceInfo q) throws SQLException {
    long bound = q.increment() > 0 ? q.maxValue() : q.minValue();
    long other = bound - q.increment();
    String name = Scratch.quote(q.name());
    s.execute("CREATE SEQUENCE " + name + " AS " + q.dataType() + " START WITH " + bound + " INCREMENT BY "
        + q.increment() + " MINVALUE " + Math.min(bound, other) + " MAXVALUE " + Math.max(bound, other)
        + " NO CYCLE NO CACHE");
    // drawing the one value leaves it exhausted; that value was never the application's
    s.execute("SELECT NEXT VALUE FOR " + name);
  }
}
