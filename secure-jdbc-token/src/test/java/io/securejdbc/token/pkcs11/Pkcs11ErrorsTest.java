package io.securejdbc.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.io.IOException;
import java.security.ProviderException;
import java.security.UnrecoverableKeyException;
import javax.crypto.AEADBadTagException;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping of PKCS#11 return values; the chains mimic what SunPKCS11 throws (seen with SoftHSM2). */
class Pkcs11ErrorsTest {

  /** What KeyStore.load throws for a wrong PIN: the PKCS11Exception's message is the return value's name. */
  private static Exception loginChain(String ckr) {
    FailedLoginException login = new FailedLoginException();
    login.initCause(new Exception(ckr));
    UnrecoverableKeyException unrecoverable = new UnrecoverableKeyException();
    unrecoverable.initCause(login);
    return new IOException("load failed", unrecoverable);
  }

  @ParameterizedTest
  @CsvSource({
      "CKR_PIN_INCORRECT, WRONG_PIN",
      "CKR_PIN_LOCKED, LOCKED",
      "CKR_TOKEN_NOT_PRESENT, ABSENT",
      "CKR_DEVICE_REMOVED, ABSENT",
      "CKR_TOKEN_NOT_RECOGNIZED, ABSENT",
      "CKR_USER_NOT_LOGGED_IN, NOT_LOGGED_IN",
      "CKR_OBJECT_HANDLE_INVALID, NOT_LOGGED_IN",
      "CKR_MECHANISM_INVALID, UNSUPPORTED",
      "CKR_VENDOR_DEFINED, IO"
  })
  void mapsReturnValues(String ckr, Reason expected) {
    TokenException e = Pkcs11Errors.map("login", loginChain(ckr));
    assertThat(e.reason()).isEqualTo(expected);
    assertThat(e.getMessage()).isEqualTo("login failed (" + ckr + ")");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void aFailedGcmTagIsIntegrity() {
    AEADBadTagException bad =
        new AEADBadTagException("sun.security.pkcs11.wrapper.PKCS11Exception: CKR_GENERAL_ERROR");
    assertThat(Pkcs11Errors.map("unwrap", bad).reason()).isEqualTo(Reason.INTEGRITY);
    assertThat(Pkcs11Errors.map("unwrap", new AEADBadTagException()).reason()).isEqualTo(Reason.INTEGRITY);
  }

  @Test
  void aRemovedTokenWithoutReturnValueIsAbsent() {
    assertThat(Pkcs11Errors.map("wrap", new ProviderException("Token has been removed")).reason())
        .isEqualTo(Reason.ABSENT);
  }

  @Test
  void anythingElseIsIo() {
    TokenException e = Pkcs11Errors.map("wrap", new ProviderException("something odd"));
    assertThat(e.reason()).isEqualTo(Reason.IO);
    assertThat(e.getMessage()).isEqualTo("wrap failed");
  }
}
