package io.securejdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every workload on every engine and size, in one run, so that each figure can be divided by plain H2's figure from
 * the same run. Parameters are declared size first: JMH varies the first parameter slowest, so a run goes size by
 * size and each (engine, size) database is loaded once ({@link Registry}).
 *
 * <p>Before measuring, the trial's setup checks the engine's answers against plain H2 ({@link Workload#check}); a
 * wrong or refused answer is written to the verdict file and the trial is abandoned, so it has no score.
 *
 * <p>Once per loaded database, {@link Probes} check a few statements outside the workloads (ORDER BY, range as
 * comparisons, MAX) against plain H2, to record what each engine cannot answer or answers wrongly.
 *
 * <p>{@code -Dbench.jfr=DIR}: record each trial's measurement with Java Flight Recorder (1 ms sampling) into DIR.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(0)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SqlBenchmark {

  // JMH varies parameters in the order of their names, first name slowest: size < statement < system. So a run goes
  // size by size and, within a size, statement by statement with all engines one after the other: the figures that
  // are divided by each other are measured minutes apart at most, under the same background load.
  @Param({"10000", "100000"})
  public int size;

  /** The workload. */
  @Param({"point", "sel1pct", "range", "like", "join", "groupby", "insert500", "update", "mix"})
  public String statement;

  /** The engine. */
  @Param({"h2", "secure", "postgres", "securepg", "shardingsphere"})
  public String system;

  private Workload.Op op;
  private Recording recording;
  private Path recordingFile;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Engine e = Engine.parse(system);
    Workload w = Workload.parse(statement);
    if (skipped(e, size)) {
      Verdicts.record(e, size, w, new Verdict("skipped", "left out of this run by -Dbench.skip"));
      throw new IllegalStateException("skipped by -Dbench.skip");
    }
    Db db = Registry.get(e, size);
    Db ref = e == Engine.h2 ? db : Registry.get(Engine.h2, size);
    if (!db.probed && e != Engine.h2) {
      db.probed = true;
      Probes.run(db, ref);
    }
    Verdict v = w.check(db, ref);
    Verdicts.record(e, size, w, v);
    if (!v.passed()) {
      Registry.log(e + " " + w + " @" + size + ": " + v.kind() + ": " + v.detail());
      throw new IllegalStateException("not measured, answer " + v.kind() + ": " + v.detail());
    }
    op = w.prepare(db);
    String jfr = System.getProperty("bench.jfr");
    if (jfr != null) {
      Files.createDirectories(Path.of(jfr));
      recordingFile = Path.of(jfr, system + "-" + statement + "-" + size + ".jfr");
      recording = new Recording();
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.enable("jdk.ObjectAllocationSample");
      recording.start();
    }
  }

  /** {@code -Dbench.skip=securepg@1000000,postgres@1000000}: (engine, size) pairs this run leaves out. */
  static boolean skipped(Engine e, int size) {
    for (String item : System.getProperty("bench.skip", "").split(",")) {
      if (item.trim().equalsIgnoreCase(e + "@" + size)) {
        return true;
      }
    }
    return false;
  }

  @Benchmark
  public long run() throws Exception {
    return op.run();
  }

  /** Write workloads undo their inserts after each iteration, outside the measured time ({@link Workload.Op#reset}). */
  @TearDown(Level.Iteration)
  public void endIteration() throws Exception {
    if (op != null) {
      op.reset();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (recording != null) {
      recording.stop();
      recording.dump(recordingFile);
      recording.close();
      recording = null;
    }
    if (op != null) {
      op.close();
      op = null;
    }
  }
}
