package io.securejdbc;

import io.securejdbc.exec.KeyRotations;
import io.securejdbc.exec.Maintenance;
import io.securejdbc.jdbc.SecureConnection;
import io.securejdbc.store.DataKeyRotation;
import io.securejdbc.store.StoreCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Administration of a secure database through one of its connections: key rotation, verify and repair. Everything
 * here reports counts and names, never values or key material.
 */
public final class SecureAdmin {

  private final KeyRotations rotations;
  private final Maintenance maintenance;
  private final io.securejdbc.exec.Database database;

  private SecureAdmin(SecureConnection connection) {
    this.rotations = new KeyRotations(connection.database());
    this.maintenance = new Maintenance(connection.database());
    this.database = connection.database();
  }

  /**
   * Checks every table: rows that fail authentication, index entries that fail authentication or are stale
   * (their row is gone or no longer holds the keyword), rows missing from an index. Changes nothing.
   */
  public List<StoreCheck.Report> verify() throws SQLException {
    return maintenance.verify();
  }

  /**
   * As {@link #verify}, and fixes what can be fixed: removes stale and unauthentic entries, re-adds missing ones.
   * Rows that fail authentication are reported, never dropped. Blocks this JVM's writers meanwhile.
   */
  public List<StoreCheck.Report> repair() throws SQLException {
    return maintenance.repair();
  }

  /** Physical tables of this tenant that the catalog does not name (left by a crash during DDL). */
  public List<String> orphanTables() throws SQLException {
    return maintenance.orphanTables();
  }

  /**
   * Spreads the data of every table over data backends added to the configuration (by row id), and each column's
   * index over up to {@code indexShards} index backends (by keyword). Moves only what now belongs elsewhere (about
   * 1/n of the rows for the n-th data backend). Write transactions of this JVM wait until it is done; run it while
   * the database is quiet, as queries that are reading when old copies are removed may miss moved rows.
   */
  public List<io.securejdbc.store.Rebalancer.Moved> rebalance() throws SQLException {
    return maintenance.rebalance();
  }

  /**
   * Completes transactions that wrote on several data shards and committed (their redo record is on the primary
   * data backend) but lost a shard's part because that backend failed; the driver also does this at every open.
   * Returns how many were completed.
   */
  public int recover() throws SQLException {
    return maintenance.recover();
  }

  /**
   * Waits until the index entries that writes committed so far made obsolete have been removed (the driver removes
   * them on a background thread; see the indexCleanup connection property). Useful before a backup of the index
   * backends; queries never need it.
   */
  public void awaitIndexCleanup() throws SQLException {
    database.store().checkOpen();
    database.store().awaitIndexCleanup();
  }

  public static SecureAdmin of(Connection connection) throws SQLException {
    return new SecureAdmin(connection.unwrap(SecureConnection.class));
  }

  /**
   * New master key in the token; every data key is re-wrapped under it and the old master key deleted. Instant: no
   * row is touched. Returns the new master key's alias.
   */
  public String rotateMasterKey() throws SQLException {
    return rotations.rotateMasterKey();
  }

  /** New data key for a table: rows and posting entries are re-encrypted in this thread; returns when done. */
  public DataKeyRotation.Progress rotateDataKey(String table, Consumer<DataKeyRotation.Progress> progress)
      throws SQLException {
    String name = normalise(table);
    rotations.begin(name);
    return rotations.complete(name, progress);
  }

  /** As {@link #rotateDataKey} on a background thread; the application keeps reading and writing meanwhile. */
  public CompletableFuture<DataKeyRotation.Progress> rotateDataKeyInBackground(String table,
      Consumer<DataKeyRotation.Progress> progress) throws SQLException {
    return rotations.inBackground(normalise(table), progress);
  }

  /** Begins a data key rotation without re-encrypting anything yet (see {@link #continueDataKeyRotation}). */
  public int beginDataKeyRotation(String table) throws SQLException {
    return rotations.begin(normalise(table));
  }

  /** Re-encrypts up to {@code maxRows} more rows; completes the rotation when none are left. */
  public DataKeyRotation.Progress continueDataKeyRotation(String table, int maxRows) throws SQLException {
    return rotations.step(normalise(table), maxRows);
  }

  /** Completes every rotation left half done (after a crash or a stop). */
  public List<DataKeyRotation.Progress> resumeRotations(Consumer<DataKeyRotation.Progress> progress)
      throws SQLException {
    return rotations.resumeAll(progress);
  }

  /** Table names follow SQL rules: unquoted names are upper-cased, "quoted" ones kept. */
  private static String normalise(String table) {
    if (table.length() > 1 && table.startsWith("\"") && table.endsWith("\"")) {
      return table.substring(1, table.length() - 1);
    }
    return table.toUpperCase(Locale.ROOT);
  }
}
