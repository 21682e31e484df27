package io.securejdbc.store;

import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.catalog.Catalog;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads tables over data backends added to the configuration and column indexes over more index backends (up to
 * {@code indexShards}). Per table: (1) the physical tables are created on the new backends, (2) the rows and
 * entries that now belong there are copied and committed, (3) the catalog switches to the longer shard lists,
 * (4) the old copies are deleted. Nothing moves but ciphertext, and a row keeps its id (the id's slot picks the
 * shard), so the index is untouched by data moves. A crash before (3) leaves unreferenced copies that the next run
 * replaces; a crash before (4) leaves stray copies that reads skip and the next run (or repair) deletes.
 *
 * <p>The caller holds the schema lock exclusively (no write transaction of this JVM runs). Statements already
 * reading when (4) runs may miss rows that moved; rebalance in a quiet period.
 */
public final class Rebalancer {

  private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

  /** What one table's rebalance did, in counts. */
  public record Moved(String table, int dataShards, long rowsMoved, long entriesMoved) {}

  private final SecureStore store;

  public Rebalancer(SecureStore store) {
    this.store = store;
  }

  public List<Moved> run() throws SQLException {
    List<Moved> out = new ArrayList<>();
    for (TableInfo t : store.catalog().tables()) {
      out.add(rebalance(t.name()));
    }
    return out;
  }

  private Moved rebalance(String name) throws SQLException {
    Catalog catalog = store.catalog();
    TableInfo t = catalog.table(name).orElseThrow();
    List<String> dataTarget = grown(t.dataShards(), store.backends(BackendRole.DATA), Integer.MAX_VALUE);
    List<ColumnInfo> columns = new ArrayList<>();
    long rows = 0;
    long entries = 0;
    try (BackendSession session = new BackendSession(store)) {
      if (dataTarget.size() > t.dataShards().size()) {
        rows = copyRows(session, t, dataTarget);
      }
      for (ColumnInfo c : t.columns()) {
        List<String> target = c.isIndexed()
            ? grown(c.indexShards(), admitting(t, c), store.config().indexShards())
            : c.indexShards();
        if (target.size() > c.indexShards().size()) {
          entries += copyEntries(session, c, target);
          c = c.withIndexBackend(String.join(",", target));
        }
        columns.add(c);
      }
      session.commit();
      TableInfo next = t.withDataShards(dataTarget).withColumnsUnversioned(columns);
      if (!next.equals(t)) {
        store.commitCatalog(catalog, catalog.replacing(t.name(), next));
      }
      deleteStrays(session, next);
      session.commit();
    }
    if (rows + entries > 0) {
      LOG.info("rebalanced table {}: {} rows and {} index entries moved", name, rows, entries);
    }
    return new Moved(name, dataTarget.size(), rows, entries);
  }

  /** The index backends whose placement rules admit the column (see {@link Placement}). */
  private List<Backend> admitting(TableInfo t, ColumnInfo c) {
    List<Backend> out = new ArrayList<>();
    for (Backend b : store.backends(BackendRole.INDEX)) {
      if (Placement.admitsIndex(store, b.name(), t.name(), c.name())) {
        out.add(b);
      }
    }
    return out;
  }

  /** The current list plus backends of the role not in it yet, in configuration order, up to {@code max}. */
  private static List<String> grown(List<String> current, List<Backend> candidates, int max) {
    List<String> out = new ArrayList<>(current);
    for (Backend b : candidates) {
      if (out.size() >= max) {
        break;
      }
      if (!out.contains(b.name())) {
        out.add(b.name());
      }
    }
    return out;
  }

