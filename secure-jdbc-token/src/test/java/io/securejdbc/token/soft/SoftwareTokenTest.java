package io.securejdbc.token.soft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokens;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The software token behaves like a hardware token: PIN, retry limit, lock, non-extractable keys, tamper checks. */
class SoftwareTokenTest {

  @TempDir
  Path dir;

  private KeyToken open(int attempts) throws TokenException {
    return KeyTokens.open("software", Map.of("path", dir.resolve("t.sjks").toString(), "kdfMemoryKiB", "256",
        "kdfIterations", "1", "maxPinAttempts", Integer.toString(attempts)));
  }

  private static Reason reason(ThrowingRunnable r) {
    try {
      r.run();
    } catch (TokenException e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return null;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void wrapUnwrap_roundTrips_andIsBoundToAssociatedDataAndAlias() throws Exception {
    try (KeyToken t = open(5)) {
      t.login("1234".toCharArray());
      KeyHandle a = t.createMasterKey("a");
      KeyHandle b = t.createMasterKey("b");
      DataKey k = DataKey.generate("k1");
      WrappedKey w = t.wrap(a, k, "aad".getBytes());
      DataKey back = t.unwrap(a, w, "aad".getBytes());
      byte[] probe = "hello".getBytes();
      assertThat(back.aead().decrypt(k.aead().encrypt(probe, new byte[0]), new byte[0])).isEqualTo(probe);
      assertThat(reason(() -> t.unwrap(a, w, "other".getBytes()))).isEqualTo(Reason.INTEGRITY);
      assertThat(reason(() -> t.unwrap(b, w, "aad".getBytes()))).isEqualTo(Reason.INTEGRITY);
      byte[] ct = w.ciphertext();
      ct[ct.length - 1] ^= 1;
      assertThat(reason(() -> t.unwrap(a, new WrappedKey("a", "k1", ct), "aad".getBytes())))
          .isEqualTo(Reason.INTEGRITY);
      assertThat(reason(() -> t.createMasterKey("a"))).isNotNull();
    }
  }

  @Test
  void reopen_withRightPin_findsKeys_wrongPin_countsAndLocks_evenAcrossReopen() throws Exception {
    WrappedKey w;
    DataKey k = DataKey.generate("k1");
    try (KeyToken t = open(3)) {
      t.login("r1ght-P1N".toCharArray());
      w = t.wrap(t.createMasterKey("m"), k, new byte[0]);
    }
    try (KeyToken t = open(3)) {
      TokenException e = null;
      try {
        t.login("wr0ng-P1N".toCharArray());
      } catch (TokenException ex) {
        e = ex;
      }
      assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN);
      assertThat(e.remainingAttempts()).isEqualTo(2);
      assertThat(e.getMessage()).doesNotContain("wr0ng-P1N").doesNotContain("r1ght-P1N");
      t.login("r1ght-P1N".toCharArray());
      assertThat(t.unwrap(t.findMasterKey("m").orElseThrow(), w, new byte[0]).keyId()).isEqualTo("k1");
    }
    try (KeyToken t = open(3)) {
      assertThat(reason(() -> t.login("x".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
    }
    try (KeyToken t = open(3)) {
      assertThat(reason(() -> t.login("y".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
      assertThat(reason(() -> t.login("z".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
      assertThat(t.state()).isEqualTo(TokenState.LOCKED);
      assertThat(reason(() -> t.login("r1ght-P1N".toCharArray()))).isEqualTo(Reason.LOCKED);
    }
    try (KeyToken t = open(3)) {
      assertThat(reason(() -> t.login("r1ght-P1N".toCharArray()))).isEqualTo(Reason.LOCKED);
    }
  }

  @Test
  void keyOperations_refusedWhenLoggedOutOrClosed_andCloseIsIdempotent() throws Exception {
    KeyToken t = open(5);
    assertThat(reason(() -> t.createMasterKey("m"))).isEqualTo(Reason.NOT_LOGGED_IN);
    t.login("pin".toCharArray());
    KeyHandle m = t.createMasterKey("m");
    t.logout();
    assertThat(reason(() -> t.wrap(m, DataKey.generate("x"), new byte[0]))).isEqualTo(Reason.NOT_LOGGED_IN);
    t.close();
    t.close();
    assertThat(t.state()).isEqualTo(TokenState.ABSENT);
    assertThat(reason(() -> t.login("pin".toCharArray()))).isEqualTo(Reason.ABSENT);
  }

  @Test
  void tamperedKeyStore_isDetected_andHoldsNoKeyInClear() throws Exception {
    try (KeyToken t = open(5)) {
      t.login("pin".toCharArray());
      t.createMasterKey("m");
    }
    Path file = dir.resolve("t.sjks");
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 1;
    Files.write(file, bytes);
    try (KeyToken t = open(5)) {
      assertThat(reason(() -> t.login("pin".toCharArray()))).isIn(Reason.WRONG_PIN, Reason.INTEGRITY);
    }
  }

  @Test
  void masterKey_isNeverReturnedAsBytes() {
    for (var m : KeyToken.class.getMethods()) {
      assertThat(m.getReturnType()).isNotEqualTo(byte[].class);
    }
    for (var m : DataKey.class.getMethods()) {
      assertThat(m.getReturnType()).as(m.getName()).isNotEqualTo(byte[].class);
    }
  }
}
