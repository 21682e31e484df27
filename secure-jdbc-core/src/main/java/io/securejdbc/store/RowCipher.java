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

  private static int headerLength(int generation, int schemaVersion) {
    ValueCodec.Writer w = new ValueCodec.Writer();
    w.raw(FORMAT);
    w.varLong(generation);
    w.varLong(schemaVersion);
    return w.toByteArray().length;
  }

  private static byte[] aad(TableInfo table, long rowId, int generation, int schemaVersion) {
    return ("sj1/row/" + table.tableId() + "/" + rowId + "/" + generation + "/" + schemaVersion)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static SQLException corrupted(TableInfo table) {
    return SqlState.DATA_CORRUPTED.exception("a row of table " + table.name()
        + " failed authentication: the data backend altered, swapped or replayed a ciphertext");
  }
}
