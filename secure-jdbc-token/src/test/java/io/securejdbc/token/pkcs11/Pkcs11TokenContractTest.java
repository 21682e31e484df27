package io.securejdbc.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenContractTest;
import io.securejdbc.token.KeyTokens;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.spec.InvalidKeySpecException;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token contract against SoftHSM2 through SunPKCS11. SoftHSM2 has no retry limit of its own, so the fixture
 * configures the client-side counter ({@code pinCounterFile}); see docs/token.md for what that does and does not give.
 */
class Pkcs11TokenContractTest extends KeyTokenContractTest {

  @TempDir
  Path dir;
  private Path counterFile;

  /** Per test rather than per class, so that a skip shows as skipped tests with the reason. */
  @BeforeEach
  void softHsm() {
    SoftHsm.require();
  }

  @Override
  protected KeyToken openFreshToken() throws Exception {
    counterFile = dir.resolve(UUID.randomUUID() + ".pin-counter");
    return reopenSameToken();
  }

  @Override
  protected KeyToken reopenSameToken() throws Exception {
    return KeyTokens.open("pkcs11",
        SoftHsm.options("pinCounterFile", counterFile.toString(), "maxPinAttempts", "3"));
  }

  @Override
  protected int maxAttempts() {
    return 3;
  }

  @Override
  protected void assertMasterKeyNotExtractable(KeyToken token, KeyHandle master) throws Exception {
    KeyStore other = SoftHsm.independentKeyStore();
    Key key = other.getKey(master.alias(), null);
    assertThat(key).as("the master key is a token object").isInstanceOf(SecretKey.class);
    assertThat(key.getEncoded()).isNull();
    assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
    SecretKeyFactory factory = SecretKeyFactory.getInstance("AES", other.getProvider());
    assertThatThrownBy(() -> factory.getKeySpec((SecretKey) key, SecretKeySpec.class))
        .isInstanceOf(InvalidKeySpecException.class);
  }
}
