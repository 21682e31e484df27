package io.securejdbc.token.soft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The software token's key store file. Layout (big-endian, version 1):
 * <pre>
 *   "SJKS" | u8 version | i32 kdfMemoryKiB | i32 kdfIterations | i32 kdfParallelism | 16-byte salt
 *   | i32 maxPinAttempts | i32 failedPinAttempts | verifier (i32 length + bytes)
 *   | i32 key count | (UTF alias | i32 length + AES-GCM(master key)) *
 * </pre>
 * Everything before {@code failedPinAttempts} is the fixed header, bound as associated data into the verifier and
 * every encrypted key, so tampering with KDF parameters, salt or limit is detected. The failure counter cannot be
 * authenticated (a wrong PIN yields no key to authenticate it with): an attacker with write access to the file can
 * reset it, which is the inherent limit of a software token. Writes are atomic (temporary file + atomic move).
 */
final class KeyStoreFile {

  static final byte[] MAGIC = {'S', 'J', 'K', 'S'};
  static final int VERSION = 1;

  int kdfMemoryKiB;
  int kdfIterations;
  int kdfParallelism;
  byte[] salt;
  int maxAttempts;
  int failedAttempts;
  byte[] verifier;
  final Map<String, byte[]> encryptedKeys = new LinkedHashMap<>();

  /** The authenticated fixed header. */
  byte[] header() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeByte(VERSION);
      out.writeInt(kdfMemoryKiB);
      out.writeInt(kdfIterations);
      out.writeInt(kdfParallelism);
      out.write(salt);
      out.writeInt(maxAttempts);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void write(Path path) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(header());
    out.writeInt(failedAttempts);
    out.writeInt(verifier.length);
    out.write(verifier);
    out.writeInt(encryptedKeys.size());
    for (Map.Entry<String, byte[]> e : encryptedKeys.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      out.write(e.getValue());
    }
    out.flush();
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".token", ".tmp");
    try {
      Files.write(tmp, bytes.toByteArray());
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static KeyStoreFile read(Path path) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)));
    byte[] magic = in.readNBytes(4);
    if (!java.util.Arrays.equals(magic, MAGIC) || in.readUnsignedByte() != VERSION) {
      throw new IOException("not a secure-jdbc key store (or an unknown version)");
    }
    KeyStoreFile f = new KeyStoreFile();
    f.kdfMemoryKiB = in.readInt();
    f.kdfIterations = in.readInt();
    f.kdfParallelism = in.readInt();
    f.salt = in.readNBytes(16);
    f.maxAttempts = in.readInt();
    f.failedAttempts = in.readInt();
    f.verifier = readBlob(in);
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new IOException("malformed key store");
    }
    for (int i = 0; i < n; i++) {
      f.encryptedKeys.put(in.readUTF(), readBlob(in));
    }
    if (f.kdfMemoryKiB < 8 || f.kdfIterations < 1 || f.kdfParallelism < 1 || f.salt.length != 16) {
      throw new IOException("malformed key store header");
    }
    return f;
  }

  private static byte[] readBlob(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 4096) {
      throw new IOException("malformed key store");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("truncated key store");
    }
    return b;
  }
}
