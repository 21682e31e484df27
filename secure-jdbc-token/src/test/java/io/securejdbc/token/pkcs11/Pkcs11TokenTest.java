package io.securejdbc.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenContractTest;
import io.securejdbc.token.KeyTokens;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is particular to PKCS#11 and SoftHSM2. */
class Pkcs11TokenTest {

  private static final char[] PIN = KeyTokenContractTest.PIN.toCharArray();

  /** Per test rather than per class, so that a skip shows as skipped tests with the reason. */
  @BeforeEach
  void softHsm() {
    SoftHsm.require();
  }

  private static TokenException refused(Reason reason, ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    assertThat(((TokenException) t).reason()).isEqualTo(reason);
    return (TokenException) t;
  }

  @Test
  void softHsmHasNoRetryLimitSoWithoutACounterFileNothingLocks() throws Exception {
    try (KeyToken t = KeyTokens.open("pkcs11", SoftHsm.options())) {
      assertThat(((Pkcs11Token) t).clientPinRetryLimit()).isEmpty();
      for (int i = 0; i < 12; i++) {
        TokenException e = refused(Reason.WRONG_PIN, () -> t.login("0000".toCharArray()));
        assertThat(e.remainingAttempts()).as("unknown without a counter").isEqualTo(-1);
        assertThat(e.getMessage()).contains("wrong PIN");
        assertThat(e.getCause()).hasStackTraceContaining("CKR_PIN_INCORRECT");
      }
      assertThat(t.state()).isEqualTo(TokenState.LOGGED_OUT);
      t.login(PIN);
      assertThat(t.state()).isEqualTo(TokenState.READY);
    }
  }

  @Test
  void aSecondInstanceCannotLogInWithAWrongPinWhileTheFirstIsLoggedIn() throws Exception {
    try (KeyToken first = KeyTokens.open("pkcs11", SoftHsm.options());
        KeyToken second = KeyTokens.open("pkcs11", SoftHsm.options())) {
      first.login(PIN);
      KeyHandle m = first.createMasterKey("shared-" + UUID.randomUUID());
      // Without the logout before C_Login, SunPKCS11 would skip the login (the process is logged in) and accept this.
      refused(Reason.WRONG_PIN, () -> second.login("0000".toCharArray()));
      assertThat(second.state()).isEqualTo(TokenState.LOGGED_OUT);
      // The documented price: the login state is per process, so the first instance was logged out too.
      refused(Reason.NOT_LOGGED_IN, () -> first.findMasterKey(m.alias()));
      assertThat(first.state()).isEqualTo(TokenState.LOGGED_OUT);
      first.login(PIN);
      assertThat(first.findMasterKey(m.alias())).contains(m);
    }
  }

  @Test
  void masterKeysAreSharedByInstancesOnTheSameToken() throws Exception {
    try (KeyToken a = KeyTokens.open("pkcs11", SoftHsm.options());
        KeyToken b = KeyTokens.open("pkcs11", SoftHsm.options())) {
      a.login(PIN);
      KeyHandle m = a.createMasterKey("both-" + UUID.randomUUID());
      DataKey k = DataKey.generate("k1");
      byte[] stored = a.wrap(m, k, new byte[0]).toBytes();
      b.login(PIN);
      KeyHandle found = b.findMasterKey(m.alias()).orElseThrow();
      assertThat(b.unwrap(found, io.securejdbc.token.WrappedKey.fromBytes(stored), new byte[0]).keyId())
          .isEqualTo("k1");
    }
  }

  @Test
  void aSlotThatDoesNotExistIsAbsent() {
    TokenException e = refused(Reason.ABSENT, () -> KeyTokens.open("pkcs11", SoftHsm.options("slotListIndex", "99")));
    assertThat(e.getMessage()).contains("slot list index 99");
  }

  @Test
  void closeLogsOutAndIsFinal() throws Exception {
    KeyToken t = KeyTokens.open("pkcs11", SoftHsm.options());
    t.login(PIN);
    t.close();
    refused(Reason.ABSENT, () -> t.login(PIN));
    try (KeyToken other = KeyTokens.open("pkcs11", SoftHsm.options())) {
      refused(Reason.WRONG_PIN, () -> other.login("0000".toCharArray()));
    }
  }
}
