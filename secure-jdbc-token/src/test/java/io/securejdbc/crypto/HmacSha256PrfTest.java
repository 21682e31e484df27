package io.securejdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacSha256PrfTest {

  @Test
  void matchesRfc4231TestCase2() {
    Prf prf = new HmacSha256Prf("Jefe".getBytes(StandardCharsets.US_ASCII));
    byte[] out = prf.compute("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII), 32);
    assertThat(HexFormat.of().formatHex(out))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void truncatesToTheRequestedLengthAndRejectsOthers() {
    Prf prf = DataKey.generate("k").prf();
    byte[] full = prf.compute(new byte[] {1}, 32);
    assertThat(prf.compute(new byte[] {1}, 8)).isEqualTo(Arrays.copyOf(full, 8));
    assertThatThrownBy(() -> prf.compute(new byte[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> prf.compute(new byte[] {1}, 33)).isInstanceOf(IllegalArgumentException.class);
  }
}
