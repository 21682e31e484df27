package io.securejdbc.layouts;

import io.securejdbc.testkit.LayoutChecks;
import io.securejdbc.testkit.TestLayouts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayoutSmokeTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(TestLayouts.Layout.class)
  void roundTrip_onEveryLayout(TestLayouts.Layout layout) throws Exception {
    try (TestLayouts layouts = new TestLayouts()) {
      String url = layouts.url(layout, dir);
      try (Connection c = DriverManager.getConnection(url)) {
        LayoutChecks.smoke(c);
        LayoutChecks.differential(c);
      }
    }
  }
}
