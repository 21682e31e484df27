package io.securejdbc.token.soft;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;

/**
 * One version of the software token's key store, as read from or written to its file (format version 1, described
 * byte by byte in {@code docs/token.md}). Immutable: every change gives a new image.
 *
 * <h2>Security guarantees</h2>
 * The bound header (magic, version, KDF parameters, salt, retry limit) is associated data of every encrypted part, so
 * a changed parameter makes the PIN check fail. Each master key is AES-256-GCM-encrypted under the PIN-derived KEK
 * with its alias in the associated data; the key table tag authenticates the set of entries, so removing, duplicating
 * or swapping entries is detected. The trailing SHA-256 only tells accidental corruption apart from a wrong PIN.
 *
 * <h2>Warning</h2>
 * The retry counter is deliberately outside every authenticated part: it changes before the PIN is known, so nothing
 * could authenticate it. Whoever can write the file can reset it or roll the whole file back.
 */
final class KeyStoreImage {

  static final byte[] MAGIC = "SJDBC-KS".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int KDF_ARGON2ID = 1;
  static final int SALT_LENGTH = 16;
  static final int BOUND_HEADER_LENGTH = 38;
  static final int MASTER_KEY_LENGTH = 32;
  static final int SEALED_KEY_LENGTH = AesGcm.OVERHEAD + MASTER_KEY_LENGTH;
  static final int MAX_ATTEMPTS_LIMIT = 1000;
  static final int MAX_KEYS = 10_000;
  static final int MAX_ALIAS_BYTES = 255;
  private static final int CHECKSUM_LENGTH = 32;
  private static final byte[] PIN_CHECK = ascii("pin-check");
  private static final byte[] MASTER_KEY = ascii("master-key");
  private static final byte[] KEY_TABLE = ascii("key-table");

  /** A master key entry: its alias and {@code nonce || AES-GCM(KEK, key) || tag}. */
  record Entry(String alias, byte[] sealed) {}

  final KdfParams kdf;
  final byte[] salt;
  final int maxAttempts;
  final int failedAttempts;
  private final byte[] pinCheck;
  private final List<Entry> entries;
  private final byte[] tableTag;

  private KeyStoreImage(KdfParams kdf, byte[] salt, int maxAttempts, int failedAttempts, byte[] pinCheck,
      List<Entry> entries, byte[] tableTag) {
    this.kdf = kdf;
    this.salt = salt;
    this.maxAttempts = maxAttempts;
    this.failedAttempts = failedAttempts;
    this.pinCheck = pinCheck;
    this.entries = List.copyOf(entries);
    this.tableTag = tableTag;
  }

  /** A new, empty store whose PIN is the one {@code kek} was derived from. */
  static KeyStoreImage create(KdfParams kdf, byte[] salt, int maxAttempts, byte[] kek) {
    byte[] bound = boundHeader(kdf, salt, maxAttempts);
    return new KeyStoreImage(kdf, salt.clone(), maxAttempts, 0, AesGcm.seal(kek, new byte[0], concat(bound, PIN_CHECK)),
        List.of(), AesGcm.seal(kek, new byte[0], tableAad(bound, List.of())));
  }

  KeyStoreImage withFailedAttempts(int n) {
    return new KeyStoreImage(kdf, salt, maxAttempts, Math.min(n, 0xFFFF), pinCheck, entries, tableTag);
  }

  /** True when {@code kek} came from the right PIN (and the bound header is intact). */
  boolean pinMatches(byte[] kek) {
    try {
      AesGcm.open(kek, pinCheck, concat(boundHeader(), PIN_CHECK));
      return true;
    } catch (AEADBadTagException e) {
      return false;
    }
  }

  /** True when both images belong to the same store (same bound header, hence same salt and KEK). */
  boolean sameStoreAs(KeyStoreImage other) {
    return Arrays.equals(boundHeader(), other.boundHeader());
  }

  boolean holds(String alias) {
    return entries.stream().anyMatch(e -> e.alias().equals(alias));
  }

  List<Entry> entries() {
    return entries;
  }

