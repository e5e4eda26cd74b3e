package io.ratekit.collector.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The collector's APIs (events, scope state, reprocessing) belong to operators: every other
 * persona gets 403, no token or a forged one 401; /v1/info is read by any valid token. Tokens are
 * signed and verified for real.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class CollectorSecurityTest {

    private static final String EVENT = "[{\"scope_id\":\"sec-1\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
            + "\"action\":\"create\",\"timestamp\":\"2026-09-30T10:00:00Z\"}]";
    private static final String REPROCESS = "{\"scope_ids\":[\"sec-1\"],\"start_reprocess_time\":\"2026-09-30T10:00:00Z\","
            + "\"end_reprocess_time\":\"2026-09-30T11:00:00Z\",\"reason\":\"security test\"}";

    private record Call(String method, String path, String body) {
    }

    private static final List<Call> CALLS = List.of(
            new Call("POST", "/v1/events", EVENT),
            new Call("GET", "/v2/scope", null),
            new Call("PATCH", "/v2/scope", "{\"scope_id\":\"sec-1\",\"active\":true}"),
            new Call("PUT", "/v2/scope", "{\"scope_id\":\"sec-1\",\"last_processed_timestamp\":\"2026-10-01T10:00:00Z\"}"),
            new Call("POST", "/v2/task/reprocesses", REPROCESS),
            new Call("GET", "/v2/task/reprocesses", null));

    private static int status(String token, Call call) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (call.body() != null) {
            spec = spec.body(call.body());
        }
        return spec.request(call.method(), call.path()).statusCode();
    }

    @Test
    void onlyOperatorsReachTheCollector() {
        for (Call call : CALLS) {
            String what = call.method() + " " + call.path();
            org.assertj.core.api.Assertions.assertThat(status(null, call)).as(what + " without token").isEqualTo(401);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.forged(), call)).as(what + " forged").isEqualTo(401);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.rulesAuthor(), call)).as(what + " rules-author").isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.tenant("sec-1"), call)).as(what + " tenant").isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.nobody(), call)).as(what + " no role").isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.operator(), call)).as(what + " operator").isBetween(200, 299);
        }
        given().auth().oauth2(TestTokens.tenant("sec-1")).get("/v2/scope").then().statusCode(403).body("error", equalTo("forbidden"));
    }

    /** CloudKitty's info policies are unprotected: any valid token reads the metrics, none is still 401. */
    @Test
    void everyAuthenticatedCallerReadsTheInfo() {
        for (String path : List.of("/v1/info/config", "/v1/info/metrics", "/v1/info/metrics/vcpu")) {
            Call call = new Call("GET", path, null);
            org.assertj.core.api.Assertions.assertThat(status(null, call)).as(path + " without token").isEqualTo(401);
            org.assertj.core.api.Assertions.assertThat(status(TestTokens.forged(), call)).as(path + " forged").isEqualTo(401);
            for (String token : List.of(TestTokens.operator(), TestTokens.rulesAuthor(), TestTokens.tenant("sec-1"), TestTokens.nobody())) {
                org.assertj.core.api.Assertions.assertThat(status(token, call)).as(path).isEqualTo(200);
            }
        }
    }
}
