package io.securejdbc.catalog;

import java.util.List;

/**
 * A foreign key: rows of the child table whose {@code columnIds} are all non-NULL must match a row of the parent
 * on {@code parentColumnIds}, which form the parent's PRIMARY KEY or a UNIQUE key. Tables are named by id, so
 * renames keep the constraint. Checked by the driver at the end of every statement.
 *
 * @param onDelete what deleting a referenced parent row does to its children
 */
public record ForeignKey(String name, String childTableId, List<Integer> columnIds, String parentTableId,
    List<Integer> parentColumnIds, OnDelete onDelete) {

  /** ON DELETE actions. NO ACTION and RESTRICT both refuse (checked per statement). */
  public enum OnDelete {
    NO_ACTION, CASCADE, SET_NULL
  }
}
