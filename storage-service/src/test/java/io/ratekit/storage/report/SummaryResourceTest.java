package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.storage.ingest.FrameWriter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** GET /v2/summary: CloudKitty's parameters and shapes, exact sums, and a 400 naming each bad parameter. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class SummaryResourceTest {

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeFixtures() {
        ReportFixtures.all().forEach(writer::write); // idempotent: replacing slices
    }

    private static io.restassured.specification.RequestSpecification march() {
        return given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END).queryParam("filters", "project_id:rp-a,project_id:rp-b");
    }

    @Test
    void groupsByTypeWithExactDecimalSums() {
        String body = march().queryParam("groupby", "type").get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(2))
                .body("columns", contains("begin", "end", "qty", "rate", "type"))
                .body("format", equalTo("table"))
                .extract().asString();
        // 0.1 + 0.2 + 1 + 3 is exactly 4.3, 0.01 + 0.02 + 1 + 0.3 exactly 1.33: no float artefacts
        org.assertj.core.api.Assertions.assertThat(body)
                .contains("[\"2025-03-01T00:00:00Z\",\"2025-04-01T00:00:00Z\",512,0.5,\"ram_mb\"]")
                .contains("[\"2025-03-01T00:00:00Z\",\"2025-04-01T00:00:00Z\",4.3,1.33,\"vcpu\"]");
    }

    @Test
    void groupsByScopeAndDayAsObjectsAndFilters() {
        march().queryParam("groupby", "project_id").queryParam("groupby", "time-d").queryParam("filters", "type:vcpu")
                .queryParam("response_format", "object")
                .get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(3))
                .body("results.project_id", contains("rp-a", "rp-a", "rp-b"))
                .body("results.begin", contains("2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", "2025-03-01T00:00:00Z"))
                .body("results.end", contains("2025-03-02T00:00:00Z", "2025-03-03T00:00:00Z", "2025-03-02T00:00:00Z"))
                .body("results.qty", contains(new BigDecimal("0.3").floatValue(), 1, 3));
    }

    @Test
    void groupsByAMetadataKeyAndByCollectionPeriod() {
        given().queryParam("begin", ReportFixtures.BEGIN).queryParam("end", ReportFixtures.END)
                .queryParam("groupby", "flavor,time").queryParam("filters", "project_id:rp-a").queryParam("response_format", "object")
                .get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(3))
                .body("results.flavor", contains("m1", "m1", "m2"))
                .body("results.begin", contains("2025-03-01T10:00:00Z", "2025-03-02T10:00:00Z", "2025-03-01T10:00:00Z"));
    }

    @Test
    void paginatesWithTheNumberOfGroupsAsTotal() {
        march().queryParam("groupby", "project_id,type").queryParam("limit", 2).queryParam("offset", 2)
                .get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(3)).body("results[0][4]", equalTo("rp-b"));
        march().queryParam("groupby", "project_id,type").queryParam("limit", 2).queryParam("offset", 10)
                .get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(3)).body("results", empty());
    }

    @Test
    void anEmptyWindowHasNoResults() {
        given().queryParam("begin", "2001-01-01T00:00:00Z").queryParam("end", "2001-02-01T00:00:00Z")
                .get("/v2/summary").then().statusCode(200).body("total", equalTo(0)).body("results", empty()).body("columns", empty());
        // begin = end: nothing can be in it, an empty answer as in CloudKitty (not a 400)
        given().queryParam("begin", "20250301T000000Z").queryParam("end", "2025-03-01").queryParam("groupby", "type")
                .get("/v2/summary").then().statusCode(200).body("total", equalTo(0)).body("results", empty());
    }

    @Test
    void refusesBadParametersNamingThem() {
        for (List<String> bad : List.of(
                List.of("begin", "yesterday", "begin"),
                List.of("end", "2025-02-01T00:00:00Z", "end"),
                List.of("limit", "0", "limit"),
                List.of("limit", "x", "limit"),
                List.of("offset", "-3", "offset"),
                List.of("filters", "project_id", "filters"),
                List.of("groupby", "project id", "groupby"),
                List.of("groupby", "time-d,time-m", "groupby"),
                List.of("groupby", "no_point_has_this_key", "groupby"),
                List.of("response_format", "csv", "response_format"))) {
            given().queryParam("begin", bad.get(0).equals("begin") ? bad.get(1) : ReportFixtures.BEGIN)
                    .queryParam(bad.get(0).equals("begin") ? "ignored" : bad.get(0), bad.get(1))
                    .get("/v2/summary").then().statusCode(400).body("field", equalTo(bad.get(2)))
                    .body("message", containsString(bad.get(2)));
        }
    }
}
