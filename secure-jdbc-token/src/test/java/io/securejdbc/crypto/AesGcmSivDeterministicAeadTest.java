package io.securejdbc.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AesGcmSivDeterministicAeadTest {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * RFC 8452 appendix C.3 (counter wrap tests, AEAD_AES_256_GCM_SIV). They use the all-zero nonce, which is exactly
   * the fixed nonce of the deterministic mode, so they check the production constructor unchanged.
   */
  @ParameterizedTest
  @CsvSource({
      "0000000000000000000000000000000000000000000000000000000000000000,"
          + "000000000000000000000000000000004db923dc793ee6497c76dcc03a98e108,"
          + "f3f80f2cf0cb2dd9c5984fcda908456cc537703b5ba70324a6793a7bf218d3eaffffffff000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000000,"
          + "eb3640277c7ffd1303c7a542d02d3e4c0000000000000000,"
          + "18ce4f0b8cb4d0cac65fea8f79257b20888e53e72299e56dffffffff000000000000000000000000"
  })
  void matchesRfc8452CounterWrapVectorsWithTheFixedNonce(String key, String plaintext, String result)
      throws Exception {
    DeterministicAead daead = new AesGcmSivDeterministicAead(HEX.parseHex(key));
    assertThat(HEX.formatHex(daead.encryptDeterministically(HEX.parseHex(plaintext), new byte[0]))).isEqualTo(result);
    assertThat(daead.decryptDeterministically(HEX.parseHex(result), new byte[0])).isEqualTo(HEX.parseHex(plaintext));
  }

  /** RFC 8452 appendix C.2 (AEAD_AES_256_GCM_SIV), including vectors with associated data. */
  @ParameterizedTest
  @CsvSource({
      "0100000000000000000000000000000000000000000000000000000000000000, 030000000000000000000000, , ,"
          + "07f5f4169bbf55a8400cd47ea6fd400f",
      "0100000000000000000000000000000000000000000000000000000000000000, 030000000000000000000000,"
          + "0100000000000000, , c2ef328e5c71c83b843122130f7364b761e0b97427e3df28",
      "0100000000000000000000000000000000000000000000000000000000000000, 030000000000000000000000,"
          + "0200000000000000, 01, 1de22967237a813291213f267e3b452f02d01ae33e4ec854",
      "bae8e37fc83441b16034566b7a806c46bb91c3c5aedb64a6c590bc84d1a5e269, e4b47801afc0577e34699b9e,"
          + "671fdd, 4fbdc66f14, 0eaccb93da9bb81333aee0c785b240d319719d",
      "6545fc880c94a95198874296d5cc1fd161320b6920ce07787f86743b275d1ab3, 2f6d1f0434d8848c1177441f, 195495860f04,"
          + "6787f3ea22c127aaf195, a254dad4f3f96b62b84dc40c84636a5ec12020ec8c2c"
  })
  void matchesRfc8452Vectors(String key, String nonce, String plaintext, String aad, String result) throws Exception {
    byte[] pt = plaintext == null ? new byte[0] : HEX.parseHex(plaintext);
    byte[] ad = aad == null ? new byte[0] : HEX.parseHex(aad);
    DeterministicAead daead = new AesGcmSivDeterministicAead(HEX.parseHex(key), HEX.parseHex(nonce));
    assertThat(HEX.formatHex(daead.encryptDeterministically(pt, ad))).isEqualTo(result);
    assertThat(daead.decryptDeterministically(HEX.parseHex(result), ad)).isEqualTo(pt);
  }

  @Test
  void isDeterministicPerKeyAndAssociatedData() throws Exception {
    DataKey key = DataKey.generate("k1");
    byte[] pt = "keyword".getBytes();
    byte[] a = key.deterministicAead().encryptDeterministically(pt, "col=1".getBytes());
    assertThat(key.deterministicAead().encryptDeterministically(pt, "col=1".getBytes())).isEqualTo(a);
    assertThat(key.deterministicAead().encryptDeterministically(pt, "col=2".getBytes())).isNotEqualTo(a);
    assertThat(DataKey.generate("k1").deterministicAead().encryptDeterministically(pt, "col=1".getBytes()))
        .isNotEqualTo(a);
    assertThat(key.deterministicAead().decryptDeterministically(a, "col=1".getBytes())).isEqualTo(pt);
  }

  @Test
  void tamperingOrOtherAssociatedDataFails() throws Exception {
    DeterministicAead daead = DataKey.generate("k1").deterministicAead();
    byte[] ct = daead.encryptDeterministically("keyword".getBytes(), "col=1".getBytes());
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x80;
      assertThatThrownBy(() -> daead.decryptDeterministically(bad, "col=1".getBytes()))
          .as("byte %d", i).isInstanceOf(AEADBadTagException.class);
    }
    assertThatThrownBy(() -> daead.decryptDeterministically(ct, "col=2".getBytes()))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> daead.decryptDeterministically(new byte[15], new byte[0]))
        .isInstanceOf(AEADBadTagException.class);
  }
}
