package io.securejdbc.token;

/** The life cycle of a token as the driver sees it. */
public enum TokenState {
  /** Present, not logged in: keys cannot be used. */
  LOGGED_OUT,
  /** Logged in with the right PIN: keys can be used. */
  READY,
  /** Too many wrong PINs: refuses every login until an officer resets it. */
  LOCKED,
  /** Removed (unplugged, closed): nothing works. */
  ABSENT
}
