package io.securejdbc.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option parsing and the generated SunPKCS11 configuration; needs no PKCS#11 library. */
class Pkcs11TokenProviderTest {

  @TempDir
  Path dir;
  private Path library;

  @BeforeEach
  void fakeLibrary() throws Exception {
    library = Files.createFile(dir.resolve("libfake.so"));
  }

  private static Reason reason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(TokenException.class);
    return ((TokenException) t).reason();
  }

  @Test
  void defaultsAndTheAttributeTemplate() throws Exception {
    Pkcs11Settings s = Pkcs11TokenProvider.settings(Map.of("library", library.toString()));
    assertThat(s.slotListIndex()).isZero();
    assertThat(s.name()).isEqualTo("secure-jdbc");
    assertThat(s.label()).isEqualTo("secure-jdbc");
    assertThat(s.pinCounterFile()).isNull();
    assertThat(s.configText()).contains(
        "name = secure-jdbc\n",
        "library = \"" + library + "\"\n",
        "slotListIndex = 0\n",
        "attributes(*, CKO_SECRET_KEY, CKK_AES) = {\n",
        "  CKA_SENSITIVE = true\n",
        "  CKA_EXTRACTABLE = false\n",
        "  CKA_PRIVATE = true\n");
    assertThat(Pkcs11Settings.DEFAULT_LIBRARY).hasToString("/usr/lib/softhsm/libsofthsm2.so");
  }

  @Test
  void allOptions() throws Exception {
    Pkcs11Settings s = Pkcs11TokenProvider.settings(Map.of("library", library.toString(), "slotListIndex", "2",
        "name", "hsm_1", "label", "Vault HSM", "pinCounterFile", "/var/lib/x.counter", "maxPinAttempts", "4"));
    assertThat(s.slotListIndex()).isEqualTo(2);
    assertThat(s.label()).isEqualTo("Vault HSM");
    assertThat(s.pinCounterFile()).hasToString("/var/lib/x.counter");
    assertThat(s.maxPinAttempts()).isEqualTo(4);
    assertThat(s.configText()).contains("name = hsm_1\n", "slotListIndex = 2\n");
  }

  @Test
  void refusesWhatCouldBreakOrInjectIntoTheConfiguration() {
    String lib = library.toString();
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib, "name", "a b"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib, "name", "x\nlibrary=/evil.so"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib + "\"\nslot = 1"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", "${java.home}/lib.so"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib, "slot", "1"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib, "slotListIndex", "-1"))))
        .isEqualTo(Reason.UNSUPPORTED);
    assertThat(reason(() -> Pkcs11TokenProvider.settings(Map.of("library", lib, "maxPinAttempts", "x"))))
        .isEqualTo(Reason.UNSUPPORTED);
  }

  @Test
  void aMissingLibraryIsAbsent() {
    assertThat(reason(() -> new Pkcs11TokenProvider().open(Map.of("library", dir.resolve("none.so").toString()))))
        .isEqualTo(Reason.ABSENT);
  }
}
