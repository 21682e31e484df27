package io.securejdbc.exec;

import io.securejdbc.InternalErrors;
import io.securejdbc.SqlState;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.sql.Analysis;
import io.securejdbc.sql.JoinLink;
import io.securejdbc.sql.Pred;
import io.securejdbc.store.BackendSession;
import io.securejdbc.store.IndexLookup;
import io.securejdbc.store.Row;
import io.securejdbc.store.RowFetcher;
import io.securejdbc.store.RowIds;
import io.securejdbc.store.TableWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one logical connection's statements: finds each table's candidate rows through the keyword indexes, fetches
 * and decrypts them into the working engine, runs the application's SQL there unchanged, and for DML writes the
 * difference back, encrypted, through {@link TableWriter}.
 */
public final class Executor implements AutoCloseable {

  private final Database db;
  private final BackendSession session;
  private final Scratch scratch;
  private final ReadEngine readEngine;
  private final boolean verboseErrors;
  private final CandidateFinder finder;
  private final RowFetcher fetcher;
  private final TableWriter writer;
  private final DdlExecutor ddl;
  private final FastPath fastPath;
  private final DirectWrites directWrites;
  private boolean autoCommit = true;
  private boolean holdsSchemaPermit;
  private Drawn lastBatchIdentities;

  public Executor(Database db, String sqlMode, boolean verboseErrors) throws SQLException {
    this.db = db;
    this.session = new BackendSession(db.store());
    this.scratch = new Scratch(sqlMode);
    scratch.mirrorSequences(db.identities());
    this.readEngine = new ReadEngine(sqlMode);
    this.verboseErrors = verboseErrors;
    this.finder = new CandidateFinder(new IndexLookup(session));
    this.fetcher = new RowFetcher(session);
    this.writer = new TableWriter(session);
    this.ddl = new DdlExecutor(db, session, scratch, fetcher, writer);
    this.fastPath = new FastPath(scratch, finder, fetcher, sqlMode);
    this.directWrites = new DirectWrites(finder, fetcher, writer, db.identities(), fastPath::keys, sqlMode);
    writer.checkWith(new ForeignKeyCheck(() -> db.store().catalog(), finder, fetcher, writer));
  }

  public Database database() {
    return db;
  }

  public BackendSession session() {
    return session;
  }

  /** Rows decrypted and full scans done by this connection so far: how tests see that lookups stay narrow. */
  public long[] statistics() {
    return new long[] {fetcher.rowsFetched(), fetcher.fullScans(), directWrites.applied(), fastPath.joinsAnswered(),
        fetcher.uniqueKeyLookups(), readEngine.queries(), fastPath.queriesAnswered()};
  }

  /** The working engine's own connection (read-only uses such as metadata). */
  public java.sql.Connection engineConnection() throws SQLException {
    scratch.sync(db.store().catalog());
    return scratch.connection();
  }

