package io.securejdbc.sql;

import java.util.List;

/**
 * An inner equi-join of two tables simple enough to answer without the working engine: {@code SELECT col, ... FROM a
 * [JOIN] b ON a.x = b.y [WHERE exact AND exact ...]} where each WHERE conjunct concerns one table and is stated
 * exactly, the join columns have the same type, and nothing else (no DISTINCT, GROUP BY, ORDER BY, LIMIT,
 * expressions) is asked for.
 *
 * @param tables the two tables
 * @param joinColumns for each table, the index of its join column
 * @param wheres for each table, its exact filter (null for none)
 * @param sources for each result column, the table (0 or 1) it comes from
 * @param columns for each result column, its index in that table's columns
 * @param labels the result's column labels
 */
public record SimpleJoin(List<String> tables, List<Integer> joinColumns, List<Pred> wheres, List<Integer> sources,
    List<Integer> columns, List<String> labels) {}
