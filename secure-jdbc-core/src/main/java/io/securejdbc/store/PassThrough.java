package io.securejdbc.store;

import java.sql.SQLException;

/**
 * Carries an exception the driver made itself (an integrity failure found while reading a backend result) through
 * the code that wraps backend errors, so it reaches the caller unchanged.
 */
final class PassThrough extends SQLException {

  private static final long serialVersionUID = 1L;
  private final SQLException original;

  PassThrough(SQLException original) {
    this.original = original;
  }

  SQLException original() {
    return original;
  }
}
