package io.securejdbc.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a statement needs from the encrypted store: for each table it reads, the predicates of its references
 * (null for a reference that needs every row). Cached per SQL text and catalog version.
 *
 * @param kind what the statement does
 * @param target the table a DML statement changes (null for queries, or when unknown: then every table it names)
 * @param reads table name -> one filter per reference (null = all rows)
 * @param parsedByCalcite false when Calcite could not parse the statement and the tables were found by scanning
 *     its identifiers (every named table is then read in full)
 * @param simple non-null when the query can be answered directly from the candidate rows (see {@link SimpleSelect})
 * @param links equi-joins along which one reference's candidates narrow another's
 * @param write non-null for an INSERT or UPDATE the driver may apply without the engine (see {@link SimpleWrite})
 * @param join non-null for a two-table join the driver may answer without the engine (see {@link SimpleJoin})
 */
public record Analysis(Kind kind, String target, Map<String, List<Pred>> reads, boolean parsedByCalcite,
    SimpleSelect simple, List<JoinLink> links, SimpleWrite write, SimpleJoin join) {

  /** Statement kinds the executor distinguishes. */
  public enum Kind {
    QUERY,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    /** Anything else the in-memory engine may run as is (SET, CALL of built-ins...): refused for now. */
    OTHER
  }

  public Analysis {
    reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
    links = links == null ? List.of() : List.copyOf(links);
  }

  public Analysis(Kind kind, String target, Map<String, List<Pred>> reads, boolean parsedByCalcite) {
    this(kind, target, reads, parsedByCalcite, null, List.of(), null, null);
  }

  public Analysis(Kind kind, String target, Map<String, List<Pred>> reads, boolean parsedByCalcite,
      SimpleSelect simple, List<JoinLink> links) {
    this(kind, target, reads, parsedByCalcite, simple, links, null, null);
  }

  public Analysis(Kind kind, String target, Map<String, List<Pred>> reads, boolean parsedByCalcite,
      SimpleSelect simple, List<JoinLink> links, SimpleWrite write) {
    this(kind, target, reads, parsedByCalcite, simple, links, write, null);
  }

  public boolean isDml() {
    return kind == Kind.INSERT || kind == Kind.UPDATE || kind == Kind.DELETE || kind == Kind.MERGE;
  }
}
