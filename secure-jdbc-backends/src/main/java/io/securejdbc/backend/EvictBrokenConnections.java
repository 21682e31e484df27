package io.securejdbc.backend;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP to evict a pooled connection on every error its dialect calls a connection failure. HikariCP itself
 * evicts only on SQLState class 08 and a few vendor codes; H2's "connection broken" (90067) and I/O errors (90028)
 * are not among them, so without this a connection cut by the network went back to the pool and failed the next
 * statement that borrowed it.
 */
final class EvictBrokenConnections implements SQLExceptionOverride {

  private final Dialect dialect;

  EvictBrokenConnections(Dialect dialect) {
    this.dialect = dialect;
  }

  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    return dialect.isConnectionFailure(e) ? SQLExceptionOverride.Override.MUST_EVICT
        : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
