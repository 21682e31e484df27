package io.securejdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * Every SQLState the driver raises, with the {@link SQLException} subclass that JDBC assigns to its class. Messages
 * passed in must never contain plaintext values, bound parameters, keys or PINs.
 */
public enum SqlState {
  // 08: connection and backend/token availability
  UNABLE_TO_CONNECT("08001"),
  CONNECTION_DOES_NOT_EXIST("08003"),
  CONNECTION_FAILURE("08006"),
  TRANSACTION_RESOLUTION_UNKNOWN("08007"),
  BACKEND_UNAVAILABLE("08S01"),
  // 0A: unsupported constructs
  FEATURE_NOT_SUPPORTED("0A000"),
  // 22: data exceptions
  DATA_EXCEPTION("22000"),
  STRING_TOO_LONG("22001"),
  NUMERIC_OUT_OF_RANGE("22003"),
  INVALID_DATETIME_FORMAT("22007"),
  DIVISION_BY_ZERO("22012"),
  INVALID_CHARACTER_VALUE_FOR_CAST("22018"),
  INVALID_PARAMETER_VALUE("22023"),
  SEQUENCE_LIMIT_EXCEEDED("2200H"),
  // 23: integrity constraints
  INTEGRITY_CONSTRAINT_VIOLATION("23000"),
  NOT_NULL_VIOLATION("23502"),
  FOREIGN_KEY_VIOLATION("23503"),
  UNIQUE_VIOLATION("23505"),
  CHECK_VIOLATION("23513"),
  // 25, 28, 40: transactions and authorization
  INVALID_TRANSACTION_STATE("25000"),
  INVALID_AUTHORIZATION("28000"),
  TRANSACTION_ROLLBACK("40000"),
  SERIALIZATION_FAILURE("40001"),
  DEADLOCK_DETECTED("40P01"),
  // 42: syntax and catalog
  SYNTAX_ERROR("42000"),
  INSUFFICIENT_PRIVILEGE("42501"),
  DUPLICATE_TABLE("42S01"),
  UNDEFINED_TABLE("42S02"),
  DEPENDENT_OBJECTS_STILL_EXIST("2BP01"),
  DUPLICATE_OBJECT("42S11"),
  UNDEFINED_OBJECT("42S12"),
  DUPLICATE_COLUMN("42S21"),
  UNDEFINED_COLUMN("42S22"),
  // 57: operator intervention
  QUERY_CANCELED("57014"),
  // HY: driver/API misuse
  GENERAL_ERROR("HY000"),
  INVALID_CURSOR_STATE("24000"),
  // XX: integrity of stored data (a ciphertext failed authentication) and internal errors
  DATA_CORRUPTED("XX001"),
  INTERNAL_ERROR("XX000");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The exception of the JDBC class for this state. */
  public SQLException exception(String message) {
    return exception(message, null);
  }

  public SQLException exception(String message, Throwable cause) {
    SQLException e = switch (code.substring(0, 2)) {
      case "08" -> code.equals("08S01")
          ? new SQLTransientConnectionException(message, code) : new SQLNonTransientConnectionException(message, code);
      case "0A" -> new SQLFeatureNotSupportedException(message, code);
      case "22" -> new SQLDataException(message, code);
      case "23" -> new SQLIntegrityConstraintViolationException(message, code);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, code);
      case "40" -> new SQLTransactionRollbackException(message, code);
      case "42" -> new SQLSyntaxErrorException(message, code);
      case "57" -> new SQLTimeoutException(message, code);
      default -> new SQLException(message, code);
    };
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** {@code 0A000} naming the construct. */
  public static SQLFeatureNotSupportedException notSupported(String construct) {
    return (SQLFeatureNotSupportedException) FEATURE_NOT_SUPPORTED.exception(
        construct + " is not supported by secure-jdbc");
  }
}
