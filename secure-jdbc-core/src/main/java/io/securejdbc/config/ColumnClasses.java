package io.securejdbc.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data-protection classes of columns (docs/backends.md, "Placement rules"). A backend that lists {@code classes}
 * holds only columns of those classes; a column's class comes from {@code columns: TABLE.COLUMN: {class: ...}}, then
 * {@code TABLE.*}, then {@code defaultClass}.
 *
 * @param defaultClass the class of every column not named in {@code byColumn}
 * @param byColumn class per upper-case {@code TABLE.COLUMN} or {@code TABLE.*}
 */
public record ColumnClasses(String defaultClass, Map<String, String> byColumn) {

  /** The protection classes, least sensitive first. */
  public static final List<String> KNOWN = List.of("public", "internal", "confidential", "restricted");

  public static final String DEFAULT = "internal";

  /** Every column is {@value #DEFAULT} (embedded layouts and configurations without classes). */
  public static ColumnClasses defaults() {
    return new ColumnClasses(DEFAULT, Map.of());
  }

  /** The class of {@code TABLE.COLUMN} (names compared case-insensitively). */
  public String classOf(String table, String column) {
    String t = table.toUpperCase(Locale.ROOT);
    String exact = byColumn.get(t + "." + column.toUpperCase(Locale.ROOT));
    return exact != null ? exact : byColumn.getOrDefault(t + ".*", defaultClass);
  }

  /** The canonical (lower-case) name of a class, or null when it is not one of {@link #KNOWN}. */
  public static String canonical(String name) {
    String c = name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    return KNOWN.contains(c) ? c : null;
  }
}
