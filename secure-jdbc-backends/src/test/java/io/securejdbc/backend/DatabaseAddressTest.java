package io.securejdbc.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseAddressTest {

  private static DatabaseAddress a(String url) {
    return DatabaseAddress.of(url);
  }

  @Test
  void serverUrls_ignoreParametersCredentialsAndLoopbackSpelling() {
    assertThat(a("jdbc:postgresql://localhost/crm?user=x&password=y"))
        .isEqualTo(new DatabaseAddress("loopback:5432", "crm"));
    assertThat(a("jdbc:postgresql://127.0.0.1:5432/crm").sameDatabase(a("jdbc:postgresql://localhost/crm")))
        .isTrue();
    assertThat(a("jdbc:postgresql://db.example:5433/crm").sameServer(a("jdbc:postgresql://DB.example:5433/other")))
        .isTrue();
    assertThat(a("jdbc:postgresql://db.example:5433/crm").sameServer(a("jdbc:postgresql://db.example/crm")))
        .isFalse();
    assertThat(a("jdbc:mariadb://db-b:3306/idx")).isEqualTo(a("jdbc:mysql://db-b/idx?useSSL=true"));
    assertThat(a("jdbc:postgresql://h1:5432,h2:5433/crm").server()).isEqualTo("h1:5432,h2:5433");
    assertThat(a("jdbc:h2:tcp://localhost/mem:x;DB_CLOSE_DELAY=-1"))
        .isEqualTo(new DatabaseAddress("loopback:9092", "mem:x"));
  }

  @Test
  void embeddedH2_isNeverOnASharedServer_andFilePathsAreNormalised() {
    assertThat(a("jdbc:h2:mem:a;DB_CLOSE_DELAY=-1").sameDatabase(a("jdbc:h2:mem:a"))).isTrue();
    assertThat(a("jdbc:h2:mem:a").sameDatabase(a("jdbc:h2:mem:b"))).isFalse();
    assertThat(a("jdbc:h2:mem:a").sameServer(a("jdbc:h2:mem:b"))).isFalse();
    assertThat(a("jdbc:h2:file:/tmp/x/data").sameDatabase(a("jdbc:h2:/tmp/y/../x/data;MODE=MySQL"))).isTrue();
  }
}
