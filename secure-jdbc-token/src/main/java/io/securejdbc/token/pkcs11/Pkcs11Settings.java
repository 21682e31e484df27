package io.securejdbc.token.pkcs11;

import java.nio.file.Path;

/**
 * The options of a PKCS#11 token. {@code pinCounterFile} is null when the driver keeps no retry counter of its own
 * and relies on the device's.
 */
record Pkcs11Settings(Path library, int slotListIndex, String name, String label, int maxPinAttempts,
    Path pinCounterFile) {

  static final Path DEFAULT_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  /**
   * The SunPKCS11 configuration. The attributes template applies to every AES secret key the provider creates
   * (generated, imported or copied to a token object): sensitive and non-extractable, so that its value can never be
   * read or wrapped out of the token, private (usable only after login), and not usable for key derivation.
   */
  String configText() {
    return "name = " + name + "\n"
        + "library = \"" + library + "\"\n"
        + "slotListIndex = " + slotListIndex + "\n"
        + "attributes(*, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "  CKA_PRIVATE = true\n"
        + "  CKA_DERIVE = false\n"
        + "}\n";
  }
}
