package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendErrors;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.index.ColumnIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend connections of one logical connection and the commit protocol across them.
 *
 * <p>Commit order: every index backend first, then the data backends, then the deferred removal of index entries
 * that the transaction made obsolete. The data backend's commit is the commit point. If the process dies before it,
 * the index holds entries for rows that do not exist (or do not match); if it dies after it, the index still holds
 * stale entries (as it does until the background removal of obsolete entries ran, see {@link IndexCleaner}).
 * Either way the index stays a superset of the truth, and since every fetched row is re-checked against the query,
 * a stale entry costs time, never a wrong answer. {@code verify}/{@code repair} remove them.
 */
public final class BackendSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BackendSession.class);

  /**
   * An index entry to delete after the data commit: the entry of (keyword, row) in one column's index, written
   * under key generation {@code generation}.
   */
  record DeferredDelete(Backend backend, TableInfo owner, ColumnInfo column, int generation, long rowId,
      byte[] keyword, ColumnIndex.EntryRange entries) {}

  private final SecureStore store;
  // Concurrent maps: TableWriter may write to several backends at once, one thread per backend.
  private final Map<String, Connection> connections = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Map<String, Map<String, PreparedStatement>> statements =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Boolean> dirty = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<DeferredDelete> deferred = java.util.Collections.synchronizedList(new ArrayList<>());
  // Row writes on sharded tables, for the redo record of a multi-shard commit (see ShardLog).
  private final List<ShardLog.Op> shardOps = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<Map<String, Savepoint>, Integer> shardOpMarks = new java.util.IdentityHashMap<>();
  /** Backends used since the last end of read-only work: only their connections can hold a snapshot to end. */
  private final java.util.Set<String> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public BackendSession(SecureStore store) {
    this.store = store;
  }

  public SecureStore store() {
    return store;
  }

  Connection connection(Backend backend) throws SQLException {
    touched.add(backend.name());
    Connection c = connections.get(backend.name());
    if (c == null || c.isClosed()) {
      // A dropped connection takes its prepared statements with it.
      statements.remove(backend.name());
      c = backend.connect();
      connections.put(backend.name(), c);
    }
    return c;
  }

  /** A cached prepared statement on the backend's connection. */
  PreparedStatement prepare(Backend backend, String sql) throws SQLException {
    Connection c = connection(backend);
    Map<String, PreparedStatement> cache = statements.computeIfAbsent(backend.name(), k -> new HashMap<>());
    // one thread per backend at a time: the inner map needs no locking
    PreparedStatement ps = cache.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      cache.put(sql, ps);
    }
    return ps;
  }

  void markDirty(Backend backend) {
    dirty.put(backend.name(), Boolean.TRUE);
  }

  void defer(DeferredDelete d) {
    deferred.add(d);
  }

  void logShardWrite(ShardLog.Op op) {
    shardOps.add(op);
  }

  /** Statement-level atomicity inside a transaction: savepoints on every backend touched so far. */
  public Map<String, Savepoint> savepoint() throws SQLException {
    Map<String, Savepoint> points = new HashMap<>();
    for (Map.Entry<String, Connection> e : connections.entrySet()) {
      touched.add(e.getKey());
      points.put(e.getKey(), e.getValue().setSavepoint());
    }
    synchronized (shardOpMarks) {
      shardOpMarks.put(points, shardOps.size());
    }
    return points;
  }

  /** Rolls back to the savepoints; backends first touched after them are rolled back entirely. */
  public void rollbackTo(Map<String, Savepoint> points, int deferredMark) throws SQLException {
    clearBatches();
    for (Map.Entry<String, Connection> e : connections.entrySet()) {
      Savepoint sp = points.get(e.getKey());
      try {
        if (sp != null) {
          e.getValue().rollback(sp);
        } else {
          e.getValue().rollback();
          dirty.remove(e.getKey());
        }
      } catch (SQLException ex) {
        // A backend that cannot return to the savepoint (its connection broke, or the engine had already begun
        // rolling the transaction back itself, as H2 does after some lock failures) leaves the transaction in an
        // unknown state on that backend: the whole transaction is rolled back everywhere instead.
        Backend b = store.backend(e.getKey());
        LOG.debug("rollback to a savepoint failed on backend {} ({}); rolling the transaction back",
            b.name(), BackendErrors.describe(ex));
        rollbackQuietly();
        throw SqlState.SERIALIZATION_FAILURE.exception("the statement failed and backend '" + b.name()
            + "' could not undo only the statement, so the whole transaction was rolled back; retry it");
      }
    }
    while (deferred.size() > deferredMark) {
      deferred.remove(deferred.size() - 1);
    }
    Integer opsMark;
    synchronized (shardOpMarks) {
      opsMark = shardOpMarks.remove(points);
    }
    while (opsMark != null && shardOps.size() > opsMark) {
      shardOps.remove(shardOps.size() - 1);
    }
  }

  public int deferredMark() {
    return deferred.size();
  }

  public void commit() throws SQLException {
    commitRole(BackendRole.INDEX);
    List<Backend> shards = dirtyDataBackends();
    if (shards.size() > 1) {
      store.shardCommitLock().lock();
      try {
        commitShards(shards);
      } finally {
        store.shardCommitLock().unlock();
        endUnwrittenDataConnections(shards);
      }
    } else {
      commitRole(BackendRole.DATA);
    }
    shardOps.clear();
    synchronized (shardOpMarks) {
      shardOpMarks.clear();
    }
    dirty.clear();
    applyDeferred();
  }

  /** Data shards this transaction only read (and maybe locked rows on) end their transaction too. */
  private void endUnwrittenDataConnections(List<Backend> written) {
    for (Map.Entry<String, Connection> e : new ArrayList<>(connections.entrySet())) {
      Backend b = store.backend(e.getKey());
      if (b.role() == BackendRole.DATA && !written.contains(b) && b != store.primaryDataBackend()) {
        try {
          e.getValue().commit();
        } catch (SQLException ex) {
          discard(e.getKey(), e.getValue());
        }
      }
    }
  }

  private List<Backend> dirtyDataBackends() {
    List<Backend> out = new ArrayList<>();
    for (String name : dirty.keySet()) {
      Backend b = store.backend(name);
      if (b.role() == BackendRole.DATA && connections.containsKey(name)) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * A transaction that wrote on several data shards: the other shards' writes go into a redo record that commits
   * with the primary data backend, which is the commit point; each other shard commits a marker with its writes.
   * If a shard's commit then fails, its writes are re-applied from the record (now, or by recovery at the next
   * open if its backend stays unreachable), so the transaction is never left half applied.
   */
  private void commitShards(List<Backend> shards) throws SQLException {
    Backend primary = store.primaryDataBackend();
    List<ShardLog.Op> ops = new ArrayList<>();
    synchronized (shardOps) {
      for (ShardLog.Op op : shardOps) {
        if (!op.backend().equals(primary.name())) {
          ops.add(op);
        }
      }
    }
    List<Backend> others = new ArrayList<>(shards);
    others.remove(primary);
    String id = SecureStore.randomHex(12);
    if (!ops.isEmpty()) {
      for (Backend b : others) {
        try {
          ShardLog.writeMarker(prepare(b, b.dialect().insertMeta(store.metaTable())), id);
        } catch (SQLException e) {
          rollbackQuietly();
          throw failure(b, "commit", e);
        }
      }
    }
    try {
      if (!ops.isEmpty()) {
        PreparedStatement record = prepare(primary, primary.dialect().insertMeta(store.metaTable()));
        record.setString(1, ShardLog.PREFIX + id);
        record.setLong(2, 0);
        record.setBytes(3, store.sealRedo(id, ops));
        record.executeUpdate();
      }
      if (connections.containsKey(primary.name())) {
        connection(primary).commit();
      }
    } catch (SQLException e) {
      rollbackQuietly();
      throw e.getSQLState() != null && e.getSQLState().startsWith("XX") ? e : failure(primary, "commit", e);
    }
    List<Parallel.Task> commits = new ArrayList<>();
    List<Backend> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    for (Backend b : others) {
      Connection c = connections.get(b.name());
      commits.add(() -> {
        try {
          c.commit();
        } catch (SQLException ex) {
          failed.add(b);
        }
      });
    }
    store.parallel().run(commits, others.size() > 1);
    if (failed.isEmpty()) {
      if (!ops.isEmpty()) {
        ShardLog.forget(store, id, primary, others);
      }
      return;
    }
    for (Backend b : failed) {
      Connection c = connections.get(b.name());
      if (c != null) {
        discard(b.name(), c);
      }
    }
    completeAfterCommitPoint(id, failed);
  }

  /** The commit point passed but a shard's commit failed: its writes are re-applied from the redo record. */
  private void completeAfterCommitPoint(String id, List<Backend> failed) throws SQLException {
    try {
      byte[] sealed = store.catalogStore().read(ShardLog.PREFIX + id);
      if (sealed != null) {
        ShardLog.recover(store, id, sealed);
      }
      LOG.warn("the commit on data backend(s) {} failed after the commit point; their writes were re-applied",
          failed.stream().map(Backend::name).toList());
    } catch (SQLException e) {
      throw SqlState.TRANSACTION_RESOLUTION_UNKNOWN.exception("the transaction committed, but data backend(s) "
          + failed.stream().map(Backend::name).toList() + " failed before applying their part ("
          + BackendErrors.describe(e) + "); it is completed when the database is next opened or by"
          + " SecureAdmin.recover(), and until then those rows show their previous state");
    }
  }

  /** Commits every backend of a role; several index backends commit in parallel (their order does not matter). */
  private void commitRole(BackendRole role) throws SQLException {
    List<Parallel.Task> commits = new ArrayList<>();
    int dirtyOfRole = 0;
    for (Map.Entry<String, Connection> e : connections.entrySet()) {
      Backend b = store.backend(e.getKey());
      if (b.role() != role) {
        continue;
      }
      dirtyOfRole += dirty.containsKey(e.getKey()) ? 1 : 0;
      Connection c = e.getValue();
      commits.add(() -> {
        try {
          c.commit();
        } catch (SQLException ex) {
          throw failure(b, "commit", ex);
        }
      });
    }
    try {
      // Only commits with writes behind them are worth another thread; ending a read snapshot is quick.
      store.parallel().run(commits, dirtyOfRole > 1);
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /**
   * Best effort: an entry left behind is only stale, and repair removes it. Once our data commit released a row,
   * another transaction may have set the old value back and written the very same (deterministic) entry again,
   * and that copy must survive. Two ways make sure of it:
   * <ul>
   *   <li>with one key generation live (the usual case), each delete removes one copy: the index is a multiset in
   *       which every write that set a value added a copy and only a later committed write that changed it away
   *       removes one, so a row's current value always keeps at least one copy, without locking the row again;
   *       such a removal commutes with later writes, so it is queued to the store's {@link IndexCleaner} (the
   *       caller's commit has returned already) unless the store runs removals inline;</li>
   *   <li>during a key rotation the obsolete entry may exist under either generation and copies of the two cannot
   *       be counted against each other, so the rows are locked again and an entry that matches a row's current
   *       value is kept ({@link #stillObsolete}); the others go, every copy.</li>
   * </ul>
   */
  private void applyDeferred() {
    if (deferred.isEmpty()) {
      return;
    }
    List<DeferredDelete> counted = new ArrayList<>();
    List<DeferredDelete> rechecked = new ArrayList<>();
    synchronized (deferred) {
      for (DeferredDelete d : deferred) {
        (d.owner().liveGenerations().size() > 1 ? rechecked : counted).add(d);
      }
      deferred.clear();
    }
    if (!counted.isEmpty() && store.indexCleaner().submit(counted)) {
      counted = List.of();
    }
    if (!counted.isEmpty() || !rechecked.isEmpty()) {
      removeObsolete(counted, rechecked);
    }
  }

  /**
   * Deletes obsolete entries in one transaction per index backend: one copy each of the {@code counted} ones, every
   * copy of the {@code rechecked} ones whose row no longer holds the keyword (the rows are locked for that check).
   * Also run by {@link IndexCleaner} on its own session.
   */
  void removeObsolete(List<DeferredDelete> counted, List<DeferredDelete> rechecked) {
    try {
      for (DeferredDelete d : counted) {
        addDelete(d, true);
      }
      for (DeferredDelete d : rechecked.isEmpty() ? rechecked : stillObsolete(rechecked)) {
        addDelete(d, false);
      }
      executeBatches();
      // The other index connections were committed just before and have done nothing since.
      for (Map.Entry<String, Connection> e : connections.entrySet()) {
        if (store.backend(e.getKey()).role() == BackendRole.INDEX && dirty.containsKey(e.getKey())) {
          e.getValue().commit();
        }
      }
      if (!rechecked.isEmpty()) {
        for (Map.Entry<String, Connection> e : connections.entrySet()) {
          if (store.backend(e.getKey()).role() == BackendRole.DATA) {
            e.getValue().commit();
          }
        }
      }
      dirty.clear();
    } catch (SQLException e) {
      LOG.warn("removing {} obsolete index entries failed ({}); they stay until repair",
          counted.size() + rechecked.size(), BackendErrors.describe(e));
      rollbackQuietly();
    } catch (RuntimeException e) {
      // After the commit point: the caller's commit succeeded and must not report otherwise. Class only, as in
      // InternalErrors (a message may quote a value).
      LOG.error("removing {} obsolete index entries failed ({}); they stay until repair",
          counted.size() + rechecked.size(), e.getClass().getName());
      rollbackQuietly();
    }
  }

  private void addDelete(DeferredDelete d, boolean oneCopy) throws SQLException {
    EntryTable entries = EntryTable.of(d.backend().dialect(), d.column());
    PreparedStatement ps = prepare(d.backend(), entries.deleteRangeSql(oneCopy));
    entries.bindDeleteRange(ps, d.keyword(), d.entries().from(), d.entries().to());
    ps.addBatch();
    markDirty(d.backend());
  }

  /** Locks the rows of the deferred deletes and drops those whose entry matches the row's current value. */
  private List<DeferredDelete> stillObsolete(List<DeferredDelete> work) throws SQLException {
    Map<String, List<DeferredDelete>> byTable = new LinkedHashMap<>();
    for (DeferredDelete d : work) {
      byTable.computeIfAbsent(d.owner().tableId(), k -> new ArrayList<>()).add(d);
    }
    List<DeferredDelete> out = new ArrayList<>();
    RowFetcher fetcher = new RowFetcher(this);
    for (List<DeferredDelete> list : byTable.values()) {
      TableInfo table = store.catalog().tables().stream()
          .filter(t -> t.tableId().equals(list.get(0).owner().tableId())).findFirst().orElse(null);
      if (table == null) {
        continue;
      }
      RowIds.Builder ids = new RowIds.Builder();
      list.forEach(d -> ids.add(d.rowId()));
      Map<Long, Object[]> current = new HashMap<>();
      for (Row r : fetcher.fetch(table, ids.build(), true)) {
        current.put(r.rowId(), r.values());
      }
      TableKeys keys = store.keys(table);
      for (DeferredDelete d : list) {
        Object[] values = current.get(d.rowId());
        int c = table.columnIndex(d.column().id());
        if (values != null && c >= 0 && table.liveGenerations().contains(d.generation())
            && java.util.Arrays.equals(keys.columnIndex(d.generation(), table.columns().get(c)).keyword(values[c]),
                d.keyword())) {
          continue;
        }
        out.add(d);
      }
    }
    return out;
  }

  /** Runs every pending batch on every cached statement. */
  void executeBatches() throws SQLException {
    for (Map.Entry<String, Map<String, PreparedStatement>> e : statements.entrySet()) {
      for (PreparedStatement ps : e.getValue().values()) {
        ps.executeBatch();
      }
    }
  }

  /**
   * Rolls every backend back. A backend whose connection broke has lost the transaction already (the server rolls
   * back a dropped session): its connection is discarded instead, and that is not an error.
   */
  public void rollback() throws SQLException {
    deferred.clear();
    shardOps.clear();
    synchronized (shardOpMarks) {
      shardOpMarks.clear();
    }
    clearBatches();
    SQLException first = null;
    for (Map.Entry<String, Connection> e : new ArrayList<>(connections.entrySet())) {
      Connection c = e.getValue();
      try {
        if (!c.isClosed()) {
          c.rollback();
        }
      } catch (SQLException ex) {
        Backend b = store.backend(e.getKey());
        if (b.dialect().isConnectionFailure(ex) || isClosed(c)) {
          discard(e.getKey(), c);
        } else if (first == null) {
          first = failure(b, "rollback", ex);
        }
      }
    }
    dirty.clear();
    if (first != null) {
      throw first;
    }
  }

  /**
   * Drops rows queued on cached statements: a write that failed between addBatch and executeBatch must not leave
   * them to be executed by the next statement that reuses the cached statement.
   */
  private void clearBatches() {
    for (Map<String, PreparedStatement> cache : statements.values()) {
      for (PreparedStatement ps : cache.values()) {
        try {
          ps.clearBatch();
        } catch (SQLException ignored) {
          // a statement of a broken connection is discarded with it
        }
      }
    }
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private void discard(String backend, Connection c) {
    connections.remove(backend);
    statements.remove(backend);
    try {
      c.close();
    } catch (SQLException ignored) {
      // already broken
    }
  }

  private void rollbackQuietly() {
    try {
      rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller needs to see
    }
  }

  /** Ends read-only work on the backends so that no snapshot or lock outlives the statement. */
  public void endReadOnly() throws SQLException {
    if (!dirty.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Connection> e : new ArrayList<>(connections.entrySet())) {
      // A connection not used since the last commit holds no snapshot: committing it is a wasted round trip.
      if (!touched.remove(e.getKey())) {
        continue;
      }
      Connection c = e.getValue();
      try {
        c.commit();
      } catch (SQLException ex) {
        Backend b = store.backend(e.getKey());
        if (isClosed(c) || b.dialect().isConnectionFailure(ex)) {
          // A read has nothing to lose: forget the broken connection, the next statement reconnects.
          discard(e.getKey(), c);
        } else {
          throw failure(b, "end of read", ex);
        }
      }
    }
  }

  public boolean isDirty() {
    return !dirty.isEmpty();
  }

  /**
   * Wraps a backend failure: names the backend, never its URL or the backend's message, and does not chain the
   * backend's exception, whose message may quote keywords or values.
   */
  public static SQLException failure(Backend b, String action, SQLException e) {
    if (b.dialect().isConnectionFailure(e)) {
      return SqlState.BACKEND_UNAVAILABLE.exception("backend '" + b.name() + "' failed during " + action + " ("
          + BackendErrors.describe(e) + "); the transaction was rolled back");
    }
    if (b.dialect().isTransactionConflict(e)) {
      return SqlState.SERIALIZATION_FAILURE.exception("backend '" + b.name() + "' aborted the transaction"
          + " (deadlock or conflict); roll back and retry");
    }
    String remedy = b.dialect().remedy(e);
    return SqlState.GENERAL_ERROR.exception("backend '" + b.name() + "' failed during " + action + " ("
        + BackendErrors.describe(e) + ")" + (remedy == null ? "" : ": " + remedy));
  }

  @Override
  public void close() {
    for (Connection c : connections.values()) {
      try {
        c.rollback();
        c.close();
      } catch (SQLException ignored) {
        // closing after a backend failure
      }
    }
    connections.clear();
    statements.clear();
  }
}
