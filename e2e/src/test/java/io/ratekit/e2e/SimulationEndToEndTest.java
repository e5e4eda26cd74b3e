package io.ratekit.e2e;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.ratekit.testing.LocalServices;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * A rule author's what-if through the packaged services: frames are rated by the processor with
 * the current rules and stored by storage (the normal pipeline); a simulation with a candidate that
 * doubles the vCPU price re-rates what storage holds, through storage's read contract, and answers
 * current, candidate and difference per scope and metric type, computed by hand; storage is
 * unchanged afterwards.
 */
class SimulationEndToEndTest {

    private static final Instant TEN = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant ELEVEN = TEN.plusSeconds(3600);
    private static final String RULES = """
            {"format": "ratekit-hashmap/v1", "services": [
              {"name": "vcpu", "mappings": [{"type": "flat", "cost": "%s"}]},
              {"name": "instance", "fields": [{"name": "flavor", "mappings": [
                {"value": "m1.small", "type": "flat", "cost": "0.5"}, {"value": "m1.large", "type": "flat", "cost": "1.0"}]}]}]}""";

    private static RatekitCluster cluster;
    private static Observations observe;

    @BeforeAll
    static void startServices() throws Exception {
        Path root = Path.of(System.getProperty("ratekit.root", "..")).toAbsolutePath().normalize();
        cluster = new RatekitCluster(root, "ratekit-e2e-simulation", Map.of());
        cluster.start(cluster.storage, cluster.processor); // frames are published where the collector publishes them
        observe = new Observations(cluster);
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Frame frame(String scope, Instant begin, Map<String, List<DataPoint>> usage) {
        return Frame.of(scope, "events", new Period(begin, begin.plusSeconds(3600)), usage, false);
    }

    private static DataPoint vcpu(String vm, String qty) {
        return DataPoint.unrated("vcpu", new BigDecimal(qty), Map.of("id", vm), Map.of());
    }

    private static DataPoint instance(String vm, String flavor) {
        return DataPoint.unrated("instance", BigDecimal.ONE, Map.of("id", vm), Map.of("flavor", flavor));
    }

    @Test
    void aCandidateThatDoublesVcpuIsComparedWithWhatStorageHoldsAndStorageStaysAsItWas() throws Exception {
        String processor = cluster.processor.url();
        given().contentType(ContentType.JSON).body(RULES.formatted("0.0125")).post(processor + "/v1/rating/module_config/hashmap/import")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("enabled", true)).put(processor + "/v1/rating/modules/hashmap")
                .then().statusCode(lessThan(400));

        List<Frame> frames = List.of(
                frame("acme", TEN, Map.of("vcpu", List.of(vcpu("vm-1", "2"), vcpu("vm-2", "4")),
                        "instance", List.of(instance("vm-1", "m1.small"), instance("vm-2", "m1.large")))),
                frame("acme", ELEVEN, Map.of("vcpu", List.of(vcpu("vm-1", "2")), "instance", List.of(instance("vm-1", "m1.small")))),
                frame("globex", TEN, Map.of("vcpu", List.of(vcpu("vm-9", "8")), "instance", List.of(instance("vm-9", "m1.large")))));
        try (AmqpProbe amqp = new AmqpProbe(cluster.vhost())) {
            for (Frame f : frames) {
                amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(f), new String(FrameCodec.encode(f), StandardCharsets.UTF_8));
            }
        }
        Observations.await(Duration.ofMinutes(2), () -> observe.framesStored() == 3, () -> "stored=" + observe.framesStored());

        // stored by hand: acme vcpu (2 + 4 + 2) x 0.0125 = 0.1, instance 0.5 + 1.0 + 0.5 = 2.0; globex vcpu 8 x 0.0125 = 0.1, instance 1.0
        Map<String, BigDecimal> stored = summary();
        assertThat(stored.get("acme/vcpu")).isEqualByComparingTo("0.1");
        assertThat(stored.get("acme/instance")).isEqualByComparingTo("2.0");
        assertThat(stored.get("globex/vcpu")).isEqualByComparingTo("0.1");
        assertThat(stored.get("globex/instance")).isEqualByComparingTo("1.0");
        String before = fingerprint();

