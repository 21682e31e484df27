package io.securejdbc.token.soft;

import io.securejdbc.token.TokenException;
import io.securejdbc.token.TokenException.Reason;
import io.securejdbc.token.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where a software token keeps its key store image: a file, or (for an in-memory token) a field. */
interface Backing {

  /** The current image, or null when no store exists yet. */
  KeyStoreImage read() throws TokenException;

  void write(KeyStoreImage image) throws TokenException;

  /** Runs a read-modify-write cycle that no other thread or process interleaves with. */
  <T> T locked(AtomicFiles.Locked<T> action) throws TokenException;

  /** A key store file, shared safely between threads and processes. */
  final class OnFile implements Backing {

    private final Path path;

    OnFile(Path path) {
      this.path = path;
    }

    Path path() {
      return path;
    }

    @Override
    public KeyStoreImage read() throws TokenException {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new TokenException(Reason.IO, "the key store file cannot be read", e);
      }
      return KeyStoreImage.decode(bytes);
    }

    @Override
    public void write(KeyStoreImage image) throws TokenException {
      try {
        AtomicFiles.write(path, image.encode());
      } catch (IOException e) {
        throw new TokenException(Reason.IO, "the key store file cannot be written", e);
      }
    }

    @Override
    public <T> T locked(AtomicFiles.Locked<T> action) throws TokenException {
      try {
        return AtomicFiles.locked(path, action);
      } catch (IOException e) {
        throw new TokenException(Reason.IO, "the key store file cannot be locked or accessed", e);
      }
    }
  }

  /** A store that lives as long as its token object; callers already hold the token's monitor. */
  final class InMemory implements Backing {

    private KeyStoreImage image;

    @Override
    public KeyStoreImage read() {
      return image;
    }

    @Override
    public void write(KeyStoreImage image) {
      this.image = image;
    }

    @Override
    public <T> T locked(AtomicFiles.Locked<T> action) throws TokenException {
      try {
        return action.run();
      } catch (IOException e) {
        throw new TokenException(Reason.IO, "unexpected I/O in an in-memory token", e);
      }
    }
  }
}
