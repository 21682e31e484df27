package io.securejdbc.bench;

import java.sql.Connection;

/** One loaded database of one engine: the connection the benchmark uses, and how to drop it all. */
public class Db implements AutoCloseable {

  interface Closer {
    void close() throws Exception;
  }

  private final Engine engine;
  private final int size;
  private final Connection connection;
  private final Closer closer;
  long loadMillis;
  /** Where the ids of rows that the write workloads insert into {@code account} start (above every loaded id). */
  static final long FIRST_INSERTED_ID = 1_000_000_000L;
  /** Next id for rows that the write workloads insert into {@code account} (never collides with loaded rows). */
  long nextAccountId;
  private boolean closed;
  /** Whether {@link Probes} ran on this database. */
  boolean probed;

  Db(Engine engine, int size, Connection connection, Closer closer) {
    this.engine = engine;
    this.size = size;
    this.connection = connection;
    this.closer = closer;
    this.nextAccountId = FIRST_INSERTED_ID;
  }

  void afterLoad() throws Exception {}

  public Engine engine() {
    return engine;
  }

  public int size() {
    return size;
  }

  public Connection connection() {
    return connection;
  }

  public long loadMillis() {
    return loadMillis;
  }

  @Override
  public void close() throws Exception {
    if (!closed) {
      closed = true;
      closer.close();
    }
  }

  @Override
  public String toString() {
    return engine + "@" + size;
  }
}
