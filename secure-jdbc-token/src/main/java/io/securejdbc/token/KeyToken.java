package io.securejdbc.token;

import io.securejdbc.crypto.DataKey;
import java.util.Optional;

/**
 * A security token (smart card, PKCS#11 HSM, CodeMeter dongle, or the software emulator) that holds non-extractable
 * master keys and wraps/unwraps data keys with them.
 *
 * <h2>Security guarantees</h2>
 * A master key never leaves the token as bytes through this API. Data keys leave only wrapped, or unwrapped into a
 * {@link DataKey} handle that the caller destroys after use. Keys are usable only in {@link TokenState#READY}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #login} with a wrong PIN throws {@link TokenException.Reason#WRONG_PIN} and counts against a retry
 *       limit; at the limit the token turns {@link TokenState#LOCKED} and every later login throws
 *       {@link TokenException.Reason#LOCKED}, also with the right PIN. A successful login resets the count. The
 *       wrong PIN that reaches the limit still throws {@code WRONG_PIN} (with {@code remainingAttempts() == 0}); the
 *       lock survives closing and reopening the token.</li>
 *   <li>{@link #login} always checks the PIN, also on a token that is already {@code READY}; a failed login leaves
 *       the token logged out (or locked).</li>
 *   <li>Every key operation outside {@code READY} throws ({@code NOT_LOGGED_IN}, {@code LOCKED} or {@code ABSENT}).
 *       A handle that this token did not issue, or whose key was deleted, throws {@code KEY_NOT_FOUND};
 *       {@link #createMasterKey} with an alias that is taken throws {@code UNSUPPORTED}.</li>
 *   <li>{@link #wrap} binds the master key alias and the data key id as well as the caller's associated data
 *       (see {@link WrappingAad}). {@link #unwrap} of a wrapped key that was altered, presented under another alias
 *       or key id, or with different associated data, throws {@link TokenException.Reason#INTEGRITY}.</li>
 *   <li>After {@link #close()} the token is {@link TokenState#ABSENT}; close is idempotent.</li>
 * </ul>
 *
 * <h2>Warning</h2>
 * Whether the retry limit is enforced by tamper-resistant hardware or only by driver code (a counter in a file) depends
 * on the implementation; {@code docs/token.md} says which for each token type.
 */
public interface KeyToken extends AutoCloseable {

  /** A non-secret name of the token (its label). */
  String label();

  TokenState state();

  /** Logs in. The caller owns {@code pin} and should zero it afterwards. */
  void login(char[] pin) throws TokenException;

  /** Forgets the login; keys become unusable until the next login. */
  void logout();

  /** The master key with this alias, if the token holds one. */
  Optional<KeyHandle> findMasterKey(String alias) throws TokenException;

  /** Generates a new non-extractable master key inside the token; fails if the alias is taken. */
  KeyHandle createMasterKey(String alias) throws TokenException;

  /** Encrypts {@code key} under the master key, binding {@code associatedData}. */
  WrappedKey wrap(KeyHandle master, DataKey key, byte[] associatedData) throws TokenException;

  /** Decrypts a wrapped key; the caller destroys the returned key when done with it. */
  DataKey unwrap(KeyHandle master, WrappedKey wrapped, byte[] associatedData) throws TokenException;

  /** Removes the master key (after a rotation has re-wrapped everything under a new one). */
  void deleteMasterKey(KeyHandle master) throws TokenException;

  @Override
  void close();
}
