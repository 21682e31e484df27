package io.securejdbc.index;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.Prf;
import java.util.List;

/**
 * Uniqueness tags: a keyed PRF over the full (untruncated) encodings of a unique key's columns. The data backend
 * stores the tag beside the row under a UNIQUE constraint, so the backend enforces uniqueness atomically with the
 * row write and race-free, while learning nothing about the values (a tag of a unique value is unique anyway).
 * A key with a NULL component has no tag (SQL: NULLs never conflict).
 */
public final class UniqueTags {

  public static final int TAG_LENGTH = 16;
  private final Prf prf;

  public UniqueTags(DataKey tableKey, int slot) {
    DataKey k = tableKey.derive("unique/" + slot);
    this.prf = k.prf();
    k.destroy();
  }

  /** The tag, or null when a component is NULL. */
  public byte[] tag(List<SqlType> types, List<Object> values) {
    // The PRF's input is the key's plaintext: every copy is zeroed once the tag is computed.
    ValueCodec.Writer w = new ValueCodec.Writer();
    try {
      for (int i = 0; i < types.size(); i++) {
        Object v = values.get(i);
        if (v == null) {
          return null;
        }
        byte[] keyword = Keywords.full(types.get(i), v);
        w.bytes(keyword);
        java.util.Arrays.fill(keyword, (byte) 0);
      }
      byte[] input = w.toByteArray();
      try {
        return prf.compute(input, TAG_LENGTH);
      } finally {
        java.util.Arrays.fill(input, (byte) 0);
      }
    } finally {
      w.wipe();
    }
  }
}
