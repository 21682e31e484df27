package io.securejdbc.token.soft;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenProvider;
import io.securejdbc.token.KeyTokens;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareTokenProviderTest {

  @TempDir
  Path dir;

  private static Reason reason(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    return ((TokenException) t).reason();
  }

  @Test
  void bothProvidersAreRegisteredForTheServiceLoader() {
    assertThat(ServiceLoader.load(KeyTokenProvider.class).stream().map(p -> p.get().type()))
        .contains("software", "pkcs11");
  }

  @Test
  void keyTokensOpensASoftwareTokenByTypeIgnoringCase() throws Exception {
    try (KeyToken t = KeyTokens.open("SOFTWARE", Map.of())) {
      assertThat(t).isInstanceOf(SoftwareToken.class);
      assertThat(t.label()).isEqualTo("software");
    }
  }

  @Test
  void theLabelDefaultsToTheFileNameAndCanBeSet() throws Exception {
    try (KeyToken t = KeyTokens.open("software", Map.of("path", dir.resolve("keys.sjks").toString()))) {
      assertThat(t.label()).isEqualTo("keys.sjks");
    }
    try (KeyToken t = KeyTokens.open("software", Map.of("label", "hsm-emulator"))) {
      assertThat(t.label()).isEqualTo("hsm-emulator");
    }
  }

  @Test
  void badOptionsAreRefused() {
    String path = dir.resolve("t.sjks").toString();
    assertThat(reason(() -> KeyTokens.open("software", Map.of("maxPinAttempt", "3")))).isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("maxPinAttempts", "three"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("maxPinAttempts", "0")))).isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("kdfMemoryKiB", "4")))).isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("kdfIterations", "0")))).isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("path", path, "createIfAbsent", "yes"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("software", Map.of("createIfAbsent", "false"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> KeyTokens.open("no-such-type", Map.of()))).isEqualTo(Reason.UNSUPPORTED);
  }

  @Test
  void anInMemoryTokenIsSetUpByItsFirstLogin() throws Exception {
    try (KeyToken t = KeyTokens.open("software", Map.of())) {
      t.login("first".toCharArray());
      t.createMasterKey("m");
      t.logout();
      assertThat(reason(() -> t.login("second".toCharArray()))).isEqualTo(Reason.WRONG_PIN);
      t.login("first".toCharArray());
      assertThat(t.findMasterKey("m")).isPresent();
    }
  }

  @Test
  void aliasesWithControlCharactersAreRefused() throws Exception {
    try (KeyToken t = KeyTokens.open("software", Map.of())) {
      t.login("pin".toCharArray());
      assertThat(reason(() -> t.createMasterKey("evil\nINFO forged log line"))).isEqualTo(Reason.UNSUPPORTED);
      assertThat(reason(() -> t.createMasterKey(""))).isEqualTo(Reason.UNSUPPORTED);
      assertThat(reason(() -> t.createMasterKey("x".repeat(256)))).isEqualTo(Reason.UNSUPPORTED);
      assertThat(t.createMasterKey("ok-" + "x".repeat(252)).alias()).hasSize(255);
    }
  }
}
