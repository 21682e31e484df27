package io.securejdbc.index;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.DeterministicAead;
import io.securejdbc.crypto.Prf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The keyword index of one column: how a value becomes a stored keyword and how a row id becomes a posting entry.
 *
 * <p>An index table holds rows {@code (keyword, entry)}; the posting list of a keyword is the set of its entries. An
 * entry is the deterministic AEAD (AES-GCM-SIV) of the 8-byte row id under a key derived for this column, with
 * associated data {@code sj1/posting/<table id>/<column id>/<keyword>}. So:
 * <ul>
 *   <li>the index provider sees no row id, and cannot link entries of two columns (different keys);</li>
 *   <li>an entry moved to another keyword, column or table fails authentication;</li>
 *   <li>the driver can recompute the entry of (keyword, row id) to delete it, without reading the list: each pair
 *       occurs once per column, so determinism reveals nothing beyond what the rows themselves do.</li>
 * </ul>
 */
public final class ColumnIndex {

  public static final int ENTRY_LENGTH = 8 + 16;
  private static final int PROTECTED_KEYWORD_LENGTH = 16;

  private final String tableId;
  private final int columnId;
  private final ColumnType type;
  private final KeywordMode mode;
  private final DeterministicAead entries;
  private final Prf keywordPrf;
  /** The fixed start of every entry's associated data (built once: it is on the path of every posting entry). */
  private final byte[] aadPrefix;

  /** Derives this column's keys from the table's data key; the caller keeps ownership of {@code tableKey}. */
  public ColumnIndex(String tableId, int columnId, ColumnType type, KeywordMode mode, DataKey tableKey) {
    this.tableId = tableId;
    this.columnId = columnId;
    this.type = type;
    this.mode = mode;
    this.aadPrefix = ("sj1/posting/" + tableId + "/" + columnId + "/").getBytes(StandardCharsets.US_ASCII);
    DataKey entryKey = tableKey.derive("posting/" + columnId);
    this.entries = entryKey.deterministicAead();
    entryKey.destroy();
    if (mode == KeywordMode.PROTECTED) {
      DataKey keywordKey = tableKey.derive("keyword/" + columnId);
      this.keywordPrf = keywordKey.prf();
      keywordKey.destroy();
    } else {
      this.keywordPrf = null;
    }
  }

  public KeywordMode mode() {
    return mode;
  }

  public ColumnType type() {
    return type;
  }

  public boolean isIndexed() {
    return mode != KeywordMode.NONE && type.type().lookup() != SqlType.Lookup.NONE;
  }

  /** The keyword stored for {@code value} (which may be null). */
  public byte[] keyword(Object value) {
    byte[] plain = Keywords.plain(type.type(), value);
    return mode == KeywordMode.PROTECTED ? keywordPrf.compute(plain, PROTECTED_KEYWORD_LENGTH) : plain;
  }

  /**
   * The stored-keyword range for a range of plain keywords, or empty when this column's keywords cannot answer it
   * (protected keywords answer only exact lookups).
   */
  public Optional<KeyRange> stored(KeyRange plainRange) {
    if (!isIndexed()) {
      return Optional.empty();
    }
    if (mode == KeywordMode.PLAIN) {
      return Optional.of(plainRange);
    }
    return plainRange.isExact()
        ? Optional.of(KeyRange.exact(keywordPrf.compute(plainRange.lower(), PROTECTED_KEYWORD_LENGTH)))
        : Optional.empty();
  }

  public byte[] entry(byte[] keyword, long rowId) {
    try {
      return entries.encryptDeterministically(ByteBuffer.allocate(8).putLong(rowId).array(), aad(keyword));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("posting entry encryption failed", e);
    }
  }

  /** The row id in an entry; throws when the entry was altered or does not belong to this keyword and column. */
  public long rowId(byte[] keyword, byte[] entry) throws GeneralSecurityException {
    byte[] plain = entries.decryptDeterministically(entry, aad(keyword));
    if (plain.length != 8) {
      throw new javax.crypto.AEADBadTagException("posting entry has the wrong length");
    }
    return ByteBuffer.wrap(plain).getLong();
  }

  private byte[] aad(byte[] keyword) {
    byte[] aad = new byte[aadPrefix.length + keyword.length];
    System.arraycopy(aadPrefix, 0, aad, 0, aadPrefix.length);
    System.arraycopy(keyword, 0, aad, aadPrefix.length, keyword.length);
    return aad;
  }
}
