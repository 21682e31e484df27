package io.securejdbc.token.pkcs11;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import io.securejdbc.token.WrappingAad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PKCS#11 token (type {@code pkcs11}) through the JDK's SunPKCS11 provider: an HSM, a smart card, or SoftHSM2.
 * Master keys are AES-256 keys generated inside the token as sensitive, non-extractable, private token objects; data
 * keys are wrapped and unwrapped with AES-256-GCM inside the token (a fresh random 96-bit IV per wrap, associated data
 * from {@link WrappingAad}), because SunPKCS11 on JDK 17 offers no AES key wrap.
 *
 * <h2>Security guarantees</h2>
 * A master key's value never leaves the token: the token refuses to reveal or wrap out sensitive, non-extractable
 * keys, and a new master key whose value the provider can read is deleted and refused. Every {@link #login} really
 * checks the PIN (see the warning below for why that needs a logout first).
 *
 * <h2>Warning</h2>
 * PKCS#11 login state belongs to the process, not to a provider instance: once any SunPKCS11 instance on this library
 * and slot is logged in, a fresh one "logs in" with any PIN. This class therefore logs the token out before every
 * login, and {@link #logout()}/{@link #close()} log out the whole process: open one {@code Pkcs11Token} per token per
 * JVM and share it. The retry limit is the device's own; SoftHSM2 has none, which the optional client-side counter
 * ({@code pinCounterFile}) only partly replaces (see {@link PinRetryCounter}). Unwrapped data keys are, by design,
 * in this process's memory.
 */
public final class Pkcs11Token implements KeyToken {

  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_LENGTH = 12;
  private static final int TAG_BITS = 128;
  private static final int WRAPPED_LENGTH = IV_LENGTH + DataKey.LENGTH + TAG_BITS / 8;

  private final Pkcs11Settings settings;
  private final Provider provider;
  private final PinRetryCounter counter;
  private volatile TokenState state;
  // Set only while READY; guarded by this.
  private KeyStore keyStore;

  Pkcs11Token(Pkcs11Settings settings) throws TokenException {
    this.settings = settings;
    this.provider = configure(settings);
    this.counter = settings.pinCounterFile() == null ? null
        : new PinRetryCounter(settings.pinCounterFile(), settings.maxPinAttempts());
    this.state = initialState();
    LOG.debug("PKCS#11 token '{}': opened slot list index {} of {}", settings.label(), settings.slotListIndex(),
        settings.library());
  }

  private static Provider configure(Pkcs11Settings settings) throws TokenException {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new TokenException(Reason.UNSUPPORTED, "this JDK has no SunPKCS11 provider");
    }
    Path config = null;
    try {
      config = Files.createTempFile("secure-jdbc-pkcs11-", ".cfg");
      Files.writeString(config, settings.configText(), StandardCharsets.UTF_8);
      return base.configure(config.toString());
    } catch (IOException e) {
      throw new TokenException(Reason.IO, "cannot write the SunPKCS11 configuration", e);
    } catch (ProviderException | IllegalArgumentException e) {
      // Missing library, no such slot, uninitialised token: the driver cannot reach a usable token.
      String ckr = Pkcs11Errors.returnValue(e);
      throw new TokenException(Reason.ABSENT, "the PKCS#11 token at slot list index " + settings.slotListIndex()
          + " cannot be opened" + (ckr == null ? ": " + e.getMessage() : " (" + ckr + ")"), e);
    } finally {
      if (config != null) {
        try {
          Files.deleteIfExists(config);
        } catch (IOException e) {
          LOG.debug("could not delete a temporary SunPKCS11 configuration file", e);
        }
      }
    }
  }

  private TokenState initialState() {
    try {
      return counter != null && counter.isLocked() ? TokenState.LOCKED : TokenState.LOGGED_OUT;
    } catch (TokenException e) {
      return TokenState.LOGGED_OUT;
    }
  }

  @Override
  public String label() {
    return settings.label();
  }

  @Override
  public TokenState state() {
    return state;
  }

  /**
   * The driver's own retry limit when a {@code pinCounterFile} is configured; empty when only the device limits PIN
   * attempts (and SoftHSM2 does not).
   */
  public OptionalInt clientPinRetryLimit() {
    return counter == null ? OptionalInt.empty() : OptionalInt.of(counter.maxAttempts());
  }

  @Override
  public synchronized void login(char[] pin) throws TokenException {
    requirePresent();
    endSession();
    if (pin == null || pin.length == 0) {
      throw new TokenException(Reason.WRONG_PIN, "an empty PIN is never accepted");
    }
    if (counter != null) {
      try {
        counter.countAttempt();
      } catch (TokenException e) {
        if (e.reason() == Reason.LOCKED) {
          state = TokenState.LOCKED;
        }
        throw e;
      }
    }
    // The login state is per process: without this logout, C_Login is skipped and any PIN "works".
    logoutQuietly();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, pin);
      if (counter != null) {
        counter.reset();
      }
      keyStore = ks;
      state = TokenState.READY;
      LOG.debug("PKCS#11 token '{}': logged in", label());
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw loginFailure(e);
    }
  }

  private TokenException loginFailure(Exception e) throws TokenException {
    TokenException mapped = Pkcs11Errors.map("login", e);
    switch (mapped.reason()) {
      case WRONG_PIN -> {
        int remaining = counter == null ? -1 : Math.max(0, counter.maxAttempts() - counter.failedAttempts());
        state = remaining == 0 ? TokenState.LOCKED : TokenState.LOGGED_OUT;
        LOG.warn("PKCS#11 token '{}': wrong PIN{}", label(), remaining < 0 ? "" : ", " + remaining + " attempts left");
        return new TokenException(Reason.WRONG_PIN, "wrong PIN", remaining, e);
      }
      case LOCKED -> {
        state = TokenState.LOCKED;
        LOG.warn("PKCS#11 token '{}': the device reports its user PIN locked", label());
        if (counter != null) {
          counter.lock();
        }
        return new TokenException(Reason.LOCKED, "the token's user PIN is locked", 0, e);
      }
      case ABSENT -> {
        state = TokenState.ABSENT;
        return mapped;
      }
      default -> {
        return mapped;
      }
    }
  }

  @Override
  public synchronized void logout() {
    if (state == TokenState.READY) {
      endSession();
      logoutQuietly();
      LOG.debug("PKCS#11 token '{}': logged out", label());
    }
  }

  @Override
  public synchronized Optional<KeyHandle> findMasterKey(String alias) throws TokenException {
    KeyStore ks = requireReady();
    try {
      // Reload the labels: another process or instance may have created or deleted keys since the login. A reload
      // also fails if the process lost its login, which a cached view would hide.
      ks.load(null, null);
      return ks.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)
          ? Optional.of(new KeyHandle(label(), alias)) : Optional.empty();
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw opFailure("finding a master key", e);
    }
  }

  @Override
  public synchronized KeyHandle createMasterKey(String alias) throws TokenException {
    KeyStore ks = requireReady();
    if (alias.isEmpty() || alias.chars().anyMatch(Character::isISOControl)) {
      throw new TokenException(Reason.UNSUPPORTED, "a master key alias must be non-empty, without control characters");
    }
    try {
      ks.load(null, null);
      if (ks.containsAlias(alias)) {
        throw new TokenException(Reason.UNSUPPORTED, "a master key with alias '" + alias + "' exists already");
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(256);
      SecretKey key = generator.generateKey();
      ks.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
      Key stored = ks.getKey(alias, null);
      if (stored == null || stored.getEncoded() != null) {
        // The template did not take effect: never keep a master key whose value the provider can read.
        ks.deleteEntry(alias);
        throw new TokenException(Reason.UNSUPPORTED, "the token did not store master key '" + alias
            + "' as sensitive and non-extractable; refusing it");
      }
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw opFailure("creating a master key", e);
    }
    LOG.info("PKCS#11 token '{}': created master key '{}'", label(), alias);
    return new KeyHandle(label(), alias);
  }

  @Override
  public synchronized void deleteMasterKey(KeyHandle master) throws TokenException {
    KeyStore ks = requireReady();
    masterKey(ks, master);
    try {
      ks.deleteEntry(master.alias());
    } catch (GeneralSecurityException | ProviderException e) {
      throw opFailure("deleting a master key", e);
    }
    LOG.info("PKCS#11 token '{}': deleted master key '{}'", label(), master.alias());
  }

  @Override
  public synchronized WrappedKey wrap(KeyHandle master, DataKey key, byte[] associatedData) throws TokenException {
    Key mk = masterKey(requireReady(), master);
    byte[] aad = WrappingAad.of(master.alias(), key.keyId(), associatedData);
    byte[] iv = new byte[IV_LENGTH];
    RANDOM.nextBytes(iv);
    byte[] out = Arrays.copyOf(iv, WRAPPED_LENGTH);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
      cipher.init(Cipher.ENCRYPT_MODE, mk, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad);
      GeneralSecurityException failure = key.withRawMaterial(RawKeyAccess.forTokenImplementations(), raw -> {
        try {
          cipher.doFinal(raw, 0, raw.length, out, IV_LENGTH);
          return null;
        } catch (GeneralSecurityException e) {
          return e;
        }
      });
      if (failure != null) {
        throw failure;
      }
    } catch (GeneralSecurityException | ProviderException e) {
      throw opFailure("wrapping a data key", e);
    }
    LOG.debug("PKCS#11 token '{}': wrapped data key '{}' under '{}'", label(), key.keyId(), master.alias());
    return new WrappedKey(master.alias(), key.keyId(), out);
  }

  @Override
  public synchronized DataKey unwrap(KeyHandle master, WrappedKey wrapped, byte[] associatedData)
      throws TokenException {
    Key mk = masterKey(requireReady(), master);
    if (!wrapped.masterAlias().equals(master.alias())) {
      throw new TokenException(Reason.INTEGRITY, "the wrapped key names master key '" + wrapped.masterAlias()
          + "', not '" + master.alias() + "'");
    }
    byte[] ct = wrapped.ciphertext();
    if (ct.length != WRAPPED_LENGTH) {
      throw new TokenException(Reason.INTEGRITY, "the wrapped key has the wrong length");
    }
    byte[] raw;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
      cipher.init(Cipher.DECRYPT_MODE, mk, new GCMParameterSpec(TAG_BITS, ct, 0, IV_LENGTH));
      cipher.updateAAD(WrappingAad.of(master.alias(), wrapped.keyId(), associatedData));
      raw = cipher.doFinal(ct, IV_LENGTH, ct.length - IV_LENGTH);
    } catch (GeneralSecurityException | ProviderException e) {
      TokenException mapped = opFailure("unwrapping a data key", e);
      if (mapped.reason() == Reason.INTEGRITY) {
        LOG.warn("PKCS#11 token '{}': wrapped data key '{}' under '{}' failed authentication", label(),
            wrapped.keyId(), master.alias());
        throw new TokenException(Reason.INTEGRITY, "the wrapped key failed authentication (altered, moved, or other"
            + " associated data)", e);
      }
      throw mapped;
    }
    if (raw.length != DataKey.LENGTH) {
      Arrays.fill(raw, (byte) 0);
      throw new TokenException(Reason.INTEGRITY, "the wrapped key has the wrong length");
    }
    return DataKey.fromRawMaterial(RawKeyAccess.forTokenImplementations(), wrapped.keyId(), raw);
  }

  @Override
  public synchronized void close() {
    if (state != TokenState.ABSENT) {
      boolean wasReady = state == TokenState.READY;
      endSession();
      if (wasReady) {
        logoutQuietly();
      }
      state = TokenState.ABSENT;
      LOG.debug("PKCS#11 token '{}': closed", label());
    }
  }

  private Key masterKey(KeyStore ks, KeyHandle master) throws TokenException {
    Key key = null;
    if (master.tokenLabel().equals(label())) {
      try {
        key = ks.getKey(master.alias(), null);
      } catch (GeneralSecurityException | ProviderException e) {
        throw opFailure("finding a master key", e);
      }
    }
    if (!(key instanceof SecretKey)) {
      throw new TokenException(Reason.KEY_NOT_FOUND, "no master key '" + master.alias() + "' on token '" + label()
          + "'");
    }
    return key;
  }

  /** Maps a failed key operation; a lost login or a removed token also changes the state. */
  private TokenException opFailure(String operation, Exception e) {
    TokenException mapped = Pkcs11Errors.map(operation, e);
    if (mapped.reason() == Reason.NOT_LOGGED_IN || e instanceof IOException && hasLoginException(e)) {
      endSession();
      return new TokenException(Reason.NOT_LOGGED_IN, operation + " failed: the process is no longer logged in to"
          + " the token", e);
    }
    if (mapped.reason() == Reason.ABSENT) {
      endSession();
      state = TokenState.ABSENT;
    }
    return mapped;
  }

  private static boolean hasLoginException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LoginException) {
        return true;
      }
    }
    return false;
  }

  private void requirePresent() throws TokenException {
    if (state == TokenState.ABSENT) {
      throw new TokenException(Reason.ABSENT, "the token was closed or removed");
    }
  }

  private KeyStore requireReady() throws TokenException {
    requirePresent();
    if (state == TokenState.LOCKED) {
      throw new TokenException(Reason.LOCKED, "the token is locked");
    }
    if (state != TokenState.READY) {
      throw new TokenException(Reason.NOT_LOGGED_IN, "log in to the token first");
    }
    return keyStore;
  }

  private void endSession() {
    keyStore = null;
    if (state == TokenState.READY) {
      state = TokenState.LOGGED_OUT;
    }
  }

  private void logoutQuietly() {
    try {
      ((AuthProvider) provider).logout();
    } catch (LoginException | ProviderException e) {
      LOG.debug("PKCS#11 token '{}': logout failed ({})", label(), Pkcs11Errors.returnValue(e));
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Token[" + label() + ", " + state + "]";
  }
}
