package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.token.TokenException;
import java.sql.SQLException;

/** Maps token refusals to SQLStates at the JDBC boundary. */
final class TokenErrors {

  private TokenErrors() {}

  static SQLException toSql(TokenException e) {
    return switch (e.reason()) {
      case WRONG_PIN -> SqlState.INVALID_AUTHORIZATION.exception(
          "the token refused the PIN" + (e.remainingAttempts() >= 0
              ? " (" + e.remainingAttempts() + " attempts left before it locks)" : "")
          + "; check the tokenPin property or SECURE_JDBC_PIN", e);
      case LOCKED -> SqlState.INVALID_AUTHORIZATION.exception(
          "the token is locked after too many wrong PINs; a security officer must unlock it", e);
      case NOT_LOGGED_IN -> SqlState.INVALID_AUTHORIZATION.exception("the token is not logged in", e);
      case ABSENT -> SqlState.CONNECTION_FAILURE.exception(
          "the security token is absent (removed or closed); reconnect it and open a new connection", e);
      case INTEGRITY -> SqlState.DATA_CORRUPTED.exception(
          "a wrapped key failed authentication: the stored key material was altered or belongs to another token", e);
      case KEY_NOT_FOUND -> SqlState.INVALID_AUTHORIZATION.exception(
          "the token does not hold this database's master key: wrong token or wrong tenant", e);
      case UNSUPPORTED -> SqlState.FEATURE_NOT_SUPPORTED.exception(e.getMessage(), e);
      case IO -> SqlState.CONNECTION_FAILURE.exception("the token could not be read: " + e.getMessage(), e);
    };
  }
}
