package io.securejdbc.exec;

import io.securejdbc.catalog.TableInfo;
import io.securejdbc.store.DataKeyRotation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Key rotation for one database: the steps that change the catalog run under the DDL and schema locks. */
public final class KeyRotations {

  private static final int BATCH = 500;
  private final Database db;

  public KeyRotations(Database db) {
    this.db = db;
  }

  public String rotateMasterKey() throws SQLException {
    db.ddlLock().lock();
    try {
      return db.store().rotateMasterKey();
    } finally {
      db.ddlLock().unlock();
    }
  }

  /**
   * Begins a data key rotation: waits until no write transaction of this JVM is open, so every later write uses the
   * new generation.
   */
  public int begin(String table) throws SQLException {
    db.ddlLock().lock();
    try {
      db.schemaLock().acquireExclusive();
      try {
        return new DataKeyRotation(db.store()).begin(table);
      } finally {
        db.schemaLock().releaseExclusive();
      }
    } finally {
      db.ddlLock().unlock();
    }
  }

  /** One bounded step of re-encryption (resumable after a crash: the work is found in the stored rows). */
  public DataKeyRotation.Progress step(String table, int maxRows) throws SQLException {
    db.ddlLock().lock();
    try {
      return new DataKeyRotation(db.store()).step(table, maxRows);
    } finally {
      db.ddlLock().unlock();
    }
  }

  /** Runs steps until done, reporting after each; reads and writes go on meanwhile. */
  public DataKeyRotation.Progress complete(String table, Consumer<DataKeyRotation.Progress> progress)
      throws SQLException {
    while (true) {
      DataKeyRotation.Progress p = step(table, BATCH);
      progress.accept(p);
      if (p.complete()) {
        return p;
      }
    }
  }

  /** The whole rotation on a background thread. */
  public CompletableFuture<DataKeyRotation.Progress> inBackground(String table,
      Consumer<DataKeyRotation.Progress> progress) throws SQLException {
    begin(table);
    CompletableFuture<DataKeyRotation.Progress> future = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        future.complete(complete(table, progress));
      } catch (SQLException | RuntimeException e) {
        future.completeExceptionally(e);
      }
    }, "secure-jdbc-key-rotation");
    worker.setDaemon(true);
    worker.start();
    return future;
  }

  /** Finishes every rotation that a crash or a stop left half done. */
  public List<DataKeyRotation.Progress> resumeAll(Consumer<DataKeyRotation.Progress> progress)
      throws SQLException {
    List<DataKeyRotation.Progress> done = new ArrayList<>();
    for (TableInfo t : db.store().catalog().tables()) {
      if (t.liveGenerations().size() > 1) {
        done.add(complete(t.name(), progress));
      }
    }
    return done;
  }
}
