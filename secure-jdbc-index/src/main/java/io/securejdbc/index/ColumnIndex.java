package io.securejdbc.index;

import io.securejdbc.crypto.Aead;
import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.DeterministicAead;
import io.securejdbc.crypto.Prf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * The keyword index of one column: how a value becomes a stored keyword and how a row id becomes a posting entry.
 *
 * <p>An index table holds rows {@code (keyword, entry)}; the posting list of a keyword is the set of its entries. An
 * entry encrypts the 8-byte row id under a key derived for this column, bound to the keyword through the associated
 * data ({@link EntryFormat} gives the two encodings). So:
 * <ul>
 *   <li>the index provider sees no row id, and cannot link entries of two columns (different keys);</li>
 *   <li>an entry moved to another keyword, column or table fails authentication;</li>
 *   <li>the driver can find the entries of (keyword, row id) to delete them without reading the list
 *       ({@link #deletionRange}): the deterministic part of an entry occurs once per (keyword, row) and column, so it
 *       reveals nothing beyond what the rows themselves do.</li>
 * </ul>
 */
public final class ColumnIndex {

  /** Length of a {@link EntryFormat#SIV} entry. */
  public static final int SIV_ENTRY_LENGTH = 8 + 16;
  /** Length of a {@link EntryFormat#TAGGED_GCM} entry: tag, nonce, row id, GCM tag. */
  public static final int TAGGED_ENTRY_LENGTH = 16 + 12 + 8 + 16;
  private static final int DELETION_TAG_LENGTH = 16;
  private static final int PROTECTED_KEYWORD_LENGTH = 16;

  /** The entries a deletion of (keyword, row id) removes: those between {@code from} and {@code to}, inclusive. */
  public record EntryRange(byte[] from, byte[] to) {}

  private final String tableId;
  private final int columnId;
  private final ColumnType type;
  private final KeywordMode mode;
  private final EntryFormat format;
  /** SIV entries (null in the other format). */
  private final DeterministicAead sivEntries;
  /** TAGGED_GCM entries: the row id's encryption and the deletion tag (null in the other format). */
  private final Aead gcmEntries;
  private final Prf deletionTags;
  private final Prf keywordPrf;
  /** The fixed start of every entry's associated data (built once: it is on the path of every posting entry). */
  private final byte[] aadPrefix;

  /** Derives this column's keys from the table's data key; the caller keeps ownership of {@code tableKey}. */
  public ColumnIndex(String tableId, int columnId, ColumnType type, KeywordMode mode, EntryFormat format,
      DataKey tableKey) {
    this.tableId = tableId;
    this.columnId = columnId;
    this.type = type;
    this.mode = mode;
    this.format = format;
    String version = format == EntryFormat.SIV ? "sj1" : "sj2";
    this.aadPrefix = (version + "/posting/" + tableId + "/" + columnId + "/").getBytes(StandardCharsets.US_ASCII);
    if (format == EntryFormat.SIV) {
      DataKey entryKey = tableKey.derive("posting/" + columnId);
      this.sivEntries = entryKey.deterministicAead();
      entryKey.destroy();
      this.gcmEntries = null;
      this.deletionTags = null;
    } else {
      DataKey entryKey = tableKey.derive("posting-gcm/" + columnId);
      DataKey tagKey = tableKey.derive("posting-tag/" + columnId);
      this.gcmEntries = entryKey.aead();
      this.deletionTags = tagKey.prf();
      entryKey.destroy();
      tagKey.destroy();
      this.sivEntries = null;
    }
    if (mode == KeywordMode.PROTECTED) {
      DataKey keywordKey = tableKey.derive("keyword/" + columnId);
      this.keywordPrf = keywordKey.prf();
      keywordKey.destroy();
    } else {
      this.keywordPrf = null;
    }
  }

  public EntryFormat format() {
    return format;
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

  /** A new entry for (keyword, row id); in the TAGGED_GCM format each call gives a different one. */
  public byte[] entry(byte[] keyword, long rowId) {
    byte[] id = ByteBuffer.allocate(8).putLong(rowId).array();
    try {
      if (format == EntryFormat.SIV) {
        return sivEntries.encryptDeterministically(id, aad(keyword, null));
      }
      byte[] tag = deletionTag(keyword, id);
      byte[] sealed = gcmEntries.encrypt(id, aad(keyword, tag));
      byte[] entry = Arrays.copyOf(tag, DELETION_TAG_LENGTH + sealed.length);
      System.arraycopy(sealed, 0, entry, DELETION_TAG_LENGTH, sealed.length);
      return entry;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("posting entry encryption failed", e);
    }
  }

  /**
   * The stored entries of (keyword, row id), whatever copies exist: for SIV the one deterministic entry, for
   * TAGGED_GCM every entry starting with the pair's deletion tag (all entries have the same length).
   */
  public EntryRange deletionRange(byte[] keyword, long rowId) {
    if (format == EntryFormat.SIV) {
      byte[] entry = entry(keyword, rowId);
      return new EntryRange(entry, entry);
    }
    byte[] tag = deletionTag(keyword, ByteBuffer.allocate(8).putLong(rowId).array());
    byte[] from = Arrays.copyOf(tag, TAGGED_ENTRY_LENGTH);
    byte[] to = Arrays.copyOf(tag, TAGGED_ENTRY_LENGTH);
    Arrays.fill(to, DELETION_TAG_LENGTH, TAGGED_ENTRY_LENGTH, (byte) 0xFF);
    return new EntryRange(from, to);
  }

  /** The row id in an entry; throws when the entry was altered or does not belong to this keyword and column. */
  public long rowId(byte[] keyword, byte[] entry) throws GeneralSecurityException {
    byte[] plain;
    if (format == EntryFormat.SIV) {
      plain = sivEntries.decryptDeterministically(entry, aad(keyword, null));
    } else {
      if (entry.length != TAGGED_ENTRY_LENGTH) {
        throw new AEADBadTagException("posting entry has the wrong length");
      }
      byte[] tag = Arrays.copyOf(entry, DELETION_TAG_LENGTH);
      plain = gcmEntries.decrypt(entry, DELETION_TAG_LENGTH, entry.length - DELETION_TAG_LENGTH, aad(keyword, tag));
    }
    if (plain.length != 8) {
      throw new AEADBadTagException("posting entry has the wrong length");
    }
    return ByteBuffer.wrap(plain).getLong();
  }

  /** Row id first: it has a fixed length, so (row id, keyword) pairs encode unambiguously. */
  private byte[] deletionTag(byte[] keyword, byte[] id) {
    byte[] input = Arrays.copyOf(id, 8 + keyword.length);
    System.arraycopy(keyword, 0, input, 8, keyword.length);
    return deletionTags.compute(input, DELETION_TAG_LENGTH);
  }

  /**
   * The keyword, and for TAGGED_GCM the deletion tag, so that a tag moved onto another entry fails authentication
   * (else an insider could make the deletion of one row remove another row's entry).
   */
  private byte[] aad(byte[] keyword, byte[] tag) {
    int tagLength = tag == null ? 0 : tag.length;
    byte[] aad = new byte[aadPrefix.length + keyword.length + tagLength];
    System.arraycopy(aadPrefix, 0, aad, 0, aadPrefix.length);
    System.arraycopy(keyword, 0, aad, aadPrefix.length, keyword.length);
    if (tag != null) {
      System.arraycopy(tag, 0, aad, aadPrefix.length + keyword.length, tagLength);
    }
    return aad;
  }
}
