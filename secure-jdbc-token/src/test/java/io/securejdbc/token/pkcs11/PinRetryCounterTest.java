package io.securejdbc.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinRetryCounterTest {

  @TempDir
  Path dir;

  private static Reason reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    return ((TokenException) t).reason();
  }

  @Test
  void countsPersistsAndLocksAtTheLimit() throws Exception {
    Path file = dir.resolve("pin.counter");
    PinRetryCounter c = new PinRetryCounter(file, 2);
    assertThat(c.failedAttempts()).isZero();
    assertThat(c.countAttempt()).isEqualTo(1);
    assertThat(new PinRetryCounter(file, 2).failedAttempts()).isEqualTo(1);
    assertThat(c.countAttempt()).isEqualTo(2);
    assertThat(c.isLocked()).isTrue();
    assertThat(reason(c::countAttempt)).isEqualTo(Reason.LOCKED);
    assertThat(c.failedAttempts()).isEqualTo(2);
  }

  @Test
  void resetAndLock() throws Exception {
    PinRetryCounter c = new PinRetryCounter(dir.resolve("pin.counter"), 3);
    c.countAttempt();
    c.reset();
    assertThat(c.failedAttempts()).isZero();
    c.lock();
    assertThat(c.isLocked()).isTrue();
  }

  @Test
  void aMalformedFileIsRefusedNotTakenAsZero() throws Exception {
    Path file = dir.resolve("pin.counter");
    Files.writeString(file, "garbage");
    assertThat(reason(() -> new PinRetryCounter(file, 3).countAttempt())).isEqualTo(Reason.INTEGRITY);
  }
}
