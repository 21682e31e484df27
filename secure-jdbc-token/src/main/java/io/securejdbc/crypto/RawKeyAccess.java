package io.securejdbc.crypto;

/**
 * The capability to see raw key bytes. Only token implementations, which must wrap data keys, ask for it; the call
 * {@link #forTokenImplementations()} is deliberately greppable so that every use can be reviewed.
 */
public final class RawKeyAccess {

  private static final RawKeyAccess INSTANCE = new RawKeyAccess();

  private RawKeyAccess() {}

  public static RawKeyAccess forTokenImplementations() {
    return INSTANCE;
  }
}
