package io.securejdbc.index;

/**
 * How a posting entry encodes its row id. Recorded per indexed column in the catalog, because a column's index table
 * holds entries of one format only; columns indexed before a format existed keep theirs until their index is
 * rebuilt.
 */
public enum EntryFormat {

  /**
   * AES-256-GCM-SIV (deterministic) of the row id: 24 bytes. The driver deletes an entry by recomputing it. Its
   * decryption runs in Bouncy Castle's Java AES (about 0.8 µs per entry), the largest cost of reading a posting list.
   */
  SIV(1),

  /**
   * A deletion tag, HMAC-SHA256(row id, keyword) truncated to 16 bytes, followed by the JDK's AES-256-GCM (random
   * nonce, hardware AES) of the row id with the keyword and the tag as associated data: 52 bytes. The driver deletes
   * an entry by its tag (a prefix range on the {@code (kw, entry)} index), readers decrypt without computing the tag
   * (about 0.3 µs per entry).
   */
  TAGGED_GCM(2),

  /**
   * {@link #TAGGED_GCM} entries stored with their keyword in one column, {@code (k)} with a plain index on k
   * ({@link PostingKey}), instead of {@code (kw, entry)} under a two-column index: the same cryptography, a cheaper
   * index for the backend to write, commit and search.
   */
  TAGGED_GCM_ONE_KEY(3);

  /** The format of new index tables. */
  public static final EntryFormat CURRENT = TAGGED_GCM_ONE_KEY;

  /** True when the index table holds one key column (see {@link PostingKey}) rather than (kw, entry). */
  public boolean oneKey() {
    return this == TAGGED_GCM_ONE_KEY;
  }

  private final int code;

  EntryFormat(int code) {
    this.code = code;
  }

  /** The stable number stored in the catalog. */
  public int code() {
    return code;
  }

  public static EntryFormat ofCode(int code) {
    for (EntryFormat f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown posting entry format " + code);
  }
}
