package io.securejdbc.exec;

import io.securejdbc.backend.Backend;
import io.securejdbc.backend.BackendRole;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.store.BackendSession;
import io.securejdbc.store.Rebalancer;
import io.securejdbc.store.StoreCheck;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * verify / repair of a whole database. Repair holds the schema lock exclusively, so no write transaction of this
 * JVM runs meanwhile and what it fixes stays fixed.
 */
public final class Maintenance {

  private final Database db;

  public Maintenance(Database db) {
    this.db = db;
  }

  public List<StoreCheck.Report> verify() throws SQLException {
    return check(false);
  }

  public List<StoreCheck.Report> repair() throws SQLException {
    db.schemaLock().acquireExclusive();
    try {
      return check(true);
    } finally {
      db.schemaLock().releaseExclusive();
    }
  }

  public int recover() throws SQLException {
    return db.store().recoverShardCommits();
  }

  /** Spreads every table over the configured backends (see {@link Rebalancer}); writers wait meanwhile. */
  public List<Rebalancer.Moved> rebalance() throws SQLException {
    db.store().checkOpen();
    db.schemaLock().acquireExclusive();
    try {
      return new Rebalancer(db.store()).run();
    } finally {
      db.schemaLock().releaseExclusive();
    }
  }

  private List<StoreCheck.Report> check(boolean repair) throws SQLException {
    db.store().checkOpen();
    // An entry whose removal is only queued is not stale in any sense verify should report.
    db.store().awaitIndexCleanup();
    List<StoreCheck.Report> reports = new ArrayList<>();
    try (BackendSession session = new BackendSession(db.store())) {
      StoreCheck check = new StoreCheck(session);
      for (TableInfo t : db.store().catalog().tables()) {
        reports.add(check.run(t, repair));
      }
    }
    return reports;
  }

  /**
   * Physical tables under this tenant's prefix that the catalog does not name, as {@code backend/table}: left by a
   * crash between creating tables and recording them (they hold only ciphertext). Reported, not dropped: a
   * concurrent CREATE TABLE in another process looks the same until it commits its catalog.
   */
  public List<String> orphanTables() throws SQLException {
    Set<String> known = new HashSet<>();
    known.add(db.store().config().namespace() + "meta");
    for (TableInfo t : db.store().catalog().tables()) {
      known.add(t.dataTable());
      for (ColumnInfo c : t.columns()) {
        if (c.indexTable() != null) {
          known.add(c.indexTable());
        }
      }
    }
    String prefix = db.store().config().namespace();
    List<String> orphans = new ArrayList<>();
    for (BackendRole role : BackendRole.values()) {
      for (Backend b : db.store().backends(role)) {
        try (Connection c = b.connect(); ResultSet rs = c.getMetaData().getTables(null, null, "%",
            new String[] {"TABLE"})) {
          while (rs.next()) {
            String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
            if (name.startsWith(prefix) && !known.contains(name) && isOurs(name, prefix)) {
              orphans.add(b.name() + "/" + name);
            }
          }
          c.rollback();
        }
      }
    }
    return orphans;
  }

  /** Our physical names are {@code <prefix>d_<hex>} or {@code <prefix>i_<hex>}; other tenants' prefixes differ. */
  private static boolean isOurs(String name, String prefix) {
    String rest = name.substring(prefix.length());
    return rest.matches("[di]_[0-9a-f]{16}");
  }
}
