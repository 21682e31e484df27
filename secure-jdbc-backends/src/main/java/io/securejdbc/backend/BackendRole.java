package io.securejdbc.backend;

/** What a backend may hold: encrypted rows (and the encrypted catalog), or keyword indexes. */
public enum BackendRole {
  DATA,
  INDEX
}