  private long copyRows(BackendSession session, TableInfo t, List<String> target) throws SQLException {
    int slots = t.uniqueSlotCount();
    for (String name : target.subList(t.dataShards().size(), target.size())) {
      Backend b = store.backend(name);
      // A copy left by an interrupted earlier run is not referenced by the catalog: start over.
      store.executeOn(b, b.dialect().dropTable(t.dataTable()));
      store.executeOn(b, b.dialect().createDataTable(t.dataTable(), slots));
    }
    StringBuilder select = new StringBuilder("SELECT rid, ct");
    for (int k = 0; k < slots; k++) {
      select.append(", k").append(k);
    }
    select.append(" FROM ").append(t.dataTable());
    long moved = 0;
    List<String> old = t.dataShards();
    for (int i = 0; i < old.size(); i++) {
      Backend from = store.backend(old.get(i));
      try (ResultSet rs = session.prepare(from, select.toString()).executeQuery()) {
        while (rs.next()) {
          long rid = rs.getLong(1);
          int owner = Shards.dataShardIndex(rid, target.size());
          if (Shards.dataShardIndex(rid, old.size()) != i || owner == i) {
            continue;
          }
          Backend to = store.backend(target.get(owner));
          PreparedStatement ins = session.prepare(to, to.dialect().insertRow(t.dataTable(), slots));
          ins.setLong(1, rid);
          ins.setBytes(2, rs.getBytes(2));
          for (int k = 0; k < slots; k++) {
            ins.setBytes(3 + k, rs.getBytes(3 + k));
          }
          ins.addBatch();
          session.markDirty(to);
          if (++moved % FLUSH == 0) {
            ins.executeBatch();
          }
        }
      }
    }
    session.executeBatches();
    return moved;
  }

  private static final int FLUSH = 1000;

  private long copyEntries(BackendSession session, ColumnInfo c, List<String> target) throws SQLException {
    for (String name : target.subList(c.indexShards().size(), target.size())) {
      Backend b = store.backend(name);
      store.executeOn(b, b.dialect().dropTable(c.indexTable()));
      store.createIndexTable(b, c);
    }
    long moved = 0;
    List<String> old = c.indexShards();
    for (int i = 0; i < old.size(); i++) {
      Backend from = store.backend(old.get(i));
      EntryTable source = EntryTable.of(from.dialect(), c);
      try (ResultSet rs = session.prepare(from, source.scanSql()).executeQuery()) {
        while (rs.next()) {
          byte[][] e = source.read(rs);
          int owner = Shards.indexShardIndex(e[0], target.size());
          if (owner == i || Shards.indexShardIndex(e[0], old.size()) != i) {
            continue;
          }
          Backend to = store.backend(target.get(owner));
          EntryTable sink = EntryTable.of(to.dialect(), c);
          PreparedStatement ins = session.prepare(to, sink.insertSql());
          sink.bindInsert(ins, e[0], e[1]);
          ins.addBatch();
          session.markDirty(to);
          if (++moved % FLUSH == 0) {
            ins.executeBatch();
          }
        }
      }
    }
    session.executeBatches();
    return moved;
  }

  /** Deletes rows and entries from shards that no longer own them. */
  private void deleteStrays(BackendSession session, TableInfo t) throws SQLException {
    List<String> shards = t.dataShards();
    if (shards.size() > 1) {
      for (int i = 0; i < shards.size(); i++) {
        Backend b = store.backend(shards.get(i));
        List<Long> strays = new ArrayList<>();
        try (ResultSet rs = session.prepare(b, "SELECT rid FROM " + t.dataTable()).executeQuery()) {
          while (rs.next()) {
            if (Shards.dataShardIndex(rs.getLong(1), shards.size()) != i) {
              strays.add(rs.getLong(1));
            }
          }
        }
        PreparedStatement del = session.prepare(b, b.dialect().deleteRow(t.dataTable()));
        for (long rid : strays) {
          del.setLong(1, rid);
          del.addBatch();
          session.markDirty(b);
        }
      }
    }
    for (ColumnInfo c : t.columns()) {
      List<String> idx = c.indexShards();
      if (!c.isIndexed() || idx.size() < 2) {
        continue;
      }
      for (int i = 0; i < idx.size(); i++) {
        Backend b = store.backend(idx.get(i));
        List<byte[][]> strays = new ArrayList<>();
        EntryTable entries = EntryTable.of(b.dialect(), c);
        try (ResultSet rs = session.prepare(b, entries.scanSql()).executeQuery()) {
          while (rs.next()) {
            byte[][] e = entries.read(rs);
            if (Shards.indexShardIndex(e[0], idx.size()) != i) {
              strays.add(e);
            }
          }
        }
        PreparedStatement del = session.prepare(b, entries.deleteSql());
        for (byte[][] e : strays) {
          entries.bindDelete(del, e[0], e[1]);
          del.addBatch();
          session.markDirty(b);
        }
      }
    }
    session.executeBatches();
  }
}
