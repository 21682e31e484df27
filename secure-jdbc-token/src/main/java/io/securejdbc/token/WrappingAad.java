package io.securejdbc.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The associated data every token binds into a wrapped data key: the caller's associated data plus the master key
 * alias and the data key id, so that a wrapped key copied to another alias or key id fails to unwrap. Token
 * implementations (including vendor ones) should use it so that all tokens bind the same facts.
 *
 * <p>Layout: {@code "secure-jdbc/wrap/v1"} (ASCII) {@code || u16 n || alias (n bytes UTF-8) || u16 m || key id
 * (m bytes UTF-8) || u32 k || caller data (k bytes)}, big-endian. The length prefixes make the encoding injective:
 * no two different (alias, key id, data) triples give the same bytes.
 */
public final class WrappingAad {

  private static final byte[] CONTEXT = "secure-jdbc/wrap/v1".getBytes(StandardCharsets.US_ASCII);

  private WrappingAad() {}

  public static byte[] of(String masterAlias, String keyId, byte[] callerAad) {
    Objects.requireNonNull(callerAad, "associatedData");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(CONTEXT);
    writeShortString(out, masterAlias);
    writeShortString(out, keyId);
    int k = callerAad.length;
    out.write(k >>> 24);
    out.write(k >>> 16);
    out.write(k >>> 8);
    out.write(k);
    out.writeBytes(callerAad);
    return out.toByteArray();
  }

  private static void writeShortString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("alias or key id longer than 65535 bytes");
    }
    out.write(b.length >>> 8);
    out.write(b.length);
    out.writeBytes(b);
  }
}
