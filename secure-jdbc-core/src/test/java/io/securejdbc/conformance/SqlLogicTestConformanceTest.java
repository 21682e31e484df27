package io.securejdbc.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securejdbc.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's sqllogictest scripts through plain H2 and through secure-jdbc: every query plain H2 answers correctly,
 * secure-jdbc must answer correctly too. The default run takes a sample of each file; {@code -Pfull} runs them all.
 * The scripts live in ../shared (absent in a user's clone: the test then skips).
 */
class SqlLogicTestConformanceTest {

  private static final Logger LOG = LoggerFactory.getLogger(SqlLogicTestConformanceTest.class);
  static final Path DIR = Path.of("..", "..", "shared", "conformance", "sqllogictest");

  static Stream<String> files() throws Exception {
    Path dir = DIR.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return Stream.of("(absent)");
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0} (sample)")
  @MethodSource("files")
  void sample_everyQueryPlainH2AnswersCorrectly_secureAnswersCorrectly(String file) throws Exception {
    run(file, 400);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0} (full)")
  @MethodSource("files")
  void full_everyQueryPlainH2AnswersCorrectly_secureAnswersCorrectly(String file) throws Exception {
    run(file, Integer.MAX_VALUE);
  }

  private void run(String file, int maxQueries) throws Exception {
    Path path = DIR.toAbsolutePath().normalize().resolve(file);
    assumeTrue(Files.isRegularFile(path), "sqllogictest scripts not found at " + DIR + " (no ../shared here)");
    List<SltScript.Record> records = SltScript.parse(path);
    int queries = 0;
    int plainCorrect = 0;
    int secureCorrect = 0;
    List<String> regressions = new ArrayList<>();
    try (Connection plain = TestDb.plainH2(); Connection secure = TestDb.open(TestDb.uniqueName())) {
      SltRunner p = new SltRunner(plain);
      SltRunner s = new SltRunner(secure);
      for (SltScript.Record r : records) {
        if (r.query() && queries >= maxQueries) {
          continue;
        }
        SltRunner.Outcome po = p.run(r);
        SltRunner.Outcome so = s.run(r);
        if (!r.query()) {
          if (po == SltRunner.Outcome.CORRECT && so != SltRunner.Outcome.CORRECT) {
            regressions.add("statement " + so + " " + SltRunner.describe(r));
          }
          continue;
        }
        queries++;
        plainCorrect += po == SltRunner.Outcome.CORRECT ? 1 : 0;
        secureCorrect += so == SltRunner.Outcome.CORRECT ? 1 : 0;
        if (po == SltRunner.Outcome.CORRECT && so != SltRunner.Outcome.CORRECT) {
          regressions.add("query " + so + " " + SltRunner.describe(r));
        }
      }
    }
    LOG.info("sqllogictest {}: {} queries, plain H2 correct {}, secure-jdbc correct {}, regressions {}", file,
        queries, plainCorrect, secureCorrect, regressions.size());
    assertThat(regressions).as("records plain H2 gets right and secure-jdbc does not (%s)", file)
        .isEmpty();
    assertThat(secureCorrect).isGreaterThanOrEqualTo(plainCorrect);
  }
}
