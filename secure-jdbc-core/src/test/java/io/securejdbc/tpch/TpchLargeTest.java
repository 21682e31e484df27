package io.securejdbc.tpch;

import org.junit.jupiter.api.Tag;

/** TPC-H at SF 0.02 (120k line items): with -Pfull only. */
@Tag("slow")
class TpchLargeTest extends TpchQueriesTest {

  @Override
  double scaleFactor() {
    return 0.02;
  }
}
