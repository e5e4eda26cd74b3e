package io.ratekit.collector.api;

import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.testing.OpenApiDocuments;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The committed openapi/collector.yaml matches the code; the channel config matches the shared AMQP names. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void committedDocumentIsCurrent() throws Exception {
        OpenApiDocuments.check("collector", given().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void channelsUseTheSharedNames() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.outgoing.usage.exchange.name", String.class)).isEqualTo(AmqpNames.USAGE_EXCHANGE);
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).contains("ratekit_collector_lag_seconds");
    }
}
