package io.securejdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.TokenException.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link KeyToken} contract, run against every token implementation by a subclass that supplies the fixture.
 * Each test gets a fresh token whose PIN is {@link #PIN} (already set: the token exists and is logged out).
 */
public abstract class KeyTokenContractTest {

  /** The PIN of every fixture token; distinctive, so that a leak into a message or a log line is found. */
  public static final String PIN = "Correct-Horse-4821";
  protected static final String WRONG_PIN = "Wrong-Pony-1357";
  private static final byte[] AAD = "catalog;tenant=acme".getBytes(StandardCharsets.UTF_8);

  private final List<KeyToken> opened = new ArrayList<>();

  /** A freshly opened token with a fresh store and retry count; its PIN is {@link #PIN}; it is logged out. */
  protected abstract KeyToken openFreshToken() throws Exception;

  /** Another instance on the same store as the last {@link #openFreshToken()} (a restart of the application). */
  protected abstract KeyToken reopenSameToken() throws Exception;

  /** The retry limit the fixture configured. */
  protected abstract int maxAttempts();

  /** Checks, by means outside the KeyToken API, that the master key's value cannot be read out of the token. */
  protected abstract void assertMasterKeyNotExtractable(KeyToken token, KeyHandle master) throws Exception;

  /** False for a token that cannot be reopened (it lives only in memory). */
  protected boolean canReopen() {
    return true;
  }

  /** Further secrets (e.g. master key bytes the fixture can see) that must never appear in messages or logs. */
  protected List<String> extraSecrets(KeyToken token) throws Exception {
    return List.of();
  }

  protected final KeyToken fresh() throws Exception {
    return track(openFreshToken());
  }

  protected final KeyToken reopen() throws Exception {
    return track(reopenSameToken());
  }

  private KeyToken track(KeyToken t) {
    opened.add(t);
    return t;
  }

  @AfterEach
  void closeTokens() {
    opened.forEach(KeyToken::close);
  }

  /** A unique alias, because a real token's key objects outlive a test. */
  protected static String alias(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static char[] pin() {
    return PIN.toCharArray();
  }

  protected static char[] wrongPin() {
    return WRONG_PIN.toCharArray();
  }

  protected static byte[] raw(DataKey key) {
    return key.withRawMaterial(RawKeyAccess.forTokenImplementations(), byte[]::clone);
  }

  protected static TokenException refused(Reason reason, ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).as("expected a TokenException(%s)", reason).isInstanceOf(TokenException.class);
    TokenException e = (TokenException) t;
    assertThat(e.reason()).as("reason of '%s'", e.getMessage()).isEqualTo(reason);
    return e;
  }

  private KeyToken ready() throws Exception {
    KeyToken t = fresh();
    t.login(pin());
    return t;
  }

  private void lock(KeyToken t) {
    for (int i = 0; i < maxAttempts(); i++) {
      refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    }
  }

  // --- login, retry limit, lock ---

  @Test
  void aFreshTokenIsLoggedOutAndHasALabel() throws Exception {
    KeyToken t = fresh();
    assertThat(t.state()).isEqualTo(TokenState.LOGGED_OUT);
    assertThat(t.label()).isNotBlank();
  }

  @Test
  void theRightPinMakesTheTokenReady() throws Exception {
    KeyToken t = fresh();
    t.login(pin());
    assertThat(t.state()).isEqualTo(TokenState.READY);
    assertThat(t.findMasterKey(alias("none"))).isEmpty();
  }

  @Test
  void aWrongPinIsRefusedAndCountsDown() throws Exception {
    KeyToken t = fresh();
    TokenException first = refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    assertThat(first.remainingAttempts()).isEqualTo(maxAttempts() - 1);
    assertThat(t.state()).isEqualTo(TokenState.LOGGED_OUT);
    TokenException second = refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    assertThat(second.remainingAttempts()).isEqualTo(maxAttempts() - 2);
    refused(Reason.NOT_LOGGED_IN, () -> t.createMasterKey(alias("m")));
  }

  @Test
  void aSuccessfulLoginResetsTheCount() throws Exception {
    KeyToken t = fresh();
    for (int i = 0; i < maxAttempts() - 1; i++) {
      refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    }
    t.login(pin());
    assertThat(t.state()).isEqualTo(TokenState.READY);
    t.logout();
    assertThat(refused(Reason.WRONG_PIN, () -> t.login(wrongPin())).remainingAttempts())
        .isEqualTo(maxAttempts() - 1);
  }

  @Test
  void reachingTheLimitLocksTheTokenEvenForTheRightPin() throws Exception {
    KeyToken t = fresh();
    for (int i = 1; i <= maxAttempts(); i++) {
      TokenException e = refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
      assertThat(e.remainingAttempts()).isEqualTo(maxAttempts() - i);
    }
    assertThat(t.state()).isEqualTo(TokenState.LOCKED);
    refused(Reason.LOCKED, () -> t.login(pin()));
    assertThat(t.state()).isEqualTo(TokenState.LOCKED);
    refused(Reason.LOCKED, () -> t.login(wrongPin()));
  }

  @Test
  void theLockSurvivesReopening() throws Exception {
    assumeThat(canReopen()).as("token can be reopened").isTrue();
    KeyToken t = fresh();
    lock(t);
    t.close();
    KeyToken again = reopen();
    assertThat(again.state()).isEqualTo(TokenState.LOCKED);
    refused(Reason.LOCKED, () -> again.login(pin()));
    refused(Reason.LOCKED, () -> again.createMasterKey(alias("m")));
  }

  @Test
  void failedAttemptsSurviveReopening() throws Exception {
    assumeThat(canReopen()).as("token can be reopened").isTrue();
    KeyToken t = fresh();
    refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    t.close();
    KeyToken again = reopen();
    assertThat(refused(Reason.WRONG_PIN, () -> again.login(wrongPin())).remainingAttempts())
        .isEqualTo(maxAttempts() - 3);
  }

  @Test
  void aLoginWhileReadyStillChecksThePin() throws Exception {
    KeyToken t = ready();
    refused(Reason.WRONG_PIN, () -> t.login(wrongPin()));
    assertThat(t.state()).isNotEqualTo(TokenState.READY);
    refused(Reason.NOT_LOGGED_IN, () -> t.findMasterKey(alias("m")));
    t.login(pin());
    assertThat(t.state()).isEqualTo(TokenState.READY);
  }

  @Test
  void anEmptyPinIsRefused() throws Exception {
    KeyToken t = fresh();
    refused(Reason.WRONG_PIN, () -> t.login(new char[0]));
    assertThat(t.state()).isNotEqualTo(TokenState.READY);
  }

  // --- key operations outside READY ---

  @Test
  void keyOperationsAreRefusedWhenLoggedOut() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    DataKey k = DataKey.generate("k1");
    WrappedKey w = t.wrap(m, k, AAD);
    t.logout();
    assertThat(t.state()).isEqualTo(TokenState.LOGGED_OUT);
    refused(Reason.NOT_LOGGED_IN, () -> t.findMasterKey(m.alias()));
    refused(Reason.NOT_LOGGED_IN, () -> t.createMasterKey(alias("n")));
    refused(Reason.NOT_LOGGED_IN, () -> t.wrap(m, k, AAD));
    refused(Reason.NOT_LOGGED_IN, () -> t.unwrap(m, w, AAD));
    refused(Reason.NOT_LOGGED_IN, () -> t.deleteMasterKey(m));
  }

  @Test
  void keyOperationsAreRefusedWhenLocked() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    DataKey k = DataKey.generate("k1");
    WrappedKey w = t.wrap(m, k, AAD);
    t.logout();
    lock(t);
    refused(Reason.LOCKED, () -> t.findMasterKey(m.alias()));
    refused(Reason.LOCKED, () -> t.createMasterKey(alias("n")));
    refused(Reason.LOCKED, () -> t.wrap(m, k, AAD));
    refused(Reason.LOCKED, () -> t.unwrap(m, w, AAD));
    refused(Reason.LOCKED, () -> t.deleteMasterKey(m));
  }

  @Test
  void everythingIsRefusedAfterCloseAndCloseIsIdempotent() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    DataKey k = DataKey.generate("k1");
    WrappedKey w = t.wrap(m, k, AAD);
    t.close();
    assertThat(t.state()).isEqualTo(TokenState.ABSENT);
    assertThatCode(t::close).doesNotThrowAnyException();
    assertThatCode(t::logout).doesNotThrowAnyException();
    assertThat(t.state()).isEqualTo(TokenState.ABSENT);
    refused(Reason.ABSENT, () -> t.login(pin()));
    refused(Reason.ABSENT, () -> t.findMasterKey(m.alias()));
    refused(Reason.ABSENT, () -> t.createMasterKey(alias("n")));
    refused(Reason.ABSENT, () -> t.wrap(m, k, AAD));
    refused(Reason.ABSENT, () -> t.unwrap(m, w, AAD));
    refused(Reason.ABSENT, () -> t.deleteMasterKey(m));
    assertThat(t.state()).isEqualTo(TokenState.ABSENT);
  }

  // --- wrapping ---

  @Test
  void wrapAndUnwrapRoundTrip() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    DataKey k = DataKey.generate("t1-g0");
    WrappedKey w = t.wrap(m, k, AAD);
    assertThat(w.masterAlias()).isEqualTo(m.alias());
    assertThat(w.keyId()).isEqualTo("t1-g0");
    assertThat(HexFormat.of().formatHex(w.ciphertext())).doesNotContain(HexFormat.of().formatHex(raw(k)));

    DataKey back = t.unwrap(m, WrappedKey.fromBytes(w.toBytes()), AAD);
    assertThat(back.keyId()).isEqualTo("t1-g0");
    assertThat(raw(back)).isEqualTo(raw(k));
    byte[] ct = k.aead().encrypt("row".getBytes(StandardCharsets.UTF_8), AAD);
    assertThat(back.aead().decrypt(ct, AAD)).isEqualTo("row".getBytes(StandardCharsets.UTF_8));
    assertThat(t.wrap(m, k, AAD).ciphertext()).as("fresh IV per wrap").isNotEqualTo(w.ciphertext());
  }

  @Test
  void aWrappedKeyUnwrapsAfterReopening() throws Exception {
    assumeThat(canReopen()).as("token can be reopened").isTrue();
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    DataKey k = DataKey.generate("k1");
    byte[] stored = t.wrap(m, k, AAD).toBytes();
    t.close();
    KeyToken again = reopen();
    again.login(pin());
    KeyHandle found = again.findMasterKey(m.alias()).orElseThrow();
    assertThat(found).isEqualTo(m);
    assertThat(raw(again.unwrap(found, WrappedKey.fromBytes(stored), AAD))).isEqualTo(raw(k));
  }

  @Test
  void anAlteredWrappedKeyFailsWithIntegrity() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    WrappedKey w = t.wrap(m, DataKey.generate("k1"), AAD);
    byte[] ct = w.ciphertext();
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      refused(Reason.INTEGRITY, () -> t.unwrap(m, new WrappedKey(w.masterAlias(), w.keyId(), bad), AAD));
    }
    refused(Reason.INTEGRITY,
        () -> t.unwrap(m, new WrappedKey(w.masterAlias(), w.keyId(), Arrays.copyOf(ct, ct.length - 1)), AAD));
    refused(Reason.INTEGRITY,
        () -> t.unwrap(m, new WrappedKey(w.masterAlias(), w.keyId(), Arrays.copyOf(ct, ct.length + 1)), AAD));
    refused(Reason.INTEGRITY, () -> t.unwrap(m, new WrappedKey(w.masterAlias(), w.keyId(), new byte[0]), AAD));
    assertThat(t.unwrap(m, w, AAD).keyId()).isEqualTo("k1");
  }

  @Test
  void otherAssociatedDataFailsWithIntegrity() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    WrappedKey w = t.wrap(m, DataKey.generate("k1"), AAD);
    byte[] other = AAD.clone();
    other[other.length - 1] ^= 0x01;
    refused(Reason.INTEGRITY, () -> t.unwrap(m, w, other));
    refused(Reason.INTEGRITY, () -> t.unwrap(m, w, new byte[0]));
  }

  @Test
  void aWrappedKeyPresentedUnderAnotherKeyIdFailsWithIntegrity() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    WrappedKey w = t.wrap(m, DataKey.generate("t1-g0"), AAD);
    refused(Reason.INTEGRITY, () -> t.unwrap(m, new WrappedKey(m.alias(), "t1-g1", w.ciphertext()), AAD));
  }

  @Test
  void aWrappedKeyMovedToAnotherAliasFailsWithIntegrity() throws Exception {
    KeyToken t = ready();
    KeyHandle a = t.createMasterKey(alias("a"));
    KeyHandle b = t.createMasterKey(alias("b"));
    WrappedKey w = t.wrap(a, DataKey.generate("k1"), AAD);
    refused(Reason.INTEGRITY, () -> t.unwrap(b, new WrappedKey(b.alias(), w.keyId(), w.ciphertext()), AAD));
    refused(Reason.INTEGRITY, () -> t.unwrap(b, w, AAD));
  }

  @Test
  void twoMasterKeysAreIndependent() throws Exception {
    KeyToken t = ready();
    KeyHandle a = t.createMasterKey(alias("a"));
    KeyHandle b = t.createMasterKey(alias("b"));
    DataKey k = DataKey.generate("k1");
    WrappedKey wa = t.wrap(a, k, AAD);
    WrappedKey wb = t.wrap(b, k, AAD);
    t.deleteMasterKey(a);
    assertThat(t.findMasterKey(a.alias())).isEmpty();
    refused(Reason.KEY_NOT_FOUND, () -> t.unwrap(a, wa, AAD));
    assertThat(raw(t.unwrap(b, wb, AAD))).isEqualTo(raw(k));
  }

  @Test
  void masterKeyLifecycle() throws Exception {
    KeyToken t = ready();
    String name = alias("m");
    assertThat(t.findMasterKey(name)).isEmpty();
    KeyHandle m = t.createMasterKey(name);
    assertThat(m.alias()).isEqualTo(name);
    assertThat(m.tokenLabel()).isEqualTo(t.label());
    assertThat(t.findMasterKey(name)).contains(m);
    refused(Reason.UNSUPPORTED, () -> t.createMasterKey(name));
    WrappedKey w = t.wrap(m, DataKey.generate("k1"), AAD);
    t.deleteMasterKey(m);
    assertThat(t.findMasterKey(name)).isEmpty();
    refused(Reason.KEY_NOT_FOUND, () -> t.deleteMasterKey(m));
    refused(Reason.KEY_NOT_FOUND, () -> t.wrap(m, DataKey.generate("k2"), AAD));
    KeyHandle again = t.createMasterKey(name);
    refused(Reason.INTEGRITY, () -> t.unwrap(again, w, AAD));
  }

  @Test
  void aHandleOfAnotherTokenIsNotFound() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    KeyHandle foreign = new KeyHandle(t.label() + "-other", m.alias());
    refused(Reason.KEY_NOT_FOUND, () -> t.wrap(foreign, DataKey.generate("k1"), AAD));
  }

  @Test
  void theMasterKeyIsNotExtractable() throws Exception {
    KeyToken t = ready();
    KeyHandle m = t.createMasterKey(alias("m"));
    // Through the API: a handle holds names only, and no token method hands out bytes.
    assertThat(Arrays.stream(KeyHandle.class.getDeclaredFields()).filter(f -> !f.isSynthetic()))
        .allSatisfy(f -> assertThat(f.getType()).isEqualTo(String.class));
    assertThat(Arrays.stream(t.getClass().getMethods()).map(java.lang.reflect.Method::getReturnType))
        .doesNotContain(byte[].class, char[].class);
    assertMasterKeyNotExtractable(t, m);
  }

  // --- secrets ---

  @Test
  void pinsAndKeyBytesNeverAppearInMessagesOrLogs() throws Exception {
    List<Throwable> thrown = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    List<String> secrets = new ArrayList<>(List.of(PIN, WRONG_PIN));
    String log;
    try (LogCapture logs = LogCapture.start()) {
      KeyToken t = fresh();
      collect(thrown, () -> t.login(wrongPin()));
      t.login(pin());
      KeyHandle m = t.createMasterKey(alias("m"));
      DataKey k = DataKey.generate("k-secret");
      WrappedKey w = t.wrap(m, k, AAD);
      DataKey back = t.unwrap(m, w, AAD);
      byte[] bad = w.ciphertext();
      bad[bad.length - 1] ^= 0x01;
      collect(thrown, () -> t.unwrap(m, new WrappedKey(m.alias(), w.keyId(), bad), AAD));
      collect(thrown, () -> t.unwrap(m, w, new byte[0]));
      collect(thrown, () -> t.createMasterKey(m.alias()));
      secrets.addAll(encodings(raw(k)));
      secrets.addAll(extraSecrets(t));
      shown.addAll(List.of(t.toString(), m.toString(), w.toString(), k.toString(), back.toString()));
      t.logout();
      collect(thrown, () -> t.wrap(m, k, AAD));
      for (int i = 0; i < maxAttempts() + 1; i++) {
        collect(thrown, () -> t.login(wrongPin()));
      }
      collect(thrown, () -> t.login(pin()));
      t.close();
      collect(thrown, () -> t.login(pin()));
      log = logs.text();
    }
    assertThat(thrown).extracting(e -> ((TokenException) e).reason()).contains(Reason.WRONG_PIN, Reason.INTEGRITY,
        Reason.UNSUPPORTED, Reason.NOT_LOGGED_IN, Reason.LOCKED, Reason.ABSENT);
    assertThat(log).as("the capture works: the token logged its wrong PINs").containsIgnoringCase("wrong PIN");
    for (Throwable e : thrown) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      shown.add(trace.toString());
    }
    shown.add(log);
    for (String text : shown) {
      for (String secret : secrets) {
        assertThat(text).doesNotContainIgnoringCase(secret);
      }
    }
  }

  private static void collect(List<Throwable> into, ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    into.add(t);
  }

  /** The ways key bytes could be printed: hex, Base64, Arrays.toString. */
  protected static List<String> encodings(byte[] key) {
    return List.of(HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key),
        Base64.getUrlEncoder().withoutPadding().encodeToString(key), Arrays.toString(key));
  }
}
