package io.securejdbc.token;

/**
 * A token refused or failed an operation. Messages never contain PINs or key material. The {@link Reason} lets the
 * driver pick the SQLState (28000 for login problems, 08xxx for an absent token, XX001 for integrity failures).
 */
public class TokenException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the token refused. */
  public enum Reason {
    WRONG_PIN,
    LOCKED,
    NOT_LOGGED_IN,
    ABSENT,
    KEY_NOT_FOUND,
    INTEGRITY,
    UNSUPPORTED,
    IO
  }

  private final Reason reason;
  private final int remainingAttempts;

  public TokenException(Reason reason, String message) {
    this(reason, message, -1, null);
  }

  public TokenException(Reason reason, String message, Throwable cause) {
    this(reason, message, -1, cause);
  }

  public TokenException(Reason reason, String message, int remainingAttempts, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.remainingAttempts = remainingAttempts;
  }

  public Reason reason() {
    return reason;
  }

  /** Remaining PIN attempts before lockout, or -1 when unknown or not applicable. */
  public int remainingAttempts() {
    return remainingAttempts;
  }
}
