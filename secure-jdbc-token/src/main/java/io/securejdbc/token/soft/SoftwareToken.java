package io.securejdbc.token.soft;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import io.securejdbc.token.WrappingAad;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A software emulation of a hardware token (type {@code software}): master keys are generated inside, stored only
 * encrypted under a key derived from the PIN with Argon2id, and never returned as bytes; wrong PINs count against a
 * persisted retry limit, after which the token is locked for good. See {@code docs/token.md} for the file format.
 *
 * <h2>Security guarantees</h2>
 * Without the PIN the key store file reveals nothing about the master keys, and every change to its authenticated
 * parts is detected. The retry counter is incremented and written before a PIN is checked, so killing the process
 * mid-check gives no free attempt. The KEK, the decrypted master keys and the PIN bytes are zeroed on logout, close
 * and after use.
 *
 * <h2>Warning</h2>
 * Unlike a hardware token, the master keys are in this process's memory while it is logged in, and the retry limit
 * only guards the login API: whoever can copy the file can guess PINs offline (at Argon2id's cost), and whoever can
 * write it can reset the counter or roll the file back. There is no security-officer reset: a locked store stays
 * locked (restore a backup, or use the data's other copies). A missing file with {@code createIfAbsent=true}
 * silently becomes a new, empty store on the next login.
 */
public final class SoftwareToken implements KeyToken {

  private static final Logger LOG = LoggerFactory.getLogger(SoftwareToken.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String label;
  private final Backing backing;
  private final boolean createIfAbsent;
  private final int maxAttempts;
  private final KdfParams kdfParams;
  private final PinKdf kdf;

  private volatile TokenState state;
  // Set only while READY; guarded by this.
  private byte[] kek;
  private final Map<String, byte[]> masterKeys = new HashMap<>();

  SoftwareToken(String label, Backing backing, boolean createIfAbsent, int maxAttempts, KdfParams kdfParams,
      PinKdf kdf) {
    this.label = label;
    this.backing = backing;
    this.createIfAbsent = createIfAbsent;
    this.maxAttempts = maxAttempts;
    this.kdfParams = kdfParams;
    this.kdf = kdf;
    this.state = initialState();
  }

  /** A locked store shows as LOCKED right after opening, as a locked card does when inserted. */
  private TokenState initialState() {
    try {
      KeyStoreImage image = backing.read();
      return image != null && image.failedAttempts >= image.maxAttempts ? TokenState.LOCKED : TokenState.LOGGED_OUT;
    } catch (TokenException e) {
      // An unreadable store is reported by login, where the caller can act on the reason.
      return TokenState.LOGGED_OUT;
    }
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public TokenState state() {
    return state;
  }

  @Override
  public synchronized void login(char[] pin) throws TokenException {
    requirePresent();
    endSession();
    if (pin == null || pin.length == 0) {
      // Never counted: an empty PIN cannot be right, because no store is ever created with one.
      throw new TokenException(Reason.WRONG_PIN, "an empty PIN is never accepted");
    }
    if (!createIfAbsent && backing.read() == null) {
      // Checked before taking the lock too, which would create the directory and the lock file.
      throw new TokenException(Reason.ABSENT, "no key store at the configured path (createIfAbsent=false)");
    }
    Attempt attempt = backing.locked(() -> countAttempt(pin));
    if (attempt.newKek != null) {
      ready(attempt.image, attempt.newKek);
      return;
    }
    KeyStoreImage counted = attempt.image;
    byte[] candidate = kdf.deriveKek(pin, counted.kdf, counted.salt);
    if (!counted.pinMatches(candidate)) {
      Arrays.fill(candidate, (byte) 0);
      int remaining = Math.max(0, counted.maxAttempts - counted.failedAttempts);
      state = remaining == 0 ? TokenState.LOCKED : TokenState.LOGGED_OUT;
      if (remaining == 0) {
        LOG.warn("software token '{}': wrong PIN, now locked after {} wrong PINs", label, counted.maxAttempts);
      } else {
        LOG.warn("software token '{}': wrong PIN, {} attempts left", label, remaining);
      }
      throw new TokenException(Reason.WRONG_PIN, "wrong PIN", remaining, null);
    }
    try {
      KeyStoreImage reset = backing.locked(() -> {
        KeyStoreImage current = backing.read();
        if (current == null || !current.sameStoreAs(counted)) {
          throw new TokenException(Reason.INTEGRITY, "the key store was replaced during the login");
        }
        KeyStoreImage r = current.withFailedAttempts(0);
        backing.write(r);
        return r;
      });
      ready(reset, candidate);
    } catch (TokenException | RuntimeException e) {
      Arrays.fill(candidate, (byte) 0);
      throw e;
    }
  }

  /** The store after counting this attempt, or a new store (with its KEK) when there was none. */
  private Attempt countAttempt(char[] pin) throws TokenException {
    KeyStoreImage current = backing.read();
    if (current == null) {
      if (!createIfAbsent) {
        throw new TokenException(Reason.ABSENT, "no key store at the configured path (createIfAbsent=false)");
      }
      byte[] salt = new byte[KeyStoreImage.SALT_LENGTH];
      RANDOM.nextBytes(salt);
      byte[] newKek = kdf.deriveKek(pin, kdfParams, salt);
      KeyStoreImage created = KeyStoreImage.create(kdfParams, salt, maxAttempts, newKek);
      backing.write(created);
      if (backing instanceof Backing.OnFile) {
        // A warning, because a store that vanished (deleted, wrong path) also ends up here.
        LOG.warn("software token '{}': created a new, empty key store file; its first login set the PIN", label);
      } else {
        LOG.debug("software token '{}': created an in-memory key store; its first login set the PIN", label);
      }
      if (kdfParams.weakerThan(KdfParams.OWASP_MINIMUM) && backing instanceof Backing.OnFile) {
        LOG.warn("software token '{}': the key store uses weak Argon2id parameters ({} KiB, {} iterations); fine for"
            + " tests, not for production", label, kdfParams.memoryKiB(), kdfParams.iterations());
      }
      return new Attempt(created, newKek);
    }
    if (current.failedAttempts >= current.maxAttempts) {
      state = TokenState.LOCKED;
      LOG.warn("software token '{}': login refused, the token is locked", label);
      throw new TokenException(Reason.LOCKED, "the token is locked after " + current.maxAttempts + " wrong PINs", 0,
          null);
    }
    // Persist the attempt before checking it, so that killing the process mid-check gives no free attempt.
    KeyStoreImage counted = current.withFailedAttempts(current.failedAttempts + 1);
    backing.write(counted);
    return new Attempt(counted, null);
  }

  private record Attempt(KeyStoreImage image, byte[] newKek) {}

  private void ready(KeyStoreImage image, byte[] newKek) throws TokenException {
    Map<String, byte[]> keys = image.openKeys(newKek);
    kek = newKek;
    masterKeys.putAll(keys);
    state = TokenState.READY;
    LOG.debug("software token '{}': logged in, {} master keys", label, keys.size());
  }

  @Override
  public synchronized void logout() {
    if (state == TokenState.READY) {
      endSession();
      state = TokenState.LOGGED_OUT;
      LOG.debug("software token '{}': logged out", label);
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
    checkAlias(alias);
    if (masterKeys.containsKey(alias)) {
      throw new TokenException(Reason.UNSUPPORTED, "a master key with alias '" + alias + "' exists already");
    }
    byte[] key = new byte[KeyStoreImage.MASTER_KEY_LENGTH];
    RANDOM.nextBytes(key);
    try {
      update(current -> {
        if (current.holds(alias)) {
          throw new TokenException(Reason.UNSUPPORTED, "a master key with alias '" + alias + "' exists already");
        }
        return current.withKeyAdded(alias, key, kek);
      });
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    LOG.info("software token '{}': created master key '{}'", label, alias);
    return new KeyHandle(label, alias);
  }

  @Override
  public synchronized void deleteMasterKey(KeyHandle master) throws TokenException {
    masterKey(master);
    update(current -> {
      if (!current.holds(master.alias())) {
        throw new TokenException(Reason.KEY_NOT_FOUND, "no master key '" + master.alias() + "' on this token");
      }
      return current.withKeyRemoved(master.alias(), kek);
    });
    LOG.info("software token '{}': deleted master key '{}'", label, master.alias());
  }

  private interface Change {
    KeyStoreImage apply(KeyStoreImage current) throws TokenException;
  }

  /**
   * Applies a change to the store as it is on disk now (another process may have changed it since the login), then
   * reloads the master keys from the result.
   */
  private void update(Change change) throws TokenException {
    KeyStoreImage next = backing.locked(() -> {
      KeyStoreImage current = backing.read();
      if (current == null) {
        throw new TokenException(Reason.ABSENT, "the key store file disappeared");
      }
      if (!current.pinMatches(kek)) {
        throw new TokenException(Reason.INTEGRITY, "the key store was replaced by another one");
      }
      zero(current.openKeys(kek));
      KeyStoreImage changed = change.apply(current);
      backing.write(changed);
      return changed;
    });
    Map<String, byte[]> keys = next.openKeys(kek);
    zero(masterKeys);
    masterKeys.putAll(keys);
  }

  @Override
  public synchronized WrappedKey wrap(KeyHandle master, DataKey key, byte[] associatedData) throws TokenException {
    byte[] mk = masterKey(master);
    byte[] aad = WrappingAad.of(master.alias(), key.keyId(), associatedData);
    byte[] sealed = key.withRawMaterial(RawKeyAccess.forTokenImplementations(), raw -> AesGcm.seal(mk, raw, aad));
    LOG.debug("software token '{}': wrapped data key '{}' under '{}'", label, key.keyId(), master.alias());
    return new WrappedKey(master.alias(), key.keyId(), sealed);
  }

  @Override
  public synchronized DataKey unwrap(KeyHandle master, WrappedKey wrapped, byte[] associatedData)
      throws TokenException {
    byte[] mk = masterKey(master);
    if (!wrapped.masterAlias().equals(master.alias())) {
      throw new TokenException(Reason.INTEGRITY, "the wrapped key names master key '" + wrapped.masterAlias()
          + "', not '" + master.alias() + "'");
    }
    byte[] raw;
    try {
      raw = AesGcm.open(mk, wrapped.ciphertext(), WrappingAad.of(master.alias(), wrapped.keyId(), associatedData));
    } catch (AEADBadTagException e) {
      LOG.warn("software token '{}': wrapped data key '{}' under '{}' failed authentication", label,
          wrapped.keyId(), master.alias());
      throw new TokenException(Reason.INTEGRITY, "the wrapped key failed authentication (altered, moved, or other"
          + " associated data)");
    }
    if (raw.length != DataKey.LENGTH) {
      Arrays.fill(raw, (byte) 0);
      throw new TokenException(Reason.INTEGRITY, "the wrapped key has the wrong length");
    }
    return DataKey.fromRawMaterial(RawKeyAccess.forTokenImplementations(), wrapped.keyId(), raw);
  }

  @Override
  public synchronized void close() {
    endSession();
    if (state != TokenState.ABSENT) {
      state = TokenState.ABSENT;
      LOG.debug("software token '{}': closed", label);
    }
  }

  private byte[] masterKey(KeyHandle master) throws TokenException {
    requireReady();
    byte[] k = master.tokenLabel().equals(label) ? masterKeys.get(master.alias()) : null;
    if (k == null) {
      throw new TokenException(Reason.KEY_NOT_FOUND, "no master key '" + master.alias() + "' on token '" + label
          + "'");
    }
    return k;
  }

  private void requirePresent() throws TokenException {
    if (state == TokenState.ABSENT) {
      throw new TokenException(Reason.ABSENT, "the token was closed");
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

  private static void checkAlias(String alias) throws TokenException {
    int n = alias.getBytes(StandardCharsets.UTF_8).length;
    if (n < 1 || n > KeyStoreImage.MAX_ALIAS_BYTES || alias.chars().anyMatch(Character::isISOControl)) {
      // Control characters are refused because aliases appear in log lines.
      throw new TokenException(Reason.UNSUPPORTED, "a master key alias has 1.." + KeyStoreImage.MAX_ALIAS_BYTES
          + " UTF-8 bytes and no control characters");
    }
  }

  /** Zeroes the KEK and the master keys. */
  private void endSession() {
    if (kek != null) {
      Arrays.fill(kek, (byte) 0);
      kek = null;
    }
    zero(masterKeys);
    if (state == TokenState.READY) {
      state = TokenState.LOGGED_OUT;
    }
  }

  private static void zero(Map<String, byte[]> keys) {
    keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    keys.clear();
  }

  @Override
  public String toString() {
    return "SoftwareToken[" + label + ", " + state + "]";
  }
}
