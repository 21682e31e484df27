package io.securejdbc.token;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.Objects;

/**
 * A data key encrypted under a master key that stays in the token. Safe to store anywhere: it names the master key
 * alias and the data key id (neither is secret) and holds only ciphertext.
 */
public final class WrappedKey {

  private static final int FORMAT = 1;

  private final String masterAlias;
  private final String keyId;
  private final byte[] ciphertext;

  public WrappedKey(String masterAlias, String keyId, byte[] ciphertext) {
    this.masterAlias = Objects.requireNonNull(masterAlias, "masterAlias");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.ciphertext = ciphertext.clone();
  }

  public String masterAlias() {
    return masterAlias;
  }

  public String keyId() {
    return keyId;
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT);
      out.writeUTF(masterAlias);
      out.writeUTF(keyId);
      out.writeInt(ciphertext.length);
      out.write(ciphertext);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static WrappedKey fromBytes(byte[] encoded) throws TokenException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
      if (in.readUnsignedByte() != FORMAT) {
        throw new TokenException(TokenException.Reason.INTEGRITY, "unknown wrapped key format");
      }
      String alias = in.readUTF();
      String keyId = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > 4096) {
        throw new TokenException(TokenException.Reason.INTEGRITY, "malformed wrapped key");
      }
      byte[] ct = in.readNBytes(n);
      if (ct.length != n) {
        throw new TokenException(TokenException.Reason.INTEGRITY, "truncated wrapped key");
      }
      return new WrappedKey(alias, keyId, ct);
    } catch (IOException e) {
      throw new TokenException(TokenException.Reason.INTEGRITY, "malformed wrapped key", e);
    }
  }

  @Override
  public String toString() {
    return "WrappedKey[" + masterAlias + "/" + keyId + "]";
  }
}
