package io.securejdbc.token.soft;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A software emulation of a hardware token: master keys live only inside this object, never returned as bytes;
 * the key store file is protected by a key derived from the PIN with Argon2id; wrong PINs count against a persisted
 * retry limit, after which the token is locked.
 *
 * <h2>Security guarantees</h2>
 * Without the PIN, the key store reveals nothing about the master keys (AES-256-GCM under an Argon2id-derived key)
 * and every tampering with it is detected. Unwrapped master keys and the PIN-derived key are zeroed on logout and
 * close.
 *
 * <h2>Warning</h2>
 * Unlike a hardware token, the keys are in this process's memory while logged in, and an attacker who can write the
 * key store file can reset the retry counter (restore an older copy). Use a PKCS#11 token where that matters.
 */
public final class SoftwareToken implements KeyToken {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] VERIFIER_PLAINTEXT = "secure-jdbc software token".getBytes(StandardCharsets.US_ASCII);

  private final String label;
  private final Path path;
  private final boolean createIfAbsent;
  private final int maxAttempts;
  private final int kdfMemoryKiB;
  private final int kdfIterations;
  private final Map<String, byte[]> masterKeys = new HashMap<>();
  private KeyStoreFile file;
  private byte[] kek;
  private TokenState state = TokenState.LOGGED_OUT;

  /**
   * @param path key store file, or null for a token that lives only in memory (its first login sets the PIN)
   */
  public SoftwareToken(String label, Path path, boolean createIfAbsent, int maxAttempts, int kdfMemoryKiB,
      int kdfIterations) {
    this.label = label;
    this.path = path;
    this.createIfAbsent = createIfAbsent;
    this.maxAttempts = maxAttempts;
    this.kdfMemoryKiB = kdfMemoryKiB;
    this.kdfIterations = kdfIterations;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public synchronized TokenState state() {
    return state;
  }

  @Override
  public synchronized void login(char[] pin) throws TokenException {
    requirePresent();
    if (pin == null || pin.length == 0) {
      throw new TokenException(Reason.WRONG_PIN, "an empty PIN is not accepted");
    }
    KeyStoreFile f = load();
    if (f == null) {
      initialise(pin);
      return;
    }
    if (f.failedAttempts >= f.maxAttempts) {
      state = TokenState.LOCKED;
      throw new TokenException(Reason.LOCKED, "the token is locked after " + f.maxAttempts + " wrong PINs");
    }
    // Count the attempt before checking it, so that killing the process mid-check gives no free attempt.
    f.failedAttempts++;
    persist(f);
    byte[] candidate = derive(pin, f);
    try {
      decrypt(candidate, f.verifier, f.header());
    } catch (GeneralSecurityException e) {
      Arrays.fill(candidate, (byte) 0);
      int remaining = f.maxAttempts - f.failedAttempts;
      if (remaining <= 0) {
        state = TokenState.LOCKED;
      }
      throw new TokenException(Reason.WRONG_PIN, "wrong PIN", Math.max(0, remaining), null);
    }
    f.failedAttempts = 0;
    persist(f);
    unlock(f, candidate);
  }

  private void initialise(char[] pin) throws TokenException {
    KeyStoreFile f = new KeyStoreFile();
    f.kdfMemoryKiB = kdfMemoryKiB;
    f.kdfIterations = kdfIterations;
    f.kdfParallelism = 1;
    f.salt = new byte[16];
    RANDOM.nextBytes(f.salt);
    f.maxAttempts = maxAttempts;
    byte[] newKek = derive(pin, f);
    try {
      f.verifier = encrypt(newKek, VERIFIER_PLAINTEXT, f.header());
    } catch (GeneralSecurityException e) {
      throw new TokenException(Reason.IO, "could not initialise the key store", e);
    }
    persist(f);
    unlock(f, newKek);
  }

  private void unlock(KeyStoreFile f, byte[] newKek) throws TokenException {
    wipe();
    for (Map.Entry<String, byte[]> e : f.encryptedKeys.entrySet()) {
      try {
        masterKeys.put(e.getKey(), decrypt(newKek, e.getValue(), keyAad(f, e.getKey())));
      } catch (GeneralSecurityException ex) {
        wipe();
        throw new TokenException(Reason.INTEGRITY, "a master key in the key store failed authentication");
      }
    }
    file = f;
    kek = newKek;
    state = TokenState.READY;
  }

  @Override
  public synchronized void logout() {
    if (state == TokenState.READY) {
      wipe();
      state = TokenState.LOGGED_OUT;
    }
  }

  @Override
  public synchronized Optional<KeyHandle> findMasterKey(String alias) throws TokenException {
    requireReady();
    return masterKeys.containsKey(alias) ? Optional.of(new KeyHandle(label, alias)) : Optional.empty();
  }

  @Override
  public synchronized KeyHandle createMasterKey(String alias) throws TokenException {
    requireReady();
    if (masterKeys.containsKey(alias)) {
      throw new TokenException(Reason.UNSUPPORTED, "a master key with this alias exists already");
    }
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    try {
      file.encryptedKeys.put(alias, encrypt(kek, key, keyAad(file, alias)));
    } catch (GeneralSecurityException e) {
      throw new TokenException(Reason.IO, "could not store the master key", e);
    }
    persist(file);
    masterKeys.put(alias, key);
    return new KeyHandle(label, alias);
  }

  @Override
  public synchronized WrappedKey wrap(KeyHandle master, DataKey key, byte[] associatedData) throws TokenException {
    byte[] mk = masterKey(master);
    byte[] aad = wrapAad(associatedData, master.alias(), key.keyId());
    byte[] ct = key.withRawMaterial(RawKeyAccess.forTokenImplementations(), raw -> {
      try {
        return encrypt(mk, raw, aad);
      } catch (GeneralSecurityException e) {
        return null;
      }
    });
    if (ct == null) {
      throw new TokenException(Reason.IO, "wrapping failed");
    }
    return new WrappedKey(master.alias(), key.keyId(), ct);
  }

  @Override
  public synchronized DataKey unwrap(KeyHandle master, WrappedKey wrapped, byte[] associatedData)
      throws TokenException {
    if (!wrapped.masterAlias().equals(master.alias())) {
      throw new TokenException(Reason.INTEGRITY, "the wrapped key belongs to another master key");
    }
    byte[] mk = masterKey(master);
    try {
      byte[] raw = decrypt(mk, wrapped.ciphertext(), wrapAad(associatedData, master.alias(), wrapped.keyId()));
      return DataKey.fromRawMaterial(RawKeyAccess.forTokenImplementations(), wrapped.keyId(), raw);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new TokenException(Reason.INTEGRITY, "the wrapped key failed authentication");
    }
  }

  @Override
  public synchronized void deleteMasterKey(KeyHandle master) throws TokenException {
    requireReady();
    byte[] k = masterKeys.remove(master.alias());
    if (k != null) {
      Arrays.fill(k, (byte) 0);
    }
    file.encryptedKeys.remove(master.alias());
    persist(file);
  }

  @Override
  public synchronized void close() {
    wipe();
    state = TokenState.ABSENT;
  }

  private byte[] masterKey(KeyHandle master) throws TokenException {
    requireReady();
    byte[] k = masterKeys.get(master.alias());
    if (k == null || !master.tokenLabel().equals(label)) {
      throw new TokenException(Reason.KEY_NOT_FOUND, "no such master key on this token");
    }
    return k;
  }

  private void requirePresent() throws TokenException {
    if (state == TokenState.ABSENT) {
      throw new TokenException(Reason.ABSENT, "the token was removed");
    }
  }

  private void requireReady() throws TokenException {
    requirePresent();
    if (state == TokenState.LOCKED) {
      throw new TokenException(Reason.LOCKED, "the token is locked");
    }
    if (state != TokenState.READY) {
      throw new TokenException(Reason.NOT_LOGGED_IN, "log in to the token first");
    }
  }

  private KeyStoreFile load() throws TokenException {
    if (path == null) {
      return file;
    }
    try {
      if (!Files.exists(path)) {
        if (!createIfAbsent) {
          throw new TokenException(Reason.ABSENT, "no key store at the configured path");
        }
        return null;
      }
      return KeyStoreFile.read(path);
    } catch (IOException e) {
      throw new TokenException(Reason.INTEGRITY, "the key store is unreadable or malformed");
    }
  }

  private void persist(KeyStoreFile f) throws TokenException {
    if (path == null) {
      file = f;
      return;
    }
    try {
      f.write(path);
    } catch (IOException e) {
      throw new TokenException(Reason.IO, "the key store could not be written");
    }
  }

  private static byte[] derive(char[] pin, KeyStoreFile f) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withSalt(f.salt)
        .withMemoryAsKB(f.kdfMemoryKiB).withIterations(f.kdfIterations).withParallelism(f.kdfParallelism).build());
    byte[] out = new byte[32];
    gen.generateBytes(pin, out);
    return out;
  }

  private static byte[] keyAad(KeyStoreFile f, String alias) {
    byte[] header = f.header();
    byte[] a = ("|master|" + alias).getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(header, header.length + a.length);
    System.arraycopy(a, 0, out, header.length, a.length);
    return out;
  }

  private static byte[] wrapAad(byte[] callerAad, String alias, String keyId) {
    byte[] suffix = ("|wrap|" + alias + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(callerAad, callerAad.length + suffix.length);
    System.arraycopy(suffix, 0, out, callerAad.length, suffix.length);
    return out;
  }

  private static byte[] encrypt(byte[] key, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    byte[] ct = c.doFinal(plaintext);
    byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
    System.arraycopy(ct, 0, out, 12, ct.length);
    return out;
  }

  private static byte[] decrypt(byte[] key, byte[] blob, byte[] aad) throws GeneralSecurityException {
    if (blob.length < 28) {
      throw new javax.crypto.AEADBadTagException("too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, blob, 0, 12));
    c.updateAAD(aad);
    return c.doFinal(blob, 12, blob.length - 12);
  }

  private void wipe() {
    masterKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    masterKeys.clear();
    if (kek != null) {
      Arrays.fill(kek, (byte) 0);
      kek = null;
    }
  }

  @Override
  public String toString() {
    return "SoftwareToken[" + label + ", " + state + "]";
  }
}
