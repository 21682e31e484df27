package io.securejdbc.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** A batch failure: the counts of the statements that ran, the failing statement's SQLState and message. */
final class BatchErrors {

  private BatchErrors() {}

  static BatchUpdateException of(SQLException cause, long[] done) {
    BatchUpdateException e = new BatchUpdateException(cause.getMessage(), cause.getSQLState(),
        cause.getErrorCode(), done, cause);
    return e;
  }
}
