package io.securejdbc.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 from the JCA, one {@link Mac} per thread and key. */
final class HmacSha256Prf implements Prf {

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  HmacSha256Prf(byte[] material) {
    this.key = new SecretKeySpec(material, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  @Override
  public byte[] compute(byte[] input, int length) {
    if (length < 1 || length > 32) {
      throw new IllegalArgumentException("PRF output length must be 1..32");
    }
    byte[] full = macs.get().doFinal(input);
    return length == 32 ? full : Arrays.copyOf(full, length);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }
}
