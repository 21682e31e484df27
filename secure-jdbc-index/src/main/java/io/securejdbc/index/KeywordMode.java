package io.securejdbc.index;

/** How a column's index stores its keywords. */
public enum KeywordMode {
  /**
   * The keyword is an order-preserving encoding of the value, readable by the index provider: it answers equality,
   * range and prefix lookups, and learns the column's values (not which rows hold them). MimoSecco's default.
   */
  PLAIN,
  /**
   * The keyword is a keyed PRF (HMAC-SHA256) of the value: the index provider answers equality lookups only and
   * learns only which rows share a value (their count), not the value.
   */
  PROTECTED,
  /** The column has no index: predicates on it are answered by decrypting rows. */
  NONE
}
