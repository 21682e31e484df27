package io.securejdbc.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A parsed sqllogictest script (format: ../shared/conformance/README.md). */
final class SltScript {

  /** One record: a statement or a query with its expected output. */
  record Record(int line, boolean query, boolean expectError, String sql, String types, String sort,
      List<String> expected) {}

  private SltScript() {}

  /** Records that apply to an engine that is none of the named ones (onlyif records are dropped). */
  static List<Record> parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Record> records = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      boolean skip = false;
      while (line.startsWith("skipif") || line.startsWith("onlyif")) {
        skip |= line.startsWith("onlyif");
        line = lines.get(++i).strip();
      }
      if (line.equals("halt")) {
        break;
      }
      if (line.startsWith("hash-threshold")) {
        i++;
        continue;
      }
      String[] head = line.split("\\s+");
      i++;
      StringBuilder sql = new StringBuilder();
      while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
        sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i));
        i++;
      }
      List<String> expected = new ArrayList<>();
      if (i < lines.size() && lines.get(i).equals("----")) {
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          expected.add(lines.get(i));
          i++;
        }
      }
      if (skip) {
        continue;
      }
      if (head[0].equals("statement")) {
        records.add(new Record(start, false, head.length > 1 && head[1].equals("error"), sql.toString(), null, null,
            List.of()));
      } else if (head[0].equals("query")) {
        records.add(new Record(start, true, false, sql.toString(), head[1], head.length > 2 ? head[2] : "nosort",
            expected));
      }
    }
    return records;
  }
}
