package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** GET /v1/rating/explain: each stored point with the rules that priced it. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class ExplainResourceTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeFixtures() {
        ReportFixtures.all().forEach(writer::write);
    }

    @Test
    void showsTheRulesBehindEachPrice() {
        given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("filters", "project_id:rp-a").queryParam("filters", "type:vcpu")
                .get("/v1/rating/explain").then().statusCode(200)
                .body("total", equalTo(3))
                .body("points.groupby.id", contains("vm-1", "vm-2", "vm-1"))
                .body("points[1].rules", contains("hashmap@9/mapping/m2"))
                .body("points[1].scope_id", equalTo("rp-a"))
                .body("points[1].begin", equalTo("2025-03-01T10:00:00Z"));
        given().queryParam("limit", 0).get("/v1/rating/explain").then().statusCode(400).body("field", equalTo("limit"));
    }
}
