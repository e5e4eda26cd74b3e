package io.ratekit.processor.api;

import io.quarkus.test.security.TestSecurity;
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
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class RatingModuleResourceTest {

    @Test
    void listsTheModulesAsCloudKittyDoes() {
        given().get("/v2/rating/modules").then().statusCode(200)
                .body("modules.module_id", org.hamcrest.Matchers.contains("hashmap", "noop", "pyscripts"))
                .body("modules[1].enabled", equalTo(true))
                .body("modules[1].priority", equalTo(1))
                .body("modules[1].hot_config", equalTo(true));
        given().get("/v2/rating/modules/noop").then().statusCode(200).body("module_id", equalTo("noop"));
        given().get("/v1/rating/modules/noop").then().statusCode(200).body("'hot-config'", equalTo(true));
        given().get("/v2/rating/modules/pyscripts").then().statusCode(200).body("enabled", equalTo(false));
        given().get("/v2/rating/modules/gnocchi").then().statusCode(404);
    }

    @Test
    void aModuleIsEnabledAndReprioritisedWithTheWholeObjectAsTheCliSendsIt() {
        var module = new java.util.HashMap<String, Object>(given().get("/v1/rating/modules/hashmap").then().statusCode(200)
                .extract().jsonPath().getMap("$"));
        module.put("enabled", true);
        module.put("priority", 5);
        given().contentType(io.restassured.http.ContentType.JSON).body(module).put("/v1/rating/modules/hashmap")
                .then().statusCode(302); // as CloudKitty: the module is at the Location
        given().get("/v1/rating/modules/hashmap").then().statusCode(200).body("enabled", equalTo(true)).body("priority", equalTo(5));
        given().get("/v1/rating/modules").then().statusCode(200).body("modules.find { it.module_id == 'hashmap' }.priority", equalTo(5));
        given().get("/v1/rating/reload_modules").then().statusCode(204);
        given().contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("enabled", false)).put("/v1/rating/modules/noop")
                .then().statusCode(400).body("field", equalTo("module_id"));
        given().contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("priority", "high")).put("/v1/rating/modules/hashmap")
                .then().statusCode(400).body("field", equalTo("priority"));
        given().contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("enabled", true)).put("/v1/rating/modules/nope")
                .then().statusCode(404);
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
