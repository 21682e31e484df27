package io.securejdbc.exec;

import io.securejdbc.catalog.Catalog;
import io.securejdbc.ddl.DdlParser;
import io.securejdbc.ddl.StandardDdlParser;
import io.securejdbc.sql.Analysis;
import io.securejdbc.sql.SqlAnalyzer;
import io.securejdbc.store.IdentityAllocator;
import io.securejdbc.store.SecureStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A secure database open in this JVM: the store plus what its connections share (statement analyses, identity
 * allocation, the DDL lock) and a reference count, so the last connection's close closes it.
 */
public final class Database {

  private static final int CACHE_SIZE = 1024;

  private final SecureStore store;
  private final DdlParser ddlParser = new StandardDdlParser();
  private final IdentityAllocator identities;
  private final ReentrantLock ddlLock = new ReentrantLock();
  private final SchemaLock schemaLock;
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, Analysis> analyses = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
      return size() > CACHE_SIZE;
    }
  };
  private long analysesVersion = -1;

  public Database(SecureStore store) {
    this.store = store;
    // Removals of obsolete index entries still queued must not run into the schema change, repair or rotation.
    this.schemaLock = new SchemaLock(store::awaitIndexCleanup);
    this.identities = new IdentityAllocator(store);
  }

  public SecureStore store() {
    return store;
  }

  DdlParser ddlParser() {
    return ddlParser;
  }

  IdentityAllocator identities() {
    return identities;
  }

  ReentrantLock ddlLock() {
    return ddlLock;
  }

  SchemaLock schemaLock() {
    return schemaLock;
  }

  /** The statement's analysis, cached per SQL text until the schema changes. */
  Analysis analyze(String sql) {
    Catalog catalog = store.catalog();
    synchronized (analyses) {
      if (analysesVersion != catalog.version()) {
        analyses.clear();
        analysesVersion = catalog.version();
      }
      Analysis a = analyses.get(sql);
      if (a != null) {
        return a;
      }
    }
    Analysis a = SqlAnalyzer.analyze(sql, catalog);
    synchronized (analyses) {
      if (analysesVersion == catalog.version()) {
        analyses.put(sql, a);
      }
    }
    return a;
  }

  public void acquire() {
    connections.incrementAndGet();
  }

  /** Returns true when this was the last connection. */
  public boolean release() {
    return connections.decrementAndGet() == 0;
  }
}
