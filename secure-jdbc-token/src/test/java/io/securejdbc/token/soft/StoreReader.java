package io.securejdbc.token.soft;

import io.securejdbc.token.WrappedKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An independent reader of the key store format as docs/token.md describes it, written without the production
 * classes: if the documentation and the code drift apart, the tests using it fail. It plays the offline attacker who
 * has the file and the PIN.
 */
final class StoreReader {

  static final int OFFSET_MEMORY = 12;
  static final int OFFSET_SALT = 20;
  static final int OFFSET_MAX_ATTEMPTS = 36;
  static final int OFFSET_FAILED = 38;
  static final int OFFSET_COUNT = 68;
  static final int CHECKSUM = 32;

  record Entry(String alias, int offset, byte[] sealed) {}

  record Parsed(byte[] bound, int version, int kdfId, int parallelism, int memoryKiB, int iterations, byte[] salt,
      int maxAttempts, int failedAttempts, byte[] pinCheck, List<Entry> entries, byte[] tableTag, byte[] table) {}

  private StoreReader() {}

  static Parsed parse(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file);
    byte[] magic = new byte[8];
    in.get(magic);
    if (!Arrays.equals(magic, "SJDBC-KS".getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("bad magic");
    }
    int version = in.getShort() & 0xFFFF;
    int kdfId = in.get() & 0xFF;
    int parallelism = in.get() & 0xFF;
    int memory = in.getInt();
    int iterations = in.getInt();
    byte[] salt = new byte[16];
    in.get(salt);
    int max = in.getShort() & 0xFFFF;
    int failed = in.getShort() & 0xFFFF;
    byte[] pinCheck = new byte[28];
    in.get(pinCheck);
    int tableStart = in.position();
    int n = in.getShort() & 0xFFFF;
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int offset = in.position();
      byte[] alias = new byte[in.getShort() & 0xFFFF];
      in.get(alias);
      byte[] sealed = new byte[60];
      in.get(sealed);
      entries.add(new Entry(new String(alias, StandardCharsets.UTF_8), offset, sealed));
    }
    byte[] table = Arrays.copyOfRange(file, tableStart, in.position());
    byte[] tableTag = new byte[28];
    in.get(tableTag);
    if (in.remaining() != CHECKSUM) {
      throw new IllegalArgumentException("unexpected length");
    }
    return new Parsed(Arrays.copyOf(file, 38), version, kdfId, parallelism, memory, iterations, salt, max, failed,
        pinCheck, entries, tableTag, table);
  }

  static Parsed parse(Path file) throws Exception {
    return parse(Files.readAllBytes(file));
  }

  /** Every master key of the store, decrypted with the PIN. */
  static Map<String, byte[]> masterKeys(Path file, String pin) throws Exception {
    Parsed p = parse(file);
    Argon2BytesGenerator argon = new Argon2BytesGenerator();
    argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(0x13).withSalt(p.salt())
        .withMemoryAsKB(p.memoryKiB()).withIterations(p.iterations()).withParallelism(p.parallelism()).build());
    byte[] kek = new byte[32];
    argon.generateBytes(pin.getBytes(StandardCharsets.UTF_8), kek);
    open(kek, p.pinCheck(), concat(p.bound(), ascii("pin-check")));
    open(kek, p.tableTag(), concat(p.bound(), ascii("key-table"), p.table()));
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (Entry e : p.entries()) {
      byte[] alias = e.alias().getBytes(StandardCharsets.UTF_8);
      keys.put(e.alias(), open(kek, e.sealed(),
          concat(p.bound(), ascii("master-key"), new byte[] {(byte) (alias.length >> 8), (byte) alias.length}, alias)));
    }
    return keys;
  }

  /** Unwraps a data key as any token does (docs/token.md, "Wrapped data keys"). */
  static byte[] unwrap(byte[] masterKey, WrappedKey w, byte[] callerAad) throws Exception {
    ByteArrayOutputStream aad = new ByteArrayOutputStream();
    aad.writeBytes(ascii("secure-jdbc/wrap/v1"));
    for (String s : new String[] {w.masterAlias(), w.keyId()}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      aad.write(b.length >> 8);
      aad.write(b.length);
      aad.writeBytes(b);
    }
    aad.writeBytes(ByteBuffer.allocate(4).putInt(callerAad.length).array());
    aad.writeBytes(callerAad);
    return open(masterKey, w.ciphertext(), aad.toByteArray());
  }

  /** The file with its trailing SHA-256 recomputed, as an attacker who edits it would do. */
  static byte[] withFixedChecksum(byte[] file) throws Exception {
    int body = file.length - CHECKSUM;
    byte[] out = file.clone();
    System.arraycopy(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(file, body)), 0, out, body, CHECKSUM);
    return out;
  }

  private static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
    c.updateAAD(aad);
    return c.doFinal(sealed, 12, sealed.length - 12);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
