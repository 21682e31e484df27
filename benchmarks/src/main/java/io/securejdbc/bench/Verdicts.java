package io.securejdbc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The side file of a run ({@code -Dbench.verdicts=FILE}, JSON lines): the correctness verdict of every trial and the
 * load time of every database. The report generator joins it with JMH's JSON: a trial whose answer was wrong has no
 * score (its setup fails on purpose) and shows as "wrong", never as a speed.
 */
public final class Verdicts {

  private Verdicts() {}

  static Path file() {
    return Path.of(System.getProperty("bench.verdicts", "bench-verdicts.jsonl"));
  }

  public static synchronized void record(Engine engine, int size, Workload workload, Verdict v) {
    append("{\"type\":\"verdict\",\"engine\":\"" + engine + "\",\"size\":" + size + ",\"workload\":\"" + workload
        + "\",\"verdict\":\"" + v.kind() + "\",\"detail\":\"" + escape(v.detail()) + "\"}");
  }

  public static synchronized void recordProbe(Engine engine, int size, String probe, String sql, Verdict v) {
    append("{\"type\":\"probe\",\"engine\":\"" + engine + "\",\"size\":" + size + ",\"probe\":\"" + escape(probe)
        + "\",\"sql\":\"" + escape(sql) + "\",\"verdict\":\"" + v.kind() + "\",\"detail\":\""
        + escape(v.detail()) + "\"}");
  }

  public static synchronized void recordLoad(Engine engine, int size, long millis) {
    append("{\"type\":\"load\",\"engine\":\"" + engine + "\",\"size\":" + size + ",\"millis\":" + millis + "}");
  }

  private static void append(String line) {
    try {
      Path f = file().toAbsolutePath();
      if (f.getParent() != null) {
        Files.createDirectories(f.getParent());
      }
      Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file(), e);
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }
}
