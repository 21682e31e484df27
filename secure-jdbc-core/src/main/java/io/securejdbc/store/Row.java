package io.securejdbc.store;

/** A decrypted row: its random id and its values in the table's column order. */
public record Row(long rowId, Object[] values) {}
