package io.securejdbc.jdbc;

/** The driver's version. */
public final class SecureVersion {

  public static final String VERSION = "0.1.0-SNAPSHOT";
  public static final int MAJOR = 0;
  public static final int MINOR = 1;

  private SecureVersion() {}
}
