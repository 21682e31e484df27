package io.securejdbc.token.soft;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenContractTest;
import io.securejdbc.token.KeyTokens;
import java.util.Map;

/** The token contract against the in-memory software token (no path: its first login sets the PIN). */
class InMemorySoftwareTokenContractTest extends KeyTokenContractTest {

  @Override
  protected KeyToken openFreshToken() throws Exception {
    KeyToken t = KeyTokens.open("software", Map.of("maxPinAttempts", "4"));
    t.login(pin());
    t.logout();
    return t;
  }

  @Override
  protected KeyToken reopenSameToken() {
    throw new UnsupportedOperationException("an in-memory token ends with its object");
  }

  @Override
  protected boolean canReopen() {
    return false;
  }

  @Override
  protected int maxAttempts() {
    return 4;
  }

  @Override
  protected void assertMasterKeyNotExtractable(KeyToken token, KeyHandle master) {
    // Nothing is at rest; the API checks of the contract are all there is to check, plus: no public state.
    assertThat(SoftwareToken.class.getFields()).isEmpty();
    assertThat(SoftwareToken.class.getConstructors()).isEmpty();
  }
}
