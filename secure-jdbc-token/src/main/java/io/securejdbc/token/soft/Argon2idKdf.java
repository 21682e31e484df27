package io.securejdbc.token.soft;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) from Bouncy Castle over the UTF-8 bytes of the PIN. Bouncy Castle clears its
 * memory blocks after each run; this class zeroes its copy of the PIN bytes (Bouncy Castle's {@code char[]} variant
 * would leave one behind).
 */
final class Argon2idKdf implements PinKdf {

  static final int KEK_LENGTH = 32;

  @Override
  public byte[] deriveKek(char[] pin, KdfParams params, byte[] salt) {
    byte[] pinBytes = utf8(pin);
    try {
      Argon2BytesGenerator gen = new Argon2BytesGenerator();
      gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withSalt(salt)
          .withMemoryAsKB(params.memoryKiB())
          .withIterations(params.iterations())
          .withParallelism(params.parallelism())
          .build());
      byte[] kek = new byte[KEK_LENGTH];
      gen.generateBytes(pinBytes, kek);
      return kek;
    } finally {
      Arrays.fill(pinBytes, (byte) 0);
    }
  }

  /** UTF-8 without a String (which could not be zeroed); unpaired surrogates become '?', deterministically. */
  static byte[] utf8(char[] pin) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer buf;
    try {
      buf = encoder.encode(CharBuffer.wrap(pin));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 encoding with REPLACE cannot fail", e);
    }
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    Arrays.fill(buf.array(), (byte) 0);
    return out;
  }
}
