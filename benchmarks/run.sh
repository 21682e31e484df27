#!/usr/bin/env bash
# The one command: build the benchmarks jar, run every engine × workload × size in ONE JMH run, and regenerate the
# results section of docs/benchmarks.md plus the charts in docs/benchmarks/ from that run's JSON.
#
#   benchmarks/run.sh                        # 10k and 100k rows, the documented settings
#   SIZES=10000,100000,1000000 benchmarks/run.sh   # with 1M rows (adds about 30 minutes of loading)
#   JMH="-wi 2 -w 1s -i 3 -r 1s" SIZES=10000 benchmarks/run.sh   # a quick development run
#   benchmarks/run.sh -p system=h2,secure    # extra arguments go to JMH
#
# Needs Java 17, Maven, and PostgreSQL on 127.0.0.1:5432 (user postgres, trust) for the PostgreSQL engines; leave
# those out with: -p system=h2,secure,shardingsphere
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-10000,100000}
JMH=${JMH:-"-wi 2 -w 2s -i 4 -r 2s"}
HEAP=${HEAP:-8g}
OUT=${OUT:-benchmarks/target/run-$(date +%Y%m%d-%H%M%S)}
mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$OUT"
# Run from a copy, so that a rebuild during the run cannot pull the jar from under the JVM.
cp benchmarks/target/benchmarks.jar "$OUT/benchmarks.jar"
# -f 0: see docs/benchmarks.md ("Why one JVM") — every (engine, size) is loaded once and reused by all workloads.
# AlwaysPreTouch: without it the kernel faults in fresh heap pages during the measurements (a third of the CPU in
# the kernel, plain H2's point lookup drifting from 5 to 23 µs within one run); see docs/benchmarks.md.
java -Xms"$HEAP" -Xmx"$HEAP" -XX:+AlwaysPreTouch -Dbench.verdicts="$OUT/verdicts.jsonl" ${BENCH_JVM:-} -jar "$OUT/benchmarks.jar" SqlBenchmark \
  -f 0 -p size="$SIZES" $JMH -rf json -rff "$OUT/results.json" "$@" 2>&1 | tee "$OUT/jmh.log"
mkdir -p docs/benchmarks
cp "$OUT/results.json" docs/benchmarks/results.json
cp "$OUT/verdicts.jsonl" docs/benchmarks/verdicts.jsonl
java -cp "$OUT/benchmarks.jar" io.securejdbc.bench.report.Report docs/benchmarks/results.json \
  docs/benchmarks/verdicts.jsonl docs/benchmarks.md docs/benchmarks
