package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.storage.ingest.FrameWriter;
import io.ratekit.testing.OpenApiDocuments;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** GET /v2/dataframes in CloudKitty's shape; the published OpenAPI document; the channel names. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class DataFramesResourceTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeFixtures() {
        ReportFixtures.all().forEach(writer::write);
    }

    @Test
    void returnsPointsRegroupedPerPeriodWithExactNumbers() {
        String body = given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("filters", "project_id:rp-a")
                .get("/v2/dataframes").then().statusCode(200)
                .body("total", equalTo(4))
                .body("dataframes", hasSize(2))
                .body("dataframes[0].period.begin", equalTo("2025-03-01T10:00:00Z"))
                .body("dataframes[0].usage.vcpu", hasSize(2))
                .body("dataframes[0].usage.vcpu[0].groupby.id", equalTo("vm-1"))
                .body("dataframes[0].usage.vcpu[0].metadata.flavor", equalTo("m1"))
                .body("dataframes[1].usage.ram_mb[0].vol.unit", equalTo("u"))
                .extract().asString();
        assertThat(body).contains("\"vol\":{\"unit\":\"u\",\"qty\":0.1},\"rating\":{\"price\":0.01}");
    }

    @Test
    void paginatesByPointAndAnswers404WhenNothingMatches() {
        given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("filters", "project_id:rp-a").queryParam("limit", 1).queryParam("offset", 3)
                .get("/v2/dataframes").then().statusCode(200).body("total", equalTo(4))
                .body("dataframes[0].usage.vcpu[0].vol.qty", equalTo(1));
        given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END).queryParam("filters", "project_id:nobody")
                .get("/v2/dataframes").then().statusCode(404);
        given().queryParam("limit", 0).get("/v2/dataframes").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void committedOpenApiDocumentIsCurrent() throws Exception {
        OpenApiDocuments.check("storage", given().get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void channelsUseTheSharedNames() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.rated.queue.name", String.class)).isEqualTo(AmqpNames.STORAGE_QUEUE);
        assertThat(config.getValue("mp.messaging.incoming.rated.exchange.name", String.class)).isEqualTo(AmqpNames.RATED_EXCHANGE);
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).contains("ratekit_frames_stored_total");
    }
}
