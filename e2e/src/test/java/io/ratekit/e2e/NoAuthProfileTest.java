package io.ratekit.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged service refuses to run without authentication in production, and shouts when it runs so elsewhere. */
class NoAuthProfileTest {

    private static final Path ROOT = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();

    @Test
    void authenticationOffIsRefusedUnderTheProdProfile() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth-prod",
                Map.of("QUARKUS_PROFILE", "prod", "RATEKIT_SECURITY_NOAUTH", "true"))) {
            assertThatThrownBy(() -> cluster.start(cluster.processor)).hasMessageContaining("exited");
            assertThat(Files.readString(cluster.processor.log()))
                    .contains("ratekit.security.noauth=true is refused while the 'prod' profile is active");
        }
    }

    @Test
    void theNoauthProfileRunsAndSaysSoLoudly() throws Exception {
        try (RatekitCluster cluster = new RatekitCluster(ROOT, "ratekit-e2e-noauth", Map.of())) {
            cluster.start(cluster.processor);
            io.restassured.RestAssured.given().get(cluster.processor.url() + "/v1/rating/modules").then().statusCode(200);
            cluster.processor.awaitReady(Duration.ofSeconds(5));
            assertThat(Files.readString(cluster.processor.log())).contains("AUTHENTICATION IS OFF");
        }
    }
}