  /** Authenticates the key table and decrypts every master key; the caller zeroes the returned arrays. */
  Map<String, byte[]> openKeys(byte[] kek) throws TokenException {
    byte[] bound = boundHeader();
    try {
      AesGcm.open(kek, tableTag, tableAad(bound, entries));
    } catch (AEADBadTagException e) {
      throw new TokenException(Reason.INTEGRITY,
          "the key store's key table failed authentication (entries added, removed or altered)");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (Entry e : entries) {
      try {
        keys.put(e.alias(), AesGcm.open(kek, e.sealed(), entryAad(bound, e.alias())));
      } catch (AEADBadTagException ex) {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        throw new TokenException(Reason.INTEGRITY, "master key '" + e.alias() + "' failed authentication");
      }
    }
    return keys;
  }

  KeyStoreImage withKeyAdded(String alias, byte[] masterKey, byte[] kek) {
    byte[] bound = boundHeader();
    List<Entry> next = new ArrayList<>(entries);
    next.add(new Entry(alias, AesGcm.seal(kek, masterKey, entryAad(bound, alias))));
    return withEntries(next, kek);
  }

  KeyStoreImage withKeyRemoved(String alias, byte[] kek) {
    List<Entry> next = new ArrayList<>(entries);
    next.removeIf(e -> e.alias().equals(alias));
    return withEntries(next, kek);
  }

  private KeyStoreImage withEntries(List<Entry> next, byte[] kek) {
    byte[] tag = AesGcm.seal(kek, new byte[0], tableAad(boundHeader(), next));
    return new KeyStoreImage(kdf, salt, maxAttempts, failedAttempts, pinCheck, next, tag);
  }

  byte[] boundHeader() {
    return boundHeader(kdf, salt, maxAttempts);
  }

  private static byte[] boundHeader(KdfParams kdf, byte[] salt, int maxAttempts) {
    ByteBuffer b = ByteBuffer.allocate(BOUND_HEADER_LENGTH);
    b.put(MAGIC).putShort((short) VERSION).put((byte) KDF_ARGON2ID).put((byte) kdf.parallelism())
        .putInt(kdf.memoryKiB()).putInt(kdf.iterations()).put(salt).putShort((short) maxAttempts);
    return b.array();
  }

  static byte[] entryAad(byte[] bound, String alias) {
    byte[] a = alias.getBytes(StandardCharsets.UTF_8);
    return concat(bound, MASTER_KEY, new byte[] {(byte) (a.length >>> 8), (byte) a.length}, a);
  }

  private static byte[] tableAad(byte[] bound, List<Entry> entries) {
    return concat(bound, KEY_TABLE, table(entries));
  }

  private static byte[] table(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeU16(out, entries.size());
    for (Entry e : entries) {
      byte[] a = e.alias().getBytes(StandardCharsets.UTF_8);
      writeU16(out, a.length);
      out.writeBytes(a);
      out.writeBytes(e.sealed());
    }
    return out.toByteArray();
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(boundHeader());
    writeU16(out, failedAttempts);
    out.writeBytes(pinCheck);
    out.writeBytes(table(entries));
    out.writeBytes(tableTag);
    out.writeBytes(sha256(out.toByteArray()));
    return out.toByteArray();
  }

  static KeyStoreImage decode(byte[] file) throws TokenException {
    int minimum = BOUND_HEADER_LENGTH + 2 + AesGcm.OVERHEAD + 2 + AesGcm.OVERHEAD + CHECKSUM_LENGTH;
    if (file.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
      throw malformed("not a secure-jdbc key store (bad magic)");
    }
    if (file.length < minimum) {
      throw malformed("the key store is truncated");
    }
    int body = file.length - CHECKSUM_LENGTH;
    if (!MessageDigest.isEqual(sha256(Arrays.copyOf(file, body)), Arrays.copyOfRange(file, body, file.length))) {
      throw malformed("the key store is corrupted (checksum mismatch)");
    }
    ByteBuffer in = ByteBuffer.wrap(file, 0, body);
    in.position(MAGIC.length);
    int version = in.getShort() & 0xFFFF;
    int kdfId = in.get() & 0xFF;
    if (version != VERSION || kdfId != KDF_ARGON2ID) {
      throw new TokenException(Reason.UNSUPPORTED,
          "unsupported key store format (version " + version + ", KDF " + kdfId + ")");
    }
    int parallelism = in.get() & 0xFF;
    int memory = in.getInt();
    int iterations = in.getInt();
    KdfParams kdf;
    try {
      kdf = KdfParams.checked(memory, iterations, parallelism);
    } catch (TokenException e) {
      throw malformed("the key store header has out-of-range KDF parameters");
    }
    byte[] salt = new byte[SALT_LENGTH];
    in.get(salt);
    int maxAttempts = in.getShort() & 0xFFFF;
    int failed = in.getShort() & 0xFFFF;
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw malformed("the key store header has an out-of-range retry limit");
    }
    byte[] pinCheck = take(in, AesGcm.OVERHEAD);
    int n = in.getShort() & 0xFFFF;
    if (n > MAX_KEYS) {
      throw malformed("the key store holds too many keys");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int len = need(in, 2).getShort() & 0xFFFF;
      if (len < 1 || len > MAX_ALIAS_BYTES) {
        throw malformed("the key store has a malformed alias");
      }
      String alias = new String(take(in, len), StandardCharsets.UTF_8);
      if (!seen.add(alias)) {
        throw malformed("the key store lists an alias twice");
      }
      entries.add(new Entry(alias, take(in, SEALED_KEY_LENGTH)));
    }
    byte[] tableTag = take(in, AesGcm.OVERHEAD);
    if (in.hasRemaining()) {
      throw malformed("the key store has trailing bytes");
    }
    return new KeyStoreImage(kdf, salt, maxAttempts, failed, pinCheck, entries, tableTag);
  }

  private static ByteBuffer need(ByteBuffer in, int n) throws TokenException {
    if (in.remaining() < n) {
      throw malformed("the key store is truncated");
    }
    return in;
  }

  private static byte[] take(ByteBuffer in, int n) throws TokenException {
    byte[] b = new byte[n];
    need(in, n).get(b);
    return b;
  }

  private static TokenException malformed(String message) {
    return new TokenException(Reason.INTEGRITY, message);
  }

  private static void writeU16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
