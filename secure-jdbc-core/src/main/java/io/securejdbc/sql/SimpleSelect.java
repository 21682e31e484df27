package io.securejdbc.sql;

import java.util.List;

/**
 * A query simple enough to answer without the working engine: one table, plain columns, and a WHERE clause that
 * {@code where} states exactly (not merely a superset of).
 *
 * @param columns indexes of the projected columns in the table's column order
 * @param labels the result's column labels
 * @param where the exact filter, or null for none
 */
public record SimpleSelect(String table, List<Integer> columns, List<String> labels, Pred where) {}
