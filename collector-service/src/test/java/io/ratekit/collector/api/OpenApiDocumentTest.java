package io.ratekit.collector.api;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.testing.OpenApiDocuments;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The committed openapi/collector.yaml matches the code; health and metrics are served. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class OpenApiDocumentTest {

    @Test
    void committedDocumentIsCurrent() throws Exception {
        OpenApiDocuments.check("collector", given().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).contains("ratekit_collector_lag_seconds");
    }
}
