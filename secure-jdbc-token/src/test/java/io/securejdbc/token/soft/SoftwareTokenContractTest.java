package io.securejdbc.token.soft;

import static org.assertj.core.api.Assertions.assertThat;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenContractTest;
import io.securejdbc.token.KeyTokens;
import io.securejdbc.token.WrappedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The token contract against the software token with a key store file (cheap KDF settings for speed). */
class SoftwareTokenContractTest extends KeyTokenContractTest {

  @TempDir
  Path dir;
  private Path file;

  private Map<String, String> options() {
    return Map.of("path", file.toString(), "maxPinAttempts", "3", "kdfMemoryKiB", "64", "kdfIterations", "1");
  }

  @Override
  protected KeyToken openFreshToken() throws Exception {
    file = dir.resolve(UUID.randomUUID() + ".sjks");
    try (KeyToken setup = KeyTokens.open("software", options())) {
      setup.login(pin());
    }
    return KeyTokens.open("software", options());
  }

  @Override
  protected KeyToken reopenSameToken() throws Exception {
    return KeyTokens.open("software", options());
  }

  @Override
  protected int maxAttempts() {
    return 3;
  }

  @Override
  protected void assertMasterKeyNotExtractable(KeyToken token, KeyHandle master) throws Exception {
    byte[] mk = StoreReader.masterKeys(file, PIN).get(master.alias());
    assertThat(mk).hasSize(32);
    // The file holds it only encrypted...
    assertThat(HexFormat.of().formatHex(Files.readAllBytes(file))).doesNotContain(HexFormat.of().formatHex(mk));
    // ...and it really is the key the token wraps with, so the check above looked for the right bytes.
    DataKey k = DataKey.generate("k1");
    WrappedKey w = token.wrap(master, k, new byte[] {1});
    assertThat(StoreReader.unwrap(mk, w, new byte[] {1})).isEqualTo(raw(k));
  }

  @Override
  protected List<String> extraSecrets(KeyToken token) throws Exception {
    List<String> out = new ArrayList<>();
    for (byte[] mk : StoreReader.masterKeys(file, PIN).values()) {
      out.addAll(encodings(mk));
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
