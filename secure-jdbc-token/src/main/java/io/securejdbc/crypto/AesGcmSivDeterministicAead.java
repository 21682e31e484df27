package io.securejdbc.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM-SIV (RFC 8452, Bouncy Castle) with a fixed all-zero nonce: the deterministic mode of a SIV cipher.
 *
 * <p>With one fixed nonce the per-nonce key derivation is the same for every message, so each thread keeps one
 * initialised cipher per direction and only feeds it associated data and input: Bouncy Castle resets the message
 * state after every doFinal and keeps the derived keys.
 */
final class AesGcmSivDeterministicAead implements DeterministicAead {

  private static final byte[] FIXED_NONCE = new byte[12];
  private static final int TAG_BITS = 128;

  private final KeyParameter key;
  private final byte[] nonce;
  private final ThreadLocal<GCMSIVBlockCipher> encrypters = ThreadLocal.withInitial(() -> newCipher(true));
  private final ThreadLocal<GCMSIVBlockCipher> decrypters = ThreadLocal.withInitial(() -> newCipher(false));

  AesGcmSivDeterministicAead(byte[] material) {
    this(material, FIXED_NONCE);
  }

  /** With another nonce: only for checking this class against the RFC 8452 vectors, which use non-zero nonces. */
  AesGcmSivDeterministicAead(byte[] material, byte[] nonce) {
    this.key = new KeyParameter(material);
    this.nonce = nonce.clone();
  }

  private GCMSIVBlockCipher newCipher(boolean encrypt) {
    GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(key, TAG_BITS, nonce));
    return cipher;
  }

  @Override
  public byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    return run(encrypters.get(), plaintext, associatedData);
  }

  @Override
  public byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < TAG_BITS / 8) {
      throw new AEADBadTagException("ciphertext too short");
    }
    return run(decrypters.get(), ciphertext, associatedData);
  }

  private static byte[] run(GCMSIVBlockCipher cipher, byte[] input, byte[] associatedData)
      throws GeneralSecurityException {
    try {
      cipher.processAADBytes(associatedData, 0, associatedData.length);
      byte[] out = new byte[cipher.getOutputSize(input.length)];
      int n = cipher.processBytes(input, 0, input.length, out, 0);
      cipher.doFinal(out, n);
      return out;
    } catch (InvalidCipherTextException e) {
      cipher.reset();
      throw new AEADBadTagException("deterministic ciphertext failed authentication");
    } catch (RuntimeException e) {
      cipher.reset();
      throw e;
    }
  }
}
