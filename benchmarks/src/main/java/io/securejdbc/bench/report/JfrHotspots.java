package io.securejdbc.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the execution samples of a JFR recording of one trial (written by {@code -Dbench.jfr=DIR}): where the
 * benchmark thread spends its time, as self time (top frame) and as inclusive time of secure-jdbc methods and of the
 * libraries underneath. Markdown on standard output.
 *
 * <pre>java -cp benchmarks.jar io.securejdbc.bench.report.JfrHotspots FILE.jfr [TOP]</pre>
 */
public final class JfrHotspots {

  /** {@code -Djfr.thread}: part of the sampled thread's name ({@code main} for a program run outside JMH). */
  private static final String THREAD = System.getProperty("jfr.thread", "jmh-worker");

  private JfrHotspots() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> selfLib = new HashMap<>();
    Map<String, Integer> nearest = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
      if (thread == null || !thread.contains(THREAD)) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      String topName = name(frames.get(0).getMethod());
      self.merge(topName, 1, Integer::sum);
      selfLib.merge(library(frames), 1, Integer::sum);
      nearest.merge(nearestDriverFrame(frames), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f.getMethod());
        if (n.startsWith("io.securejdbc.") && !n.startsWith("io.securejdbc.bench.") && seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.println("samples on the benchmark thread: " + total + " (" + args[0] + ")\n");
    print("self time by area (top frame, classified)", selfLib, total, top);
    print("self time by method (top frame)", self, total, top);
    print("inclusive time of secure-jdbc methods", inclusive, total, top);
    print("time by the nearest secure-jdbc caller (library time charged to the driver method that called it)",
        nearest, total, top);
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println("| " + title + " | % |\n|---|---:|");
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
        .forEach(en -> System.out.printf(Locale.ROOT, "| `%s` | %.1f |%n", en.getKey(),
            100.0 * en.getValue() / Math.max(1, total)));
    System.out.println();
  }

  static String nearestDriverFrame(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String n = name(f.getMethod());
      if (n.startsWith("io.securejdbc.") && !n.startsWith("io.securejdbc.bench.")) {
        return n;
      }
    }
    return "(outside the driver)";
  }

  static String name(RecordedMethod m) {
    return m.getType().getName() + "." + m.getName();
  }

  /**
   * The area of a sample: the library of its top frame, and for H2 whether it runs for the driver's backends
   * (under io.securejdbc.store / backend) or for its working engine (under io.securejdbc.exec.Scratch / the
   * working statement).
   */
  static String library(List<RecordedFrame> frames) {
    String t = frames.get(0).getMethod().getType().getName();
    List<String> callers = new ArrayList<>();
    for (RecordedFrame f : frames) {
      callers.add(f.getMethod().getType().getName());
    }
    if (t.startsWith("org.h2.")) {
      for (String c : callers) {
        if (c.startsWith("io.securejdbc.store.") || c.startsWith("io.securejdbc.backend.")) {
          return "H2 (backend side: data/index store)";
        }
        if (c.startsWith("io.securejdbc.exec.") || c.startsWith("io.securejdbc.jdbc.")) {
          return "H2 (working engine in the driver)";
        }
      }
      return "H2 (other)";
    }
    if (t.startsWith("com.sun.crypto.") || t.startsWith("javax.crypto.") || t.startsWith("sun.security.")) {
      return "JDK crypto (AES-GCM, HMAC, SHA)";
    }
    if (t.startsWith("org.bouncycastle.")) {
      return "Bouncy Castle (GCM-SIV, HKDF)";
    }
    if (t.startsWith("org.apache.calcite.") || t.startsWith("com.google.")) {
      return "Calcite / Guava";
    }
    if (t.startsWith("io.securejdbc.")) {
      return "secure-jdbc code (" + t.substring("io.securejdbc.".length(), t.lastIndexOf('.')) + ")";
    }
    if (t.startsWith("java.") || t.startsWith("jdk.") || t.startsWith("sun.")) {
      return "JDK (" + t.substring(0, t.lastIndexOf('.')) + ")";
    }
    return t.contains(".") ? t.substring(0, t.lastIndexOf('.')) : t;
  }
}
