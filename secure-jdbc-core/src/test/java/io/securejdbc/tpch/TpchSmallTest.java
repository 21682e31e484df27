package io.securejdbc.tpch;

/** TPC-H at SF 0.005 (30k line items): part of every build. */
class TpchSmallTest extends TpchQueriesTest {

  @Override
  double scaleFactor() {
    return 0.005;
  }
}
