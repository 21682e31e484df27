package io.securejdbc.sql;

/**
 * An equi-join that lets one table reference be narrowed by another's candidates: the rows of read
 * {@code targetRead} of {@code targetTable} that can matter are those whose {@code targetColumn} equals
 * {@code sourceColumn} of some candidate row of read {@code sourceRead} of {@code sourceTable}. Recorded only where
 * that holds (inner joins, the non-preserved side of an outer join, WHERE conjuncts), so narrowing this way keeps the
 * candidate set a superset of what the statement needs.
 */
public record JoinLink(String targetTable, int targetRead, String targetColumn, String sourceTable, int sourceRead,
    String sourceColumn) {}
