package io.securejdbc.bench;

import io.securejdbc.crypto.DataKey;
import io.securejdbc.crypto.RawKeyAccess;
import io.securejdbc.token.KeyHandle;
import io.securejdbc.token.KeyToken;
import io.securejdbc.token.KeyTokenProvider;
import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenState;
import io.securejdbc.token.WrappedKey;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TEMPORARY, benchmarks only: an in-memory {@code software} token so that {@code jdbc:secure:mem:} works from the
 * benchmarks jar until the real {@code io.securejdbc.token.soft.SoftwareTokenProvider} lands on main. Delete then.
 * Keys live in this JVM only; the PIN is fixed at the first login.
 */
public final class BenchMemoryToken implements KeyTokenProvider {

  @Override
  public String type() {
    return "software";
  }

  @Override
  public KeyToken open(Map<String, String> options) {
    return new Token();
  }

  private static final class Token implements KeyToken {
    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private String pin;
    private TokenState state = TokenState.LOGGED_OUT;

    @Override
    public String label() {
      return "bench-memory";
    }

    @Override
    public TokenState state() {
      return state;
    }

    @Override
    public void login(char[] p) throws TokenException {
      String given = new String(p);
      if (pin == null) {
        pin = given;
      } else if (!pin.equals(given)) {
        throw new TokenException(TokenException.Reason.WRONG_PIN, "wrong PIN");
      }
      state = TokenState.READY;
    }

    @Override
    public void logout() {
      state = TokenState.LOGGED_OUT;
    }

    @Override
    public Optional<KeyHandle> findMasterKey(String alias) {
      return keys.containsKey(alias) ? Optional.of(new KeyHandle("bench-memory", alias)) : Optional.empty();
    }

    @Override
    public KeyHandle createMasterKey(String alias) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      keys.put(alias, new SecretKeySpec(k, "AES"));
      return new KeyHandle("bench-memory", alias);
    }

    @Override
    public WrappedKey wrap(KeyHandle master, DataKey key, byte[] aad) throws TokenException {
      try {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.get(master.alias()), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        byte[] ct = key.withRawMaterial(RawKeyAccess.forTokenImplementations(), raw -> {
          try {
            return c.doFinal(raw);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        byte[] out = new byte[12 + ct.length];
        System.arraycopy(iv, 0, out, 0, 12);
        System.arraycopy(ct, 0, out, 12, ct.length);
        return new WrappedKey(master.alias(), key.keyId(), out);
      } catch (Exception e) {
        throw new TokenException(TokenException.Reason.INTEGRITY, "wrap failed", e);
      }
    }

    @Override
    public DataKey unwrap(KeyHandle master, WrappedKey w, byte[] aad) throws TokenException {
      try {
        byte[] ct = w.ciphertext();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, keys.get(master.alias()), new GCMParameterSpec(128, ct, 0, 12));
        c.updateAAD(aad);
        return DataKey.fromRawMaterial(RawKeyAccess.forTokenImplementations(), w.keyId(),
            c.doFinal(ct, 12, ct.length - 12));
      } catch (Exception e) {
        throw new TokenException(TokenException.Reason.INTEGRITY, "unwrap failed", e);
      }
    }

    @Override
    public void deleteMasterKey(KeyHandle master) {
      keys.remove(master.alias());
    }

    @Override
    public void close() {
      state = TokenState.ABSENT;
    }
  }
}