  public Result execute(String sql, Parameters params, WorkStatement work, KeysRequest keys) throws SQLException {
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          scratch.markSequences(sql, db.store().catalog());
          return executeOne(sql, params, work, keys);
        } catch (SQLException e) {
          if (!sequenceRefilled(e, attempt)) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      throw InternalErrors.of(e);
    }
  }

  /** H2's "sequence exhausted": the connection's block of a sequence ran out. */
  private static final int SEQUENCE_EXHAUSTED = org.h2.api.ErrorCode.SEQUENCE_EXHAUSTED;

  /**
   * True when a statement failed only because a sequence's block ran out and new blocks were taken: it failed in
   * the working engine, before any backend write, and was undone, so running it again is safe. Blocks double on
   * each refill, so a statement drawing many values needs few attempts.
   */
  private boolean sequenceRefilled(SQLException e, int attempt) throws SQLException {
    return e.getErrorCode() == SEQUENCE_EXHAUSTED && attempt < 24 && scratch.refillSequences();
  }

  private Result executeOne(String sql, Parameters params, WorkStatement work, KeysRequest keys)
      throws SQLException {
    db.store().checkOpen();
    if (db.ddlParser().isDdl(sql)) {
      if (!autoCommit) {
        commit();
      }
      return Result.count(ddl.execute(db.ddlParser().parse(sql)), null);
    }
    Analysis a = db.analyze(sql);
    scratch.sync(db.store().catalog());
    return switch (a.kind()) {
      case QUERY -> Result.rows(query(a, sql, params, work));
      case INSERT, UPDATE, DELETE, MERGE -> dml(a, sql, params, work, keys);
      case OTHER -> {
        if (CALL_SEQUENCE.matcher(sql).matches()) {
          yield Result.rows(callSequence(sql, params, work));
        }
        throw other(sql);
      }
    };
  }

  private ResultSet query(Analysis a, String sql, Parameters params, WorkStatement work) throws SQLException {
    List<TableInfo> loaded = new ArrayList<>();
    boolean reading = false;
    Scratch engine = scratch;
    try {
      if (a.simple() != null && params.count() == work.parameterCount(scratch, sql)) {
        TableInfo t = db.store().catalog().table(a.simple().table()).orElse(null);
        ResultSet fast = t == null ? null : fastPath.execute(a.simple(), t, params.values(), work.maxRows(),
            () -> work.prepare(scratch, sql).getMetaData());
        if (fast != null) {
          return fast;
        }
      }
      if (a.join() != null && params.count() == work.parameterCount(scratch, sql)) {
        Catalog catalog = db.store().catalog();
        TableInfo t0 = catalog.table(a.join().tables().get(0)).orElse(null);
        TableInfo t1 = catalog.table(a.join().tables().get(1)).orElse(null);
        ResultSet fast = t0 == null || t1 == null ? null
            : fastPath.join(a.join(), List.of(t0, t1), params.values(), work.maxRows());
        if (fast != null) {
          return fast;
        }
      }
      Scratch read = readEngine.forQuery(a, sql, db.store().catalog());
      engine = read != null ? read : scratch;
      reading = engine.beginUndoable();
      load(a, params, null, false, loaded, engine);
      PreparedStatement ps = work.prepare(engine, sql);
      params.bindTo(ps);
      return ps.executeQuery();
    } catch (SQLException e) {
      throw translate(e, sql);
    } finally {
      if (reading) {
        engine.endUndoable(loaded);
      } else {
        clear(loaded, engine);
      }
      if (autoCommit) {
        session.endReadOnly();
      }
    }
  }

  private Result dml(Analysis a, String sql, Parameters params, WorkStatement work, KeysRequest keys)
      throws SQLException {
    enterWrite();
    Map<String, Savepoint> savepoint = autoCommit ? null : session.savepoint();
    int deferredMark = session.deferredMark();
    List<TableInfo> loaded = new ArrayList<>();
    Catalog catalog = db.store().catalog();
    TableInfo target = a.target() == null ? null : catalog.table(a.target()).orElse(null);
    if (a.write() != null) {
      Result direct = direct(a, target, params, sql, work, keys, savepoint, deferredMark);
      if (direct != null) {
        return direct;
      }
    }
    boolean undo = withoutIdentity(target) && scratch.beginUndoable();
    try {
      Map<String, List<Row>> before = load(a, params, target, target == null, loaded);
      if (target != null && !before.containsKey(target.name())) {
        scratch.clear(target);
        loaded.add(target);
        before.put(target.name(), List.of());
      }
      Identities ids = new Identities(db.identities(), scratch, target);
      long count;
      ResultSet generated = null;
      try {
        ids.prepare();
        loaded.forEach(scratch::changing);
        PreparedStatement ps = work.prepare(scratch, sql, keys);
        params.bindTo(ps);
        count = ps.executeLargeUpdate();
        if (keys.wanted()) {
          generated = GeneratedKeys.copy(ps.getGeneratedKeys());
        }
      } catch (SQLException e) {
        throw translate(e, sql);
      } finally {
        // As in H2, identity values a failed statement drew are used up.
        ids.finish();
      }
      for (TableInfo t : target != null ? List.of(target) : loaded) {
        applyDiff(t, before.getOrDefault(t.name(), List.of()));
      }
      if (autoCommit) {
        session.commit();
      }
      return Result.count(count, generated);
    } catch (SQLException | RuntimeException e) {
      undo(savepoint, deferredMark);
      throw e;
    } finally {
      if (undo) {
        scratch.endUndoable(loaded);
      } else {
        clear(loaded);
      }
      if (autoCommit) {
        leaveWrite();
      }
    }
  }

  /** Undoes a failed statement: the whole transaction in auto-commit mode, else back to its savepoint. */
  private void undo(Map<String, Savepoint> savepoint, int deferredMark) throws SQLException {
    if (savepoint == null) {
      session.rollback();
    } else {
      session.rollbackTo(savepoint, deferredMark);
    }
  }

  /** The statement's parameter count as the engine sees it; -1 when the engine refuses it (it reports why later). */
  private int parameterCount(WorkStatement work, String sql) {
    try {
      return work.parameterCount(scratch, sql);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Runs a {@link DirectWrites} plan, or returns null (nothing done) when this execution needs the engine. */
  private Result direct(Analysis a, TableInfo target, Parameters params, String sql, WorkStatement work,
      KeysRequest keys, Map<String, Savepoint> savepoint, int deferredMark) throws SQLException {
    boolean done = false;
    try {
      DirectWrites.Plan plan = directWrites.plan(a.write(), target, params, parameterCount(work, sql), keys);
      if (plan == null) {
        return null;
      }
      done = true;
      long count = plan.apply();
      if (autoCommit) {
        session.commit();
      }
      return Result.count(count, plan.keys());
    } catch (SQLException | RuntimeException e) {
      done = true;
      undo(savepoint, deferredMark);
      throw e;
    } finally {
      if (done && autoCommit) {
        leaveWrite();
      }
    }
  }

  /**
   * True when the statement's working-engine changes can be undone by a rollback: restarting an identity column
   * is DDL to H2, which commits.
   */
  private static boolean withoutIdentity(TableInfo target) {
    return target != null && target.columns().stream().allMatch(c -> c.identity() == null);
  }

  /**
   * Loads every table the statement reads; the DML target's rows are locked until the transaction ends. Tables whose
   * own predicates narrow them are fetched first; a table that only an equi-join can narrow is then looked up by the
   * join column's values among the rows already fetched (a semi-join through the index).
   */
  private Map<String, List<Row>> load(Analysis a, Parameters params, TableInfo target, boolean lockAll,
      List<TableInfo> loaded) throws SQLException {
    return load(a, params, target, lockAll, loaded, scratch);
  }

  private Map<String, List<Row>> load(Analysis a, Parameters params, TableInfo target, boolean lockAll,
      List<TableInfo> loaded, Scratch into) throws SQLException {
    Catalog catalog = db.store().catalog();
    Map<String, List<RowIds>> own = new LinkedHashMap<>();
    for (Map.Entry<String, List<Pred>> e : a.reads().entrySet()) {
      TableInfo t = catalog.table(e.getKey()).orElse(null);
      if (t != null) {
        List<RowIds> perRead = new ArrayList<>();
        for (Pred p : e.getValue()) {
          perRead.add(p == null ? null : finder.find(t, p, params.values()));
        }
        own.put(t.name(), perRead);
      }
    }
    Map<String, List<Row>> before = new LinkedHashMap<>();
    List<String> later = new ArrayList<>();
    for (String table : own.keySet()) {
      if (linkable(a, table, own)) {
        later.add(table);
      } else {
        fetchInto(catalog.table(table).orElseThrow(), union(own.get(table)), target, lockAll, loaded, before, into);
      }
    }
    for (String table : later) {
      List<RowIds> perRead = new ArrayList<>(own.get(table));
      for (int r = 0; r < perRead.size(); r++) {
        if (perRead.get(r) == null) {
          perRead.set(r, viaJoin(a, catalog.table(table).orElseThrow(), r, own, before));
        }
      }
      fetchInto(catalog.table(table).orElseThrow(), union(perRead), target, lockAll, loaded, before, into);
    }
    return before;
  }

  private void fetchInto(TableInfo t, RowIds ids, TableInfo target, boolean lockAll, List<TableInfo> loaded,
      Map<String, List<Row>> before, Scratch into) throws SQLException {
    boolean lock = lockAll || (target != null && target.name().equals(t.name()));
    List<Row> rows = ids == null ? fetcher.scan(t, lock) : fetcher.fetch(t, ids, lock);
    loaded.add(t);
    into.load(t, rows);
    before.put(t.name(), rows);
  }

  /**
   * True when a read of the table needs every row on its own but a join link to a narrowed reference exists (of
   * another table, or another reference of the same table in a self-join).
   */
  private static boolean linkable(Analysis a, String table, Map<String, List<RowIds>> own) {
    for (JoinLink l : a.links()) {
      if (!l.targetTable().equals(table) || !own.containsKey(l.sourceTable())
          || own.get(table).get(l.targetRead()) != null) {
        continue;
      }
      boolean narrowSource = l.sourceTable().equals(table) ? own.get(table).get(l.sourceRead()) != null
          : union(own.get(l.sourceTable())) != null;
      if (narrowSource) {
        return true;
      }
    }
    return false;
  }

  /** Candidates of one read through a join link to an already fetched table, or null (every row). */
  private RowIds viaJoin(Analysis a, TableInfo t, int read, Map<String, List<RowIds>> own,
      Map<String, List<Row>> fetched) throws SQLException {
    Catalog catalog = db.store().catalog();
    for (JoinLink l : a.links()) {
      if (!l.targetTable().equals(t.name()) || l.targetRead() != read) {
        continue;
      }
      List<Row> sourceRows;
      if (l.sourceTable().equals(t.name())) {
        RowIds ids = own.get(t.name()).get(l.sourceRead());
        if (ids == null) {
          continue;
        }
        sourceRows = fetcher.fetch(t, ids, false);
      } else if (fetched.containsKey(l.sourceTable())) {
        sourceRows = fetched.get(l.sourceTable());
      } else {
        continue;
      }
      TableInfo source = catalog.table(l.sourceTable()).orElseThrow();
      int column = source.columnIndex(source.column(l.sourceColumn()).orElseThrow().id());
      java.util.Set<Object> values = new java.util.HashSet<>();
      for (Row r : sourceRows) {
        values.add(r.values()[column]);
        if (values.size() > MAX_JOIN_VALUES) {
          return null;
        }
      }
      RowIds ids = finder.matching(t, l.targetColumn(), values);
      if (ids != null) {
        return ids;
      }
    }
    return null;
  }

  private static final int MAX_JOIN_VALUES = 10_000;

  /** The union of the reads' candidates; null when any read needs every row. */
  private static RowIds union(List<RowIds> perRead) {
    RowIds all = null;
    for (RowIds ids : perRead) {
      if (ids == null) {
        return null;
      }
      all = all == null ? ids : all.or(ids);
    }
    return all;
  }

  /** The union over the table's references; null when any of them needs every row. */
  private RowIds candidates(TableInfo t, List<Pred> filters, Object[] params) throws SQLException {
    RowIds all = null;
    for (Pred p : filters) {
      if (p == null) {
        return null;
      }
      RowIds ids = finder.find(t, p, params);
      if (ids == null) {
        return null;
      }
      all = all == null ? ids : all.or(ids);
    }
    return all;
  }

  /** Compares the working table with what was loaded and writes inserts, updates and deletes. */
  private void applyDiff(TableInfo t, List<Row> before) throws SQLException {
    Map<Long, Object[]> old = new LinkedHashMap<>();
    for (Row r : before) {
      old.put(r.rowId(), r.values());
    }
    List<Object[]> inserts = new ArrayList<>();
    List<TableWriter.Update> updates = new ArrayList<>();
    for (Object[] row : scratch.readAll(t)) {
      Object[] values = java.util.Arrays.copyOfRange(row, 1, row.length);
      if (row[0] == null) {
        inserts.add(values);
        continue;
      }
      Object[] previous = old.remove((Long) row[0]);
      if (previous != null && !RowValues.same(previous, values)) {
        updates.add(new TableWriter.Update((Long) row[0], previous, values));
      }
    }
    List<Row> deletes = new ArrayList<>();
    old.forEach((rid, values) -> deletes.add(new Row(rid, values)));
    if (!inserts.isEmpty() || !updates.isEmpty() || !deletes.isEmpty()) {
      writer.apply(t, inserts, updates, deletes);
    }
  }

  private void clear(List<TableInfo> tables) throws SQLException {
    clear(tables, scratch);
  }

  private static void clear(List<TableInfo> tables, Scratch engine) throws SQLException {
    for (TableInfo t : tables) {
      engine.clear(t);
    }
  }

  private SQLException translate(SQLException e, String sql) {
    if (!(e instanceof org.h2.jdbc.JdbcException)) {
      return e;
    }
    return EngineErrors.translate(e, sql, verboseErrors);
  }

  /**
   * Runs a prepared batch: first as one unit (the candidate rows of every parameter set loaded once, the engine runs
   * the batch, one diff written). If any parameter set fails, that attempt is undone and the batch runs again set by
   * set, each atomic on its own, which gives H2's batch semantics: the sets that succeed take effect, the failed
   * ones are reported as {@link java.sql.Statement#EXECUTE_FAILED} in a {@link BatchFailure}.
   */
  public BatchResult executeBatch(String sql, List<Parameters> batch, WorkStatement work, KeysRequest keys)
      throws SQLException {
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          scratch.markSequences(sql, db.store().catalog());
          return executeBatchAtOnce(sql, batch, work, keys);
        } catch (SQLException e) {
          if (!sequenceRefilled(e, attempt)) {
            throw e;
          }
          if (lastBatchIdentities != null) {
            lastBatchIdentities.rewind();
          }
        }
      }
    } catch (RuntimeException e) {
      throw InternalErrors.of(e);
    } catch (SQLException e) {
      if (db.ddlParser().isDdl(sql) || !db.analyze(sql).isDml() || batch.size() == 1 && e instanceof BatchFailure
          || e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("XX")
          || e.getSQLState().startsWith("28"))) {
        throw e;
      }
      if (batch.size() < 2) {
        // As H2 reports it: the one set failed.
        throw new BatchFailure(e, new long[] {java.sql.Statement.EXECUTE_FAILED});
      }
      if (lastBatchIdentities != null) {
        lastBatchIdentities.rewind();
      }
      return executeBatchOneByOne(sql, batch, work, keys);
    }
  }

  /** A batch's update counts and, when they were asked for, the generated keys of all its sets (else null). */
  public record BatchResult(long[] counts, ResultSet keys) {}

  private BatchResult executeBatchOneByOne(String sql, List<Parameters> batch, WorkStatement work, KeysRequest keys)
      throws SQLException {
    long[] counts = new long[batch.size()];
    List<ResultSet> generated = new ArrayList<>();
    SQLException first = null;
    for (int i = 0; i < counts.length; i++) {
      try {
        Result r = execute(sql, batch.get(i), work, keys);
        counts[i] = r.updateCount();
        generated.add(r.generatedKeys());
      } catch (SQLException e) {
        counts[i] = java.sql.Statement.EXECUTE_FAILED;
        first = first == null ? e : first;
      }
    }
    ResultSet merged = keys.wanted() ? GeneratedKeys.merge(generated) : null;
    if (first != null) {
      throw new BatchFailure(first, counts, merged);
    }
    return new BatchResult(counts, merged);
  }

  private BatchResult executeBatchAtOnce(String sql, List<Parameters> batch, WorkStatement work, KeysRequest keys)
      throws SQLException {
    db.store().checkOpen();
    if (batch.isEmpty()) {
      return new BatchResult(new long[0], null);
    }
    if (db.ddlParser().isDdl(sql)) {
      long[] counts = new long[batch.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = execute(sql, batch.get(i), work, KeysRequest.NONE).updateCount();
      }
      return new BatchResult(counts, null);
    }
    Analysis a = db.analyze(sql);
    if (!a.isDml()) {
      throw SqlState.GENERAL_ERROR.exception("a batch may hold only INSERT, UPDATE, DELETE or MERGE statements");
    }
    scratch.sync(db.store().catalog());
    enterWrite();
    Map<String, Savepoint> savepoint = autoCommit ? null : session.savepoint();
    int deferredMark = session.deferredMark();
    List<TableInfo> loaded = new ArrayList<>();
    TableInfo target = a.target() == null ? null : db.store().catalog().table(a.target()).orElse(null);
    DirectWrites.Batch direct;
    try {
      direct = a.kind() == Analysis.Kind.INSERT && a.write() != null
          ? directWrites.insertRows(a.write(), target, batch, parameterCount(work, sql), keys) : null;
    } catch (SQLException | RuntimeException e) {
      undo(savepoint, deferredMark);
      if (autoCommit) {
        leaveWrite();
      }
      throw e;
    }
    if (direct != null) {
      lastBatchIdentities = direct.drawn();
      try {
        directWrites.insert(target, direct.rows());
        if (autoCommit) {
          session.commit();
        }
        long[] counts = new long[batch.size()];
        java.util.Arrays.fill(counts, 1);
        return new BatchResult(counts, direct.keyColumns() == null ? null
            : fastPath.keys(target, direct.keyColumns(), direct.rows()));
      } catch (SQLException | RuntimeException e) {
        undo(savepoint, deferredMark);
        throw e;
      } finally {
        if (autoCommit) {
          leaveWrite();
        }
      }
    }
    boolean undo = withoutIdentity(target) && scratch.beginUndoable();
    try {
      Map<String, List<Row>> before = loadAll(a, batch, target, loaded);
      Identities ids = new Identities(db.identities(), scratch, target);
      lastBatchIdentities = ids;
      long[] counts;
      ResultSet generated = null;
      try {
        ids.prepare();
        loaded.forEach(scratch::changing);
        PreparedStatement ps = work.prepare(scratch, sql, keys);
        for (Parameters p : batch) {
          p.bindTo(ps);
          ps.addBatch();
        }
        counts = ps.executeLargeBatch();
        if (keys.wanted()) {
          generated = GeneratedKeys.copy(ps.getGeneratedKeys());
        }
      } catch (java.sql.BatchUpdateException e) {
        SQLException first = e.getNextException() != null ? e.getNextException() : e;
        throw new BatchFailure(translate(first, sql), e.getLargeUpdateCounts());
      } catch (SQLException e) {
        throw translate(e, sql);
      } finally {
        ids.finish();
      }
      for (TableInfo t : target != null ? List.of(target) : loaded) {
        applyDiff(t, before.getOrDefault(t.name(), List.of()));
      }
      if (autoCommit) {
        session.commit();
      }
      return new BatchResult(counts, generated);
    } catch (SQLException | RuntimeException e) {
      undo(savepoint, deferredMark);
      throw e;
    } finally {
      if (undo) {
        scratch.endUndoable(loaded);
      } else {
        clear(loaded);
      }
      if (autoCommit) {
        leaveWrite();
      }
    }
  }

  /** A batch that failed in the engine: the counts it reported, and the translated cause. */
  public static final class BatchFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final long[] counts;
    private final transient ResultSet keys;

    BatchFailure(SQLException cause, long[] counts) {
      this(cause, counts, null);
    }

    BatchFailure(SQLException cause, long[] counts, ResultSet keys) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
      this.counts = counts == null ? new long[0] : counts.clone();
      this.keys = keys;
    }

    public long[] counts() {
      return counts.clone();
    }

    /** The generated keys of the sets that succeeded, when keys were asked for; else null. */
    public ResultSet keys() {
      return keys;
    }
  }

  /** Loads, per table, the union of the candidates of every parameter set. */
  private Map<String, List<Row>> loadAll(Analysis a, List<Parameters> batch, TableInfo target,
      List<TableInfo> loaded) throws SQLException {
    Map<String, List<Row>> before = new LinkedHashMap<>();
    Catalog catalog = db.store().catalog();
    for (Map.Entry<String, List<Pred>> e : a.reads().entrySet()) {
      TableInfo t = catalog.table(e.getKey()).orElse(null);
      if (t == null) {
        continue;
      }
      RowIds union = RowIds.empty();
      boolean full = false;
      for (Parameters p : batch) {
        RowIds ids = candidates(t, e.getValue(), p.values());
        if (ids == null) {
          full = true;
          break;
        }
        union = union.or(ids);
      }
      boolean lock = target == null || target.name().equals(t.name());
      List<Row> rows = full ? fetcher.scan(t, lock) : fetcher.fetch(t, union, lock);
      loaded.add(t);
      scratch.load(t, rows);
      before.put(t.name(), rows);
    }
    if (target != null && !before.containsKey(target.name())) {
      scratch.clear(target);
      loaded.add(target);
      before.put(target.name(), List.of());
    }
    return before;
  }

  /** Parameter metadata and result metadata of a statement, from the engine's own preparation. */
  public PreparedStatement describe(String sql, WorkStatement work) throws SQLException {
    db.store().checkOpen();
    scratch.sync(db.store().catalog());
    try {
      return work.prepare(scratch, sql);
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  public boolean isAutoCommit() {
    return autoCommit;
  }

  public void setAutoCommit(boolean on) throws SQLException {
    if (on && !autoCommit) {
      commit();
    }
    autoCommit = on;
  }

  public void commit() throws SQLException {
    try {
      session.commit();
    } catch (RuntimeException e) {
      throw InternalErrors.of(e);
    } finally {
      leaveWrite();
    }
  }

  public void rollback() throws SQLException {
    try {
      session.rollback();
    } catch (RuntimeException e) {
      throw InternalErrors.of(e);
    } finally {
      leaveWrite();
    }
  }

  /** A write transaction holds a shared schema permit from its first write to its end. */
  private void enterWrite() throws SQLException {
    if (!holdsSchemaPermit) {
      db.schemaLock().acquireShared();
      holdsSchemaPermit = true;
    }
  }

  private void leaveWrite() {
    if (holdsSchemaPermit) {
      holdsSchemaPermit = false;
      db.schemaLock().releaseShared();
    }
  }

  /** Sanitises errors the working engine raises while the application reads a result set. */
  public SQLException translateEngineError(SQLException e) {
    return translate(e, "");
  }

  /**
   * A statement that is neither a query nor DML: the engine's parser decides whether it is a syntax error (42000
   * with position); engine commands it accepts (SET, SCRIPT, RUNSCRIPT, CALL...) are refused, since several of them
   * touch files or settings outside the encrypted store.
   */
  private static final java.util.regex.Pattern CALL_SEQUENCE = java.util.regex.Pattern.compile(
      "\\s*CALL\\s+NEXT\\s+VALUE\\s+FOR\\s+(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)\\s*;?\\s*",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /** {@code CALL NEXT VALUE FOR s}: how Hibernate draws a sequence value on H2; other CALLs are refused. */
  private ResultSet callSequence(String sql, Parameters params, WorkStatement work) throws SQLException {
    try {
      PreparedStatement ps = work.prepare(scratch, sql);
      params.bindTo(ps);
      return ps.executeQuery();
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  private SQLException other(String sql) {
    try (PreparedStatement ignored = scratch.connection().prepareStatement(sql)) {
      return SqlState.notSupported("the statement '" + firstWord(sql) + "'");
    } catch (SQLException e) {
      return translate(e, sql);
    }
  }

  private static String firstWord(String sql) {
    String t = sql.strip();
    int end = 0;
    while (end < t.length() && Character.isLetter(t.charAt(end))) {
      end++;
    }
    return end == 0 ? t.substring(0, Math.min(10, t.length())) : t.substring(0, end).toUpperCase();
  }

  @Override
  public void close() {
    leaveWrite();
    session.close();
    scratch.close();
    readEngine.close();
  }

  /** Identity values a statement drew, which a re-run of it gives back first. */
  interface Drawn {
    /** Gives back what the statement drew (it was undone), unless another statement drew since. */
    void rewind() throws SQLException;
  }

  /** Identity handling around one DML statement on its target table. */
  private static final class Identities implements Drawn {
    private final io.securejdbc.store.IdentityAllocator allocator;
    private final Scratch scratch;
    private final TableInfo table;
    private final List<ColumnInfo> columns = new ArrayList<>();
    private final Map<Integer, long[]> drawn = new java.util.HashMap<>();
    private final List<ColumnInfo> locked = new ArrayList<>();

    Identities(io.securejdbc.store.IdentityAllocator allocator, Scratch scratch, TableInfo table) {
      this.allocator = allocator;
      this.scratch = scratch;
      this.table = table;
      if (table != null) {
        table.columns().stream().filter(c -> c.identity() != null).forEach(columns::add);
      }
    }

    /**
     * Points the working engine's identity columns at the next free values. Holds each column's drawing lock until
     * {@link #finish}, which the caller must reach (also when this method fails).
     */
    void prepare() throws SQLException {
      for (ColumnInfo c : columns) {
        allocator.lockDrawing(table.tableId(), c.id());
        locked.add(c);
        long next = allocator.reserve(table.tableId(), c.id(), c.identity().start(), 1);
        scratch.restartIdentity(table, c, next);
        drawn.put(c.id(), new long[] {next, next});
      }
    }

    /** Records what the statement drew and releases the drawing locks. */
    void finish() throws SQLException {
      try {
        for (ColumnInfo c : columns) {
          if (drawn.containsKey(c.id())) {
            long base = scratch.identityBase(table, c);
            allocator.usedUpTo(table.tableId(), c.id(), c.identity().start(), base);
            drawn.get(c.id())[1] = allocator.peek(table.tableId(), c.id(), c.identity().start());
          }
        }
      } finally {
        for (ColumnInfo c : locked) {
          allocator.unlockDrawing(table.tableId(), c.id());
        }
        locked.clear();
      }
    }

    @Override
    public void rewind() throws SQLException {
      for (ColumnInfo c : columns) {
        long[] range = drawn.get(c.id());
        allocator.rewind(table.tableId(), c.id(), c.identity().start(), range[0], range[1]);
      }
    }
  }
}
