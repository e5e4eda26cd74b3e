package io.ratekit.processor.api;

import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.testing.OpenApiDocuments;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** GET /v2/rating/modules in CloudKitty's shape; the published OpenAPI document; the channel names. */
@QuarkusTest
class RatingModuleResourceTest {

    @Test
    void listsTheNoopModuleAsCloudKittyDoes() {
        given().get("/v2/rating/modules").then().statusCode(200)
                .body("modules[0].module_id", equalTo("noop"))
                .body("modules[0].enabled", equalTo(true))
                .body("modules[0].priority", equalTo(1))
                .body("modules[0].hot_config", equalTo(true));
        given().get("/v2/rating/modules/noop").then().statusCode(200).body("module_id", equalTo("noop"));
        given().get("/v2/rating/modules/hashmap").then().statusCode(404);
    }

    @Test
    void committedOpenApiDocumentIsCurrent() throws Exception {
        OpenApiDocuments.check("processor", given().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void channelsUseTheSharedNames() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.usage.queue.name", String.class)).isEqualTo(AmqpNames.PROCESSOR_QUEUE);
        assertThat(config.getValue("mp.messaging.incoming.usage.exchange.name", String.class)).isEqualTo(AmqpNames.USAGE_EXCHANGE);
    }

    @Test
    void readinessAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).contains("ratekit_frames_received_total");
    }
}
