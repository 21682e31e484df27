package io.securejdbc.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two builds of the benchmarks jar in one JVM: each jar is loaded by its own class loader (so each has its
 * own secure-jdbc, H2 and JIT profile), every (jar, engine) loads its own database, and rounds alternate between
 * them in reversing order. Separate JVMs could not resolve 5–10% effects (plain H2's range query measured 73 to
 * 143 µs across JVMs with one jar); within one JVM they share the machine's state at each moment. Each jar also
 * measures plain H2, so a change is judged by each jar's own ratio: two copies of identical H2 code still differ
 * by up to ~15% within one JVM (heap placement), and running both orders shows how much.
 *
 * <pre>
 * java -Xms8g -Xmx8g -XX:+AlwaysPreTouch -cp benchmarks.jar io.securejdbc.bench.AbCompare \
 *     old.jar,new.jar range 100000 2 9 h2,secure
 * </pre>
 * Arguments: the jars, the workload, rows, seconds per measurement, rounds (the first is warm-up), engines.
 * Not a JMH benchmark: a development tool for before/after comparisons; documented figures come from run.sh.
 */
public final class AbCompare {

  private record Variant(String name, Object op, Method run, Method reset) {}

  private AbCompare() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: AbCompare a.jar,b.jar <workload> <rows> <seconds> <rounds> [engines]");
      System.exit(2);
    }
    List<Variant> variants = new ArrayList<>();
    for (String jar : args[0].split(",")) {
      variants.addAll(load(Path.of(jar), args[1], Integer.parseInt(args[2]),
          (args.length > 5 ? args[5] : "h2,secure").split(",")));
    }
    double seconds = Double.parseDouble(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Map<String, List<Double>> micros = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    for (Variant v : variants) {
      micros.put(v.name(), new ArrayList<>());
      cpu.put(v.name(), new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      List<Variant> order = new ArrayList<>(variants);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (Variant v : order) {
        double[] us = measure(v, seconds);
        if (r > 0) {
          micros.get(v.name()).add(us[0]);
          cpu.get(v.name()).add(us[1]);
        }
      }
    }
    for (Map.Entry<String, List<Double>> e : micros.entrySet()) {
      List<Double> l = new ArrayList<>(e.getValue());
      if (l.isEmpty()) {
        continue;
      }
      Collections.sort(l);
      List<Double> c = new ArrayList<>(cpu.get(e.getKey()));
      Collections.sort(c);
      System.out.printf(Locale.ROOT, "%-40s median %10.2f µs  p25 %10.2f  p75 %10.2f  n=%d   cpu median %10.2f µs"
          + "  p25 %10.2f  p75 %10.2f%n", e.getKey(), l.get(l.size() / 2), l.get(l.size() / 4),
          l.get(3 * l.size() / 4), l.size(), c.get(c.size() / 2), c.get(c.size() / 4), c.get(3 * c.size() / 4));
    }
  }

  private static List<Variant> load(Path jar, String workload, int rows, String[] engines) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no such jar: " + jar);
    }
    // The platform loader as parent: nothing of this JVM's class path (this jar) leaks into the variant.
    ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    // DriverManager finds drivers through the caller's loader; load them so that each registers with it.
    Class.forName("io.securejdbc.SecureDriver", true, cl);
    Class.forName("org.h2.Driver", true, cl);
    Class<?> engine = cl.loadClass(Engine.class.getName());
    Class<?> workloads = cl.loadClass(Workload.class.getName());
    Class<?> db = cl.loadClass(Db.class.getName());
    Class<?> op = cl.loadClass(Workload.Op.class.getName());
    List<Variant> out = new ArrayList<>();
    for (String name : engines) {
      Object e = engine.getMethod("parse", String.class).invoke(null, name);
      Object loaded = engine.getMethod("open", int.class).invoke(e, rows);
      Object w = workloads.getMethod("parse", String.class).invoke(null, workload);
      Object prepared = workloads.getMethod("prepare", db).invoke(w, loaded);
      out.add(new Variant(jar.getFileName() + ":" + name, prepared, op.getMethod("run"), op.getMethod("reset")));
    }
    return out;
  }

  /**
   * Mean wall-clock and process CPU µs per operation over {@code seconds}, then the workload's reset (outside the
   * timing). CPU time counts every thread (the driver's pool threads too, and the JVM's), so on a machine with
   * noisy neighbours it tells a change's cost where wall time only shows how the cores were shared.
   */
  private static double[] measure(Variant v, double seconds) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long n = 0;
    long sink = 0;
    while (System.nanoTime() < end) {
      sink += (long) v.run().invoke(v.op());
      n++;
    }
    double us = (System.nanoTime() - start) / 1e3 / n;
    double cpuUs = (os.getProcessCpuTime() - cpuStart) / 1e3 / n;
    v.reset().invoke(v.op());
    if (sink == Long.MIN_VALUE) {
      System.err.print("");
    }
    return new double[] {us, cpuUs};
  }
}
