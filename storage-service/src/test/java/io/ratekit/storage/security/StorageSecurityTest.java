package io.ratekit.storage.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import io.ratekit.storage.ingest.FrameWriter;
import io.ratekit.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * Every reporting endpoint family × every persona, with tokens signed and verified for real:
 * no token or a forged one → 401, a role that may not → 403, allowed → 2xx; and a tenant only
 * ever sees the scopes in its token, whatever it asks for.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class StorageSecurityTest {

    private static final String BEGIN = "2024-07-01T00:00:00Z";
    private static final String END = "2024-08-01T00:00:00Z";
    private static final List<String> READ_PATHS = List.of("/v2/summary", "/v2/dataframes", "/v1/report/total",
            "/v1/report/summary", "/v1/report/tenants", "/v1/storage/dataframes", "/v1/rating/explain");

    @Inject
    FrameWriter writer;

    @BeforeEach
    void storeTwoTenants() {
        writer.write(List.of(frame("sec-a", "1.5"), frame("sec-b", "20"), frame("sec-c", "300")));
    }

    private static Frame frame(String scope, String price) {
        Instant begin = Instant.parse("2024-07-10T00:00:00Z");
        DataPoint point = new DataPoint("vcpu", BigDecimal.ONE, new BigDecimal(price), Map.of("project_id", scope, "id", "vm-" + scope), Map.of());
        return Frame.of(scope, "test", new Period(begin, begin.plusSeconds(3600)), Map.of("vcpu", List.of(point)), false);
    }

    private static RequestSpecification as(String token) {
        RequestSpecification spec = given().queryParam("begin", BEGIN).queryParam("end", END);
        return token == null ? spec : spec.auth().oauth2(token);
    }

    @Test
    void withoutAValidTokenEveryEndpointIs401() {
        for (String path : READ_PATHS) {
            as(null).get(path).then().statusCode(401);
            as(TestTokens.forged()).get(path).then().statusCode(401);
            as(TestTokens.token("olga", java.util.Set.of("rating-admin"), null, "another-client")).get(path).then().statusCode(401);
        }
        given().contentType("application/json").body("{}").post("/v2/dataframes").then().statusCode(401);
    }

    @Test
    void rulesAuthorsAndRolelessUsersGet403OnRatedData() {
        for (String path : READ_PATHS) {
            as(TestTokens.rulesAuthor()).get(path).then().statusCode(403).body("error", equalTo("forbidden"));
            as(TestTokens.nobody()).get(path).then().statusCode(403);
        }
    }

    @Test
    void operatorsReadEverythingAndPushFrames() {
        for (String path : READ_PATHS) {
            as(TestTokens.operator()).get(path).then().statusCode(200);
        }
        as(TestTokens.operator()).queryParam("groupby", "project_id").get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(3));
        as(TestTokens.operator()).contentType("application/json").body(pushed("sec-d")).post("/v2/dataframes").then().statusCode(204);
    }

    @Test
    void tenantsReadOnlyTheirOwnScopes() {
        String tenantA = TestTokens.tenant("sec-a");
        for (String path : READ_PATHS) {
            as(tenantA).get(path).then().statusCode(200);
        }
        // nothing asked: only its own scope
        as(tenantA).queryParam("groupby", "project_id").get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(1)).body("results[0][4]", equalTo("sec-a")).body("results[0][3]", equalTo(1.5f));
        as(tenantA).get("/v1/report/total").then().statusCode(200).body(equalTo("\"1.5\""));
        as(tenantA).queryParam("all_tenants", "true").get("/v1/report/total").then().body(equalTo("\"1.5\""));
        as(tenantA).get("/v1/report/tenants").then().statusCode(200).body("", equalTo(List.of("sec-a")));
        as(tenantA).get("/v2/dataframes").then().statusCode(200)
                .body("dataframes.usage.vcpu.flatten().groupby.project_id", everyItem(is("sec-a")));
        as(tenantA).get("/v1/storage/dataframes").then().statusCode(200).body("dataframes.tenant_id", everyItem(is("sec-a")));
        as(tenantA).queryParam("format", "csv").get("/v2/dataframes").then().statusCode(200)
                .body(containsString("sec-a")).body(org.hamcrest.Matchers.not(containsString("sec-b")));
        // another tenant's scope, asked for by name: 403 naming the parameter
        as(tenantA).queryParam("filters", "project_id:sec-b").get("/v2/summary").then().statusCode(403)
                .body("message", containsString("filters")).body("message", containsString("sec-b"));
        as(tenantA).queryParam("tenant_id", "sec-b").get("/v1/report/total").then().statusCode(403)
                .body("message", containsString("tenant_id"));
        as(tenantA).queryParam("tenant_id", "sec-b").get("/v1/storage/dataframes").then().statusCode(403);
        // its own and another's: intersected
        as(tenantA).queryParam("filters", "project_id:sec-a,project_id:sec-b").queryParam("groupby", "project_id")
                .get("/v2/summary").then().statusCode(200).body("total", equalTo(1)).body("results[0][4]", equalTo("sec-a"));
        // tenants never write
        as(tenantA).contentType("application/json").body(pushed("sec-a")).post("/v2/dataframes").then().statusCode(403);
    }

    @Test
    void anMspTenantSeesAllItsSubTenantsAndNoOthers() {
        String msp = TestTokens.tenant("sec-a", "sec-b");
        as(msp).queryParam("groupby", "project_id").get("/v2/summary").then().statusCode(200)
                .body("total", equalTo(2)).body("results.collect { it[4] }.sort()", equalTo(List.of("sec-a", "sec-b")));
        as(msp).get("/v1/report/total").then().body(equalTo("\"21.5\""));
        as(msp).queryParam("filters", "project_id:sec-c").get("/v2/summary").then().statusCode(403);
    }

    @Test
    void aTenantDoesNotLearnOtherTenantsKeysFromErrors() {
        as(TestTokens.operator()).queryParam("groupby", "no_such_key").get("/v2/summary").then().statusCode(400)
                .body("message", containsString("known keys"));
        as(TestTokens.tenant("sec-a")).queryParam("groupby", "no_such_key").get("/v2/summary").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("known keys")));
    }

    @Test
    void aTenantTokenWithoutTheScopeClaimSeesNothing() {
        String bare = TestTokens.token("tom", java.util.Set.of("tenant"), null);
        as(bare).queryParam("groupby", "project_id").get("/v2/summary").then().statusCode(200).body("results", hasSize(0));
        as(bare).get("/v1/report/total").then().statusCode(200).body(equalTo("\"0\""));
    }

    @Test
    void answersCarrySecurityHeadersAndOversizedBodiesAreRefusedUnread() {
        as(TestTokens.operator()).get("/v2/summary").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store").header("Content-Security-Policy", containsString("default-src 'none'"));
        as(null).get("/v2/summary").then().statusCode(401).header("X-Content-Type-Options", "nosniff");
        // announced as 17 MB: refused on the headers, before a byte of the body is read
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(("POST /v2/dataframes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestTokens.operator() + "\r\nContent-Length: " + (17 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            org.assertj.core.api.Assertions.assertThat(status).startsWith("HTTP/1.1 413");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String pushed(String scope) {
        return "{\"dataframes\": [{\"period\": {\"begin\": \"2024-07-20T00:00:00Z\", \"end\": \"2024-07-20T01:00:00Z\"},"
                + " \"usage\": {\"vcpu\": [{\"vol\": {\"unit\": \"vcpu\", \"qty\": 1}, \"rating\": {\"price\": 2},"
                + " \"groupby\": {\"project_id\": \"" + scope + "\"}, \"metadata\": {}}]}}]}";
    }
}
