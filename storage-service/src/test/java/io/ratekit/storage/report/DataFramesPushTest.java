package io.ratekit.storage.report;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** POST /v2/dataframes: externally rated frames, validated whole, stored per scope, idempotent. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class DataFramesPushTest {

    private static final String FRAMES = """
            {"dataframes": [{"period": {"begin": "2023-07-01T10:00:00Z", "end": "2023-07-01T11:00:00Z"},
              "usage": {"gpu": [{"vol": {"unit": "gpu", "qty": 2}, "rating": {"price": 1.5}, "groupby": {"id": "g1", "project_id": "push-a"}, "metadata": {}},
                                {"vol": {"unit": "gpu", "qty": "1"}, "rating": {"price": "0.75"}, "groupby": {"id": "g2", "project_id": "push-b"}}]}}]}
            """;

    private static void pushed(String scope, int points, String price) {
        given().queryParam("begin", "2023-07-01T00:00:00Z").queryParam("end", "2023-07-02T00:00:00Z")
                .queryParam("filters", "project_id:" + scope).queryParam("groupby", "project_id")
                .get("/v2/summary").then().statusCode(200)
                .body("results[0][3].toString()", equalTo(price));
        given().queryParam("begin", "2023-07-01T00:00:00Z").queryParam("end", "2023-07-02T00:00:00Z")
                .queryParam("filters", "project_id:" + scope).get("/v2/dataframes").then().statusCode(200).body("total", equalTo(points));
    }

    @Test
    void framesAreStoredPerScopeAndAPushAgainReplaces() {
        given().contentType(ContentType.JSON).body(FRAMES).post("/v2/dataframes").then().statusCode(204);
        given().contentType(ContentType.JSON).body(FRAMES).post("/v2/dataframes").then().statusCode(204);
        pushed("push-a", 1, "1.5");
        pushed("push-b", 1, "0.75");
        given().contentType(ContentType.JSON).body(FRAMES.replace("\"price\": 1.5", "\"price\": 2")).post("/v2/dataframes").then().statusCode(204);
        pushed("push-a", 1, "2");
    }

    @Test
    void periodsInEveryFormCloudKittyTakes() {
        String frames = FRAMES.replace("\"begin\": \"2023-07-01T10:00:00Z\"", "\"begin\": \"20230703T100000Z\"")
                .replace("\"end\": \"2023-07-01T11:00:00Z\"", "\"end\": \"2023-07-03 12:00:00+01:00\"")
                .replace("push-b", "push-basic").replace("push-a", "push-basic");
        given().contentType(ContentType.JSON).body(frames).post("/v2/dataframes").then().statusCode(204);
        given().queryParam("begin", "20230703T100000Z").queryParam("end", "2023-07-04").queryParam("filters", "project_id:push-basic")
                .get("/v2/dataframes").then().statusCode(200).body("total", equalTo(2))
                .body("dataframes[0].period.begin", equalTo("2023-07-03T10:00:00Z"))
                .body("dataframes[0].period.end", equalTo("2023-07-03T11:00:00Z"));
        // a whole day as a plain date pair
        String day = FRAMES.replace("\"begin\": \"2023-07-01T10:00:00Z\"", "\"begin\": \"2023-07-05\"")
                .replace("\"end\": \"2023-07-01T11:00:00Z\"", "\"end\": \"2023-07-06\"").replace("push-a", "push-day");
        given().contentType(ContentType.JSON).body(day).post("/v2/dataframes").then().statusCode(204);
        given().queryParam("begin", "2023-07-05").queryParam("end", "2023-07-06").queryParam("filters", "project_id:push-day")
                .get("/v2/dataframes").then().statusCode(200).body("dataframes[0].period.end", equalTo("2023-07-06T00:00:00Z"));
        given().contentType(ContentType.JSON).body(FRAMES.replace("2023-07-01T10:00:00Z", "2023-07-01T10:00:00 UTC"))
                .post("/v2/dataframes").then().statusCode(400).body("field", equalTo("dataframes[0].period.begin"));
    }

    @Test
    void aBadFrameStoresNothingAndNamesThePath() {
        String bad = FRAMES.replace("\"project_id\": \"push-b\"", "\"project\": \"push-c\"");
        given().contentType(ContentType.JSON).body(bad.replace("push-a", "push-d")).post("/v2/dataframes").then().statusCode(400)
                .body("field", equalTo("dataframes[0].usage.gpu[1].groupby.project_id"));
        given().queryParam("begin", "2023-07-01T00:00:00Z").queryParam("end", "2023-07-02T00:00:00Z")
                .queryParam("filters", "project_id:push-d").get("/v2/dataframes").then().statusCode(404);
        given().contentType(ContentType.JSON).body(FRAMES.replace("\"qty\": 2", "\"qty\": \"two\"")).post("/v2/dataframes").then().statusCode(400)
                .body("field", equalTo("dataframes[0].usage.gpu[0].vol.qty"));
        given().contentType(ContentType.JSON).body("{\"dataframes\": []}").post("/v2/dataframes").then().statusCode(400).body("field", equalTo("dataframes"));
        given().contentType(ContentType.JSON).body(FRAMES.replace("\"end\": \"2023-07-01T11:00:00Z\"", "\"end\": \"2023-07-01T09:00:00Z\""))
                .post("/v2/dataframes").then().statusCode(400).body("field", equalTo("dataframes[0].period.end"));
        given().contentType(ContentType.JSON).body(FRAMES.replaceFirst("\\{", "{\"dry_run\": true, "))
                .post("/v2/dataframes").then().statusCode(400).body("field", equalTo("dry_run"));
    }
}
