package io.securejdbc.index;

import java.util.Arrays;

/**
 * The one-column form of a posting, {@link EntryFormat#TAGGED_GCM_ONE_KEY}: key = keyword with each 0x00 byte
 * written as 0x00 0xFF, then the terminator 0x00 0x00, then the entry.
 *
 * <p>Why: a backend index over one value costs about a third less to write and commit than one over (keyword,
 * entry) (H2 compares multi-column keys value by value, and re-visits every entry at commit). The escaping keeps
 * the keys in (keyword, entry) order and makes encoded keywords prefix-free, so every key of a keyword lies in
 * [{@link #first}, {@link #after}) and a keyword range is one key range, whatever the keywords' lengths.
 */
public final class PostingKey {

  private PostingKey() {}

  public static byte[] of(byte[] keyword, byte[] entry) {
    byte[] key = escapedPrefix(keyword, 2 + entry.length);
    System.arraycopy(entry, 0, key, key.length - entry.length, entry.length);
    return key;
  }

  /** The smallest key of {@code keyword}: every key of it is at least this. */
  public static byte[] first(byte[] keyword) {
    return escapedPrefix(keyword, 2);
  }

  /** The smallest key above every key of {@code keyword} (and below every key of a greater keyword). */
  public static byte[] after(byte[] keyword) {
    byte[] key = escapedPrefix(keyword, 2);
    key[key.length - 1] = 1;
    return key;
  }

  /** The keyword and the entry of a key; throws IllegalArgumentException when the key is not in this form. */
  public static byte[][] split(byte[] key) {
    int end = terminator(key);
    return new byte[][] {unescape(key, end), Arrays.copyOfRange(key, end + 2, key.length)};
  }

  /** The keyword of a key; throws IllegalArgumentException when the key is not in this form. */
  public static byte[] keyword(byte[] key) {
    return unescape(key, terminator(key));
  }

  private static byte[] unescape(byte[] key, int end) {
    byte[] out = new byte[end - zeros(key, end)];
    for (int i = 0, o = 0; i < end; i++) {
      out[o++] = key[i];
      if (key[i] == 0) {
        i++;
      }
    }
    return out;
  }

  /** The entry of a key; throws IllegalArgumentException when the key is not in this form. */
  public static byte[] entry(byte[] key) {
    return Arrays.copyOfRange(key, terminator(key) + 2, key.length);
  }

  /** The key range [lower, upper) holding every key whose keyword is in {@code r}; a null side is unbounded. */
  public static byte[][] bounds(KeyRange r) {
    byte[] lower = r.lower() == null ? null : r.lowerInclusive() ? first(r.lower()) : after(r.lower());
    byte[] upper = r.upper() == null ? null : r.upperInclusive() ? after(r.upper()) : first(r.upper());
    return new byte[][] {lower, upper};
  }

  private static byte[] escapedPrefix(byte[] keyword, int extra) {
    byte[] key = new byte[keyword.length + zeros(keyword, keyword.length) + extra];
    int o = 0;
    for (byte b : keyword) {
      key[o++] = b;
      if (b == 0) {
        key[o++] = (byte) 0xFF;
      }
    }
    return key;
  }

  private static int zeros(byte[] bytes, int end) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      n += bytes[i] == 0 ? 1 : 0;
    }
    return n;
  }

  /** Position of the 0x00 0x00 terminator. */
  private static int terminator(byte[] key) {
    for (int i = 0; i + 1 < key.length; i++) {
      if (key[i] == 0) {
        if (key[i + 1] == 0) {
          return i;
        }
        if (key[i + 1] != (byte) 0xFF) {
          break;
        }
        i++;
      }
    }
    throw new IllegalArgumentException("not a posting key");
  }
}
