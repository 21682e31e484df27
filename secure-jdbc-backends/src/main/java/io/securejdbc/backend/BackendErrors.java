package io.securejdbc.backend;

import java.sql.SQLException;

/** Describes backend errors without echoing anything the backend might have put in them (URLs, values). */
public final class BackendErrors {

  private BackendErrors() {}

  /** SQLState and vendor code only: backend messages can carry URLs, user names or data values. */
  public static String describe(SQLException e) {
    return "SQLState " + (e.getSQLState() == null ? "unknown" : e.getSQLState()) + ", vendor code " + e.getErrorCode();
  }
}
