package io.securejdbc;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bug of ours that surfaced as an unchecked exception becomes an SQLException (XX000), so that an application
 * never sees an internal {@code NullPointerException} or the like. Its message is left out everywhere: runtime
 * exceptions often quote the value they failed on, and values are plaintext. Only the exception's class and where
 * in the driver it was thrown are reported and logged.
 */
public final class InternalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

  private InternalErrors() {}

  /**
   * The exception to report instead of {@code e}. A statement that fails this way is undone like any failed
   * statement (every write path undoes on unchecked exceptions too).
   */
  public static SQLException of(Throwable e) {
    String where = ourFrame(e);
    LOG.error("internal error: {} at {}", e.getClass().getName(), where);
    return SqlState.INTERNAL_ERROR.exception("internal error in secure-jdbc (" + e.getClass().getSimpleName()
        + " at " + where + "). Please report it with the driver version and this message");
  }

  /** The innermost frame in our own code, else the innermost frame. */
  private static String ourFrame(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (StackTraceElement f : trace) {
      if (f.getClassName().startsWith("io.securejdbc.")) {
        return f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
      }
    }
    return trace.length == 0 ? "unknown" : trace[0].getClassName() + "." + trace[0].getMethodName();
  }
}
