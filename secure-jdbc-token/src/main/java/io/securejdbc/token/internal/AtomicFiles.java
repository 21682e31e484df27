package io.securejdbc.token.internal;

import io.securejdbc.token.TokenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Crash-safe small files for token state (key stores, PIN retry counters). Not an API: used by the token
 * implementations of this module only.
 *
 * <h2>Security guarantees</h2>
 * A reader sees either the old or the new content, never a mix: {@link #write} writes a temporary file in the same
 * directory (owner-only permissions on POSIX, the JDK's default for temporary files), forces it to disk, and renames
 * it over the target with {@code ATOMIC_MOVE}. {@link #locked} serialises read-modify-write cycles between threads of
 * this JVM and between processes, so that concurrent logins cannot lose a retry-counter increment.
 */
public final class AtomicFiles {

  /** An action run under the lock; it may do I/O and refuse with a token error. */
  @FunctionalInterface
  public interface Locked<T> {
    T run() throws IOException, TokenException;
  }

  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code bytes} atomically and durably. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Never fall back to a non-atomic copy: a torn key store or counter would be worse than a refused write.
        throw new IOException("the file system cannot replace files atomically", e);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Runs {@code action} holding an exclusive lock for {@code target}: a lock per path inside this JVM (file locks are
   * per process) plus an OS file lock on the sidecar file {@code target + ".lock"}, which is left in place.
   */
  public static <T> T locked(Path target, Locked<T> action) throws IOException, TokenException {
    Path abs = target.toAbsolutePath().normalize();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(abs, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(abs.getParent());
      Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        try {
          return action.run();
        } finally {
          lock.release();
        }
      }
    } finally {
      jvmLock.unlock();
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename itself durable on Linux; other systems refuse to open a directory, and there the rename is
    // as durable as the file system makes it.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort, see above
    }
  }
}
