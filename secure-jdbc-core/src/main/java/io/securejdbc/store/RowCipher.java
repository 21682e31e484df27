package io.securejdbc.store;

import io.securejdbc.SqlState;
import io.securejdbc.catalog.ColumnInfo;
import io.securejdbc.catalog.TableInfo;
import io.securejdbc.crypto.Aead;
import io.securejdbc.index.SqlType;
import io.securejdbc.index.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.List;

/**
 * Encrypts whole rows for the data table. Stored form: {@code 0x01 | varint key generation | varint schema version
 * | AES-256-GCM(nonce | ciphertext | tag)}, with associated data {@code sj1/row/<table id>/<row id>/<generation>/<schema
 * version>}: a ciphertext copied to another row or table, or relabelled with another generation or schema version,
 * fails authentication. The plaintext lists (column id, value) pairs, so rows written before an ALTER TABLE decode.
 */
final class RowCipher {

  private static final int FORMAT = 1;
  /** Stored type tags are ordinal + 1; one shared copy (values() clones the array on every call). */
  private static final SqlType[] TYPES = SqlType.values();

  private RowCipher() {}

  static byte[] encrypt(TableInfo table, TableKeys keys, long rowId, Object[] values) throws SQLException {
    ValueCodec.Writer w = new ValueCodec.Writer();
    List<ColumnInfo> columns = table.columns();
    w.varLong(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo c = columns.get(i);
      w.varLong(c.id());
      if (values[i] == null) {
        w.raw(0);
      } else {
        w.raw(c.type().type().ordinal() + 1);
        ValueCodec.write(w, c.type().type(), values[i]);
      }
    }
    int generation = table.keyGeneration();
    byte[] plaintext = w.toByteArray();
    try {
      byte[] ct = keys.rowAead(generation).encrypt(plaintext, aad(table, rowId, generation, table.schemaVersion()));
      ValueCodec.Writer out = new ValueCodec.Writer();
      out.raw(FORMAT);
      out.varLong(generation);
      out.varLong(table.schemaVersion());
      byte[] header = out.toByteArray();
      byte[] stored = new byte[header.length + ct.length];
      System.arraycopy(header, 0, stored, 0, header.length);
      System.arraycopy(ct, 0, stored, header.length, ct.length);
      return stored;
    } catch (GeneralSecurityException e) {
      throw SqlState.INTERNAL_ERROR.exception("row encryption failed", e);
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
      w.wipe();
    }
  }

  /** The row's values in the table's current column order; throws XX001 if the ciphertext is not authentic. */
  static Object[] decrypt(TableInfo table, TableKeys keys, long rowId, byte[] stored) throws SQLException {
    byte[] plaintext = null;
    try {
      ValueCodec.Reader header = new ValueCodec.Reader(stored);
      if (header.raw() != FORMAT) {
        throw corrupted(table);
      }
      int generation = Math.toIntExact(header.varLong());
      int schemaVersion = Math.toIntExact(header.varLong());
      int headerLength = headerLength(generation, schemaVersion);
      Aead aead = keys.rowAead(generation);
      plaintext = aead.decrypt(stored, headerLength, stored.length - headerLength,
          aad(table, rowId, generation, schemaVersion));
      return decode(table, plaintext);
    } catch (GeneralSecurityException | IllegalArgumentException | ArithmeticException
        | IndexOutOfBoundsException e) {
      throw corrupted(table);
    } finally {
      if (plaintext != null) {
        java.util.Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /** The key generation a stored row was written with (for rotation). */
  static int generationOf(byte[] stored) {
    ValueCodec.Reader header = new ValueCodec.Reader(stored);
    header.raw();
    return Math.toIntExact(header.varLong());
  }

  private static Object[] decode(TableInfo table, byte[] plaintext) {
    ValueCodec.Reader r = new ValueCodec.Reader(plaintext);
    Object[] values = new Object[table.columns().size()];
    long n = r.varLong();
    for (long i = 0; i < n; i++) {
      int columnId = Math.toIntExact(r.varLong());
      int tag = r.raw();
      if (tag == 0) {
        continue;
      }
      // The stored type tag lets us skip values of columns dropped since the row was written.
      Object value = ValueCodec.read(r, TYPES[tag - 1]);
      int index = table.columnIndex(columnId);
      if (index >= 0) {
        values[index] = value;
      }
    }
    return values;
  }

  /**
   * The length of the canonical header (format byte and the two varints as the writer emits them). A header whose
   * varints are padded is not canonical: the ciphertext is then looked for at the wrong offset and fails
   * authentication, so no two stored forms decrypt to the same row.
   */
  private static int headerLength(int generation, int schemaVersion) {
    return 1 + varLongLength(generation) + varLongLength(schemaVersion);
  }

  private static int varLongLength(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static final byte[] AAD_PREFIX = "sj1/row/".getBytes(StandardCharsets.US_ASCII);

  /**
   * {@code sj1/row/<table id>/<row id>/<generation>/<schema version>} in ASCII, the decimal numbers written straight
   * into the array: this runs for every row read or written, and building it as a string took several
   * allocations and a charset encoding per row.
   */
  static byte[] aad(TableInfo table, long rowId, int generation, int schemaVersion) {
    String id = table.tableId();
    int length = AAD_PREFIX.length + id.length() + 3 + decimalLength(rowId) + decimalLength(generation)
        + decimalLength(schemaVersion);
    byte[] out = new byte[length];
    System.arraycopy(AAD_PREFIX, 0, out, 0, AAD_PREFIX.length);
    int p = AAD_PREFIX.length;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 0x80) {
        // Table ids are hex; anything else keeps the charset's exact encoding.
        return ("sj1/row/" + id + "/" + rowId + "/" + generation + "/" + schemaVersion)
            .getBytes(StandardCharsets.US_ASCII);
      }
      out[p++] = (byte) c;
    }
    out[p++] = '/';
    p = writeDecimal(out, p, rowId);
    out[p++] = '/';
    p = writeDecimal(out, p, generation);
    out[p++] = '/';
    writeDecimal(out, p, schemaVersion);
    return out;
  }

  private static int decimalLength(long v) {
    int n = v < 0 ? 2 : 1;
    // Counted on the negative side, where Long.MIN_VALUE has a magnitude.
    for (long x = v < 0 ? v : -v; x <= -10; x /= 10) {
      n++;
    }
    return n;
  }

  /** Writes {@code v} in decimal at {@code p}; returns the position after it. */
  private static int writeDecimal(byte[] out, int p, long v) {
    int end = p + decimalLength(v);
    int i = end;
    long x = v < 0 ? v : -v;
    do {
      out[--i] = (byte) ('0' - (x % 10));
      x /= 10;
    } while (x != 0);
    if (v < 0) {
      out[--i] = '-';
    }
    return end;
  }

  private static SQLException corrupted(TableInfo table) {
    return SqlState.DATA_CORRUPTED.exception("a row of table " + table.name()
        + " failed authentication: the data backend altered, swapped or replayed a ciphertext");
  }
}
