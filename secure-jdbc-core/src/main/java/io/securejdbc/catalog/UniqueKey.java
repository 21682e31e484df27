package io.securejdbc.catalog;

import java.util.List;

/**
 * A PRIMARY KEY or UNIQUE constraint, enforced by uniqueness tags in data-table column {@code k<slot>}.
 *
 * @param columnIds the key's columns, by id (renames do not affect it)
 */
public record UniqueKey(String name, int slot, boolean primaryKey, List<Integer> columnIds) {}