        String request = """
                {"begin": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z", "rules": %s}""".formatted(RULES.formatted("0.025"));
        var answer = given().contentType(ContentType.JSON).body(request).post(processor + "/v1/rating/simulations?wait=true")
                .then().statusCode(200).body("status", equalTo("done")).body("points_done", equalTo(8)).body("points_total", equalTo(8))
                .extract();
        // by hand: vcpu doubles (acme 0.1 → 0.2, globex 0.1 → 0.2), instances unchanged; total 3.2 → 3.4
        JsonPath json = answer.body().jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        Map<String, List<BigDecimal>> rows = new HashMap<>();
        for (Map<String, Object> row : json.<Map<String, Object>>getList("results")) {
            rows.put(row.get("scope_id") + "/" + row.get("type"), List.of(new BigDecimal(row.get("current_price").toString()),
                    new BigDecimal(row.get("candidate_price").toString()), new BigDecimal(row.get("difference").toString())));
        }
        assertThat(rows).hasSize(4);
        assertPrices(rows.get("acme/vcpu"), "0.1", "0.2", "0.1");
        assertPrices(rows.get("acme/instance"), "2.0", "2.0", "0");
        assertPrices(rows.get("globex/vcpu"), "0.1", "0.2", "0.1");
        assertPrices(rows.get("globex/instance"), "1.0", "1.0", "0");
        assertThat(answer.asString()).contains("\"total\":{\"points\":8,\"qty\":20,\"current_price\":3.2,\"candidate_price\":3.4,\"difference\":0.2}");

        // the Location polls the same result
        given().get(answer.header("Location")).then().statusCode(200).body("status", equalTo("done"))
                .body("simulation_id", equalTo(answer.path("simulation_id")));

        assertThat(fingerprint()).as("no rated data written").isEqualTo(before);
        assertThat(summary()).isEqualTo(stored);
        assertThat(observe.framesStored()).isEqualTo(3);
        try (Connection c = LocalServices.connect(cluster.database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT has_table_privilege('ratekit_processor', 'storage.rated_point', 'SELECT')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the processor reads storage through its functions only").isFalse();
        }
    }

    private static void assertPrices(List<BigDecimal> row, String current, String candidate, String difference) {
        assertThat(row.get(0)).as("current").isEqualByComparingTo(current);
        assertThat(row.get(1)).as("candidate").isEqualByComparingTo(candidate);
        assertThat(row.get(2)).as("difference").isEqualByComparingTo(difference);
    }

    /** {scope/type: rate} of the day from storage's /v2/summary. */
    private static Map<String, BigDecimal> summary() {
        JsonPath json = given().queryParam("begin", "2026-03-02T00:00:00Z").queryParam("end", "2026-03-03T00:00:00Z")
                .queryParam("groupby", "project_id,type").queryParam("response_format", "object")
                .get(cluster.storage.url() + "/v2/summary").then().statusCode(200).extract().body()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        Map<String, BigDecimal> result = new HashMap<>();
        for (Map<String, Object> row : json.<Map<String, Object>>getList("results")) {
            result.put(row.get("project_id") + "/" + row.get("type"), new BigDecimal(row.get("rate").toString()));
        }
        return result;
    }

    /** Every stored point and frame record as text, hashed. */
    private static String fingerprint() throws Exception {
        try (Connection c = LocalServices.connect(cluster.database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT md5(string_agg(p::text, '|' ORDER BY scope_id, period_begin, type, seq)) FROM storage.rated_point p)"
                     + " || (SELECT md5(string_agg(f::text, '|' ORDER BY frame_id)) FROM storage.stored_frame f)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
