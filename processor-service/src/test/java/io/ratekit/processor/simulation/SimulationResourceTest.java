package io.ratekit.processor.simulation;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A rule author tries candidate rules on the usage storage holds: per scope and metric type the
 * stored price, the candidate's and the difference, computed by hand below; storage is left as it
 * was; bad requests are 400s naming the field.
 *
 * <p>Stored by hand (2031-07-01, hourly periods; rules of the time: vcpu flat 0.0125 per vCPU,
 * instance m1.small 0.5, m1.large 1.0):
 * <pre>
 * sim-acme   10:00  vcpu 2 → 0.025, vcpu 4 → 0.05, instance m1.small → 0.5, instance m1.large → 1.0
 * sim-acme   11:00  vcpu 2 → 0.025, instance m1.small → 0.5
 * sim-globex 10:00  vcpu 8 → 0.1, instance m1.large → 0.9 (stored under an older price)
 * </pre>
 */
@QuarkusTest
@TestSecurity(user = "rudi", roles = "rules-author")
class SimulationResourceTest {

    static final Instant DAY = Instant.parse("2031-07-01T00:00:00Z");
    static final Instant TEN = DAY.plusSeconds(10 * 3600);
    static final Instant ELEVEN = DAY.plusSeconds(11 * 3600);

    /** The rules of the time, with vcpu doubled to 0.025. */
    static final String DOUBLED_VCPU = """
            {"format": "ratekit-hashmap/v1", "services": [
              {"name": "vcpu", "mappings": [{"type": "flat", "cost": "0.025"}]},
              {"name": "instance", "fields": [{"name": "flavor", "mappings": [
                {"value": "m1.small", "type": "flat", "cost": "0.5"}, {"value": "m1.large", "type": "flat", "cost": "1.0"}]}]}]}""";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @BeforeEach
    void storedUsage() throws Exception {
        try (StoredPoints stored = StoredPoints.open(jdbcUrl)) {
            stored.clear(DAY, DAY.plus(Duration.ofDays(1)));
            stored.add("sim-acme", TEN, "f-acme-10", "instance", 0, "1", "0.5", "m1.small");
            stored.add("sim-acme", TEN, "f-acme-10", "instance", 1, "1", "1.0", "m1.large");
            stored.add("sim-acme", TEN, "f-acme-10", "vcpu", 0, "2", "0.025", null);
            stored.add("sim-acme", TEN, "f-acme-10", "vcpu", 1, "4", "0.05", null);
            stored.add("sim-acme", ELEVEN, "f-acme-11", "instance", 0, "1", "0.5", "m1.small");
            stored.add("sim-acme", ELEVEN, "f-acme-11", "vcpu", 0, "2", "0.025", null);
            stored.add("sim-globex", TEN, "f-globex-10", "instance", 0, "1", "0.9", "m1.large");
            stored.add("sim-globex", TEN, "f-globex-10", "vcpu", 0, "8", "0.1", null);
        }
        // other tests leave started dated prices, which an import may not remove
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM rating.hashmap_mapping WHERE start_at IS NOT NULL");
            st.execute("DELETE FROM rating.hashmap_threshold WHERE start_at IS NOT NULL");
        }
    }

    static String request(String rules, String scopes) {
        // "scripts": [] — the candidate runs no script, whatever other tests left enabled
        return """
                {"begin": "%s", "end": "%s", "rules": %s, "scripts": [], "scopes": %s}""".formatted(DAY, DAY.plus(Duration.ofDays(1)), rules, scopes);
    }

    static JsonPath exact(ExtractableResponse<Response> response) {
        return response.body().jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    static Map<String, Object> row(JsonPath json, String scope, String type) {
        List<Map<String, Object>> rows = json.getList("results");
        return rows.stream().filter(r -> r.get("scope_id").equals(scope) && r.get("type").equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + scope + "/" + type + " in " + rows));
    }

    static void assertPrices(Map<String, Object> row, String current, String candidate, String difference) {
        assertThat(new BigDecimal(row.get("current_price").toString())).as("current of " + row).isEqualByComparingTo(current);
        assertThat(new BigDecimal(row.get("candidate_price").toString())).as("candidate of " + row).isEqualByComparingTo(candidate);
        assertThat(new BigDecimal(row.get("difference").toString())).as("difference of " + row).isEqualByComparingTo(difference);
    }

    @Test
    void aCandidateThatDoublesVcpuShowsCurrentCandidateAndDifferencePerScopeAndType() throws Exception {
        String before;
        try (StoredPoints stored = StoredPoints.open(jdbcUrl)) {
            before = stored.fingerprint(DAY, DAY.plus(Duration.ofDays(1)));
        }
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON).body(request(DOUBLED_VCPU, "null"))
                .post("/v1/rating/simulations?wait=true").then().statusCode(200)
                .header("Location", startsWith("http")).body("status", equalTo("done"))
                .body("points_done", equalTo(8)).body("points_total", equalTo(8)).body("frames_done", equalTo(3))
                .body("modules", org.hamcrest.Matchers.hasItem("hashmap")).body("candidate_rules", equalTo(true))
                .extract();
        JsonPath json = exact(response);
        assertThat(json.getList("results")).hasSize(4);
        // acme vcpu: (2 + 4 + 2) x 0.025 = 0.2 against 0.025 + 0.05 + 0.025 = 0.1
        assertPrices(row(json, "sim-acme", "vcpu"), "0.1", "0.2", "0.1");
        assertThat(new BigDecimal(row(json, "sim-acme", "vcpu").get("qty").toString())).isEqualByComparingTo("8");
        assertThat(row(json, "sim-acme", "vcpu").get("points")).isEqualTo(3);
        // acme instance: 0.5 + 1.0 + 0.5, unchanged
        assertPrices(row(json, "sim-acme", "instance"), "2.0", "2.0", "0");
        // globex: vcpu 8 x 0.025 = 0.2 against 0.1; instance 1.0 against the stored 0.9 (what storage holds counts, not today's rules)
        assertPrices(row(json, "sim-globex", "vcpu"), "0.1", "0.2", "0.1");
        assertPrices(row(json, "sim-globex", "instance"), "0.9", "1.0", "0.1");
        List<Map<String, Object>> types = json.getList("types");
        assertPrices(types.stream().filter(t -> t.get("type").equals("instance")).findFirst().orElseThrow(), "2.9", "3.0", "0.1");
        assertPrices(types.stream().filter(t -> t.get("type").equals("vcpu")).findFirst().orElseThrow(), "0.2", "0.4", "0.2");
        assertPrices(json.getMap("total"), "3.1", "3.4", "0.3");
        // exact JSON numbers, digit for digit
        assertThat(response.asString()).contains("\"total\":{\"points\":8,\"qty\":20,\"current_price\":3.1,\"candidate_price\":3.4,\"difference\":0.3}");

        try (StoredPoints stored = StoredPoints.open(jdbcUrl)) {
            assertThat(stored.fingerprint(DAY, DAY.plus(Duration.ofDays(1)))).as("storage unchanged").isEqualTo(before);
            assertThat(stored.canSelectPoints("ratekit_processor")).as("the processor reads through storage's functions only").isFalse();
        }
    }

    @Test
    void aYamlDocumentAndAListOfScopesWork_unknownScopesAreEmpty() {
        String yaml = "\"format: ratekit-hashmap/v1\\nservices:\\n  - name: vcpu\\n    mappings: [{type: flat, cost: '0.1'}]\\n\"";
        JsonPath json = exact(given().contentType(ContentType.JSON).body(request(yaml, "[\"sim-globex\", \"sim-nobody\"]"))
                .post("/v1/rating/simulations?wait=true").then().statusCode(200).body("status", equalTo("done")).extract());
        // globex only; instance has no service in this candidate: priced 0 by it
        assertThat(json.getList("results")).hasSize(2);
        assertPrices(row(json, "sim-globex", "vcpu"), "0.1", "0.8", "0.7");
        assertPrices(row(json, "sim-globex", "instance"), "0.9", "0", "-0.9");

        given().contentType(ContentType.JSON).body(request(yaml, "[\"sim-nobody\"]")).post("/v1/rating/simulations?wait=true")
                .then().statusCode(200).body("status", equalTo("done")).body("results.size()", equalTo(0))
                .body("points_total", equalTo(0)).body("total.difference", equalTo(0));
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin") // enabling a module is for operators
    void withoutCandidateRulesTheCurrentRulesRate() {
        given().contentType(ContentType.JSON).body(DOUBLED_VCPU.replace("0.025", "0.0125"))
                .post("/v1/rating/module_config/hashmap/import").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put("/v1/rating/modules/hashmap").then().statusCode(org.hamcrest.Matchers.lessThan(400));
        JsonPath json = exact(given().contentType(ContentType.JSON)
                .body("{\"begin\": \"" + DAY + "\", \"end\": \"" + DAY.plusSeconds(86400) + "\", \"scripts\": []}")
                .post("/v1/rating/simulations?wait=true").then().statusCode(200).body("candidate_rules", equalTo(false)).extract());
        // the stored prices came from these rules, but globex's instance price of 0.9 is older: only it differs
        assertPrices(row(json, "sim-acme", "vcpu"), "0.1", "0.1", "0");
        assertPrices(row(json, "sim-globex", "instance"), "0.9", "1.0", "0.1");
    }

    @Test
    void withoutWaitThePostAnswers202AndThePollShowsProgressThenTheResult() throws Exception {
        String location = given().contentType(ContentType.JSON).body(request(DOUBLED_VCPU, "[\"sim-acme\"]"))
                .post("/v1/rating/simulations").then().statusCode(202)
                .body("status", org.hamcrest.Matchers.oneOf("queued", "running", "done"))
                .extract().header("Location");
        assertThat(location).contains("/v1/rating/simulations/");
        String path = location.substring(location.indexOf("/v1/"));
        Instant deadline = Instant.now().plusSeconds(60);
        String status;
        do {
            status = given().get(path).then().statusCode(200).extract().path("status");
            assertThat(Instant.now()).as("simulation finished in time").isBefore(deadline);
        } while (!status.equals("done") && !status.equals("failed"));
        JsonPath json = exact(given().get(path).then().statusCode(200).body("status", equalTo("done"))
                .body("points_done", equalTo(6)).body("points_total", equalTo(6)).body("scopes", equalTo(List.of("sim-acme"))).extract());
        assertPrices(json.getMap("total"), "2.1", "2.2", "0.1");

        given().get("/v1/rating/simulations/no-such-simulation").then().statusCode(404);
    }

    @Test
    void candidateScriptsRateWithTheCandidateRules_aFailingScriptFailsTheSimulationNamingTheFrame() {
        String surcharge = "import decimal\nfor p in data['usage'].get('vcpu', []):\n"
                + "    p['rating']['price'] = p['rating']['price'] + p['vol']['qty'] * decimal.Decimal('0.01')\n";
        String body = request(DOUBLED_VCPU, "[\"sim-acme\"]").replace("\"scripts\": []",
                "\"scripts\": [{\"name\": \"surcharge\", \"data\": " + quoted(surcharge) + "}]");
        // acme vcpu: 8 vCPU x 0.025 (hashmap) + 8 x 0.01 (script, adding to the price, so in either order) = 0.28
        JsonPath json = exact(given().contentType(ContentType.JSON).body(body).post("/v1/rating/simulations?wait=true")
                .then().statusCode(200).body("status", equalTo("done")).body("candidate_scripts", equalTo(1))
                .body("modules", org.hamcrest.Matchers.hasItem("pyscripts")).extract());
        assertPrices(row(json, "sim-acme", "vcpu"), "0.1", "0.28", "0.18");
        assertPrices(row(json, "sim-acme", "instance"), "2.0", "2.0", "0");

        String failing = body.replace(quoted(surcharge), quoted("raise ValueError('no price for you')\n"));
        given().contentType(ContentType.JSON).body(failing).post("/v1/rating/simulations?wait=true").then().statusCode(200)
                .body("status", equalTo("failed")).body("error.module", equalTo("pyscripts")).body("error.scope_id", equalTo("sim-acme"))
                .body("error.period_begin", equalTo(TEN.toString())).body("error.message", org.hamcrest.Matchers.containsString("no price for you"))
                .body("results", org.hamcrest.Matchers.nullValue());

        given().contentType(ContentType.JSON).body(body.replace(quoted(surcharge), quoted("def broken(:\n"))).post("/v1/rating/simulations")
                .then().statusCode(400).body("field", equalTo("scripts[0].data"));
    }

    private static String quoted(String text) {
        return io.ratekit.frames.FrameCodec.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
    }

    @Test
    void badRequestsAre400NamingTheField() {
        String end = DAY.plusSeconds(86400).toString();
        // the import's validation and messages, under "rules"
        given().contentType(ContentType.JSON).body(request(DOUBLED_VCPU.replace("\"0.025\"", "\"cheap\""), "null"))
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("rules.services[0].mappings[0].cost"));
        given().contentType(ContentType.JSON).body(request("{\"format\": \"other\"}", "null"))
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("rules.format"));
        given().contentType(ContentType.JSON).body(request("42", "null"))
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("rules"));
        given().contentType(ContentType.JSON).body("{\"end\": \"" + end + "\"}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("begin"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"yesterday\", \"end\": \"" + end + "\"}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("begin"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"" + end + "\", \"end\": \"" + DAY + "\"}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("end"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"2030-01-01T00:00:00Z\", \"end\": \"2031-07-01T00:00:00Z\"}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("end"))
                .body("message", org.hamcrest.Matchers.containsString("at most 366 days"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"" + DAY + "\", \"end\": \"" + end + "\", \"scopes\": []}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("scopes"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"" + DAY + "\", \"end\": \"" + end + "\", \"scopes\": [\"a\", 7]}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("scopes[1]"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"" + DAY + "\", \"end\": \"" + end + "\", \"scripts\": [{\"name\": \"x\"}]}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("scripts[0].data"));
        given().contentType(ContentType.JSON).body("{\"begin\": \"" + DAY + "\", \"end\": \"" + end + "\", \"period\": 1}")
                .post("/v1/rating/simulations").then().statusCode(400).body("field", equalTo("period"));
    }

    @Test
    @TestSecurity(user = "tina", roles = "tenant")
    void tenantsMayNotSimulate() {
        given().contentType(ContentType.JSON).body(request(DOUBLED_VCPU, "null")).post("/v1/rating/simulations").then().statusCode(403);
        given().get("/v1/rating/simulations/any").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "olga", roles = "rating-admin")
    void operatorsMaySimulate() {
        given().contentType(ContentType.JSON).body(request(DOUBLED_VCPU, "[\"sim-globex\"]")).post("/v1/rating/simulations?wait=true")
                .then().statusCode(200).body("status", equalTo("done"));
    }
}
