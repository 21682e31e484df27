package io.securejdbc.catalog;

import java.util.List;

/**
 * A named index as the application created it (CREATE [UNIQUE] INDEX). Every column already has a keyword index;
 * a named index records the application's intent (metadata, DROP INDEX) and, when unique, the uniqueness key it
 * added ({@code uniqueSlot} >= 0).
 */
public record IndexInfo(String name, String table, List<Integer> columnIds, boolean unique, int uniqueSlot) {}
