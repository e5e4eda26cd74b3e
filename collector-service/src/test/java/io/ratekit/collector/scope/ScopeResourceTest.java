package io.ratekit.collector.scope;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** GET /v2/scope: CloudKitty's fields and filters, Ratekit's anomaly counters, parameter errors. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class ScopeResourceTest {

    @Test
    void aNewScopeStartsAtThePeriodOfItsFirstEvent() {
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"sc-new\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"2026-11-01T10:20:00Z\"}").post("/v1/events").then().statusCode(202);
        given().get("/v2/scope?scope_id=sc-new&collector=events&active=true").then().statusCode(200)
                .body("total", equalTo(1))
                .body("results[0].scope_id", equalTo("sc-new"))
                .body("results[0].scope_key", equalTo("project_id"))
                .body("results[0].fetcher", equalTo("events"))
                .body("results[0].collector", equalTo("events"))
                .body("results[0].active", equalTo(true))
                .body("results[0].last_processed_timestamp", nullValue())
                .body("results[0].late_events", equalTo(0));
    }

    @Test
    void aQueryThatMatchesNothingIs404AsInCloudKitty() {
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"sc-404\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"2026-11-01T10:20:00Z\"}").post("/v1/events").then().statusCode(202);
        given().get("/v2/scope?scope_id=sc-404").then().statusCode(200).body("total", equalTo(1));
        given().get("/v2/scope?scope_id=sc-404&active=false").then().statusCode(404)
                .body("message", equalTo("No resource found for provided filters."));
        given().get("/v2/scope?scope_id=no-such-scope").then().statusCode(404)
                .body("message", equalTo("No resource found for provided filters."));
        given().get("/v2/scope?scope_id=sc-404&offset=1").then().statusCode(404); // CloudKitty: an empty page too
    }

    @Test
    void refusesBadParameters() {
        given().get("/v2/scope?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/v2/scope?offset=-1").then().statusCode(400).body("field", equalTo("offset"));
        given().get("/v2/scope?active=maybe").then().statusCode(400).body("field", equalTo("active"));
        given().get("/v2/scope?limit=ten").then().statusCode(400).body("field", equalTo("limit"));
    }
}
