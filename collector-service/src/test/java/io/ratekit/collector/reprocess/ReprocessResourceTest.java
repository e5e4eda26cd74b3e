package io.ratekit.collector.reprocess;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.collector.schedule.CollectionScheduler;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.testing.AmqpProbe;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** /v2/task/reprocesses: a window of periods collected again as replacements, with progress; CloudKitty's validation. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class ReprocessResourceTest {

    @Inject
    CollectionScheduler scheduler;
    @Inject
    Reprocessor reprocessor;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    private static final Instant NOW = Instant.now();
    private static final Instant START = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));

    private void scopeCollectedUpToStartPlus3h(String scope) {
        given().contentType(ContentType.JSON).body("[{\"scope_id\":\"" + scope + "\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"" + START + "\"},{\"scope_id\":\"" + scope + "\",\"resource_id\":\"vm-1\","
                + "\"resource_type\":\"instance\",\"action\":\"delete\",\"timestamp\":\"" + START.plus(Duration.ofMinutes(90)) + "\"}]")
                .post("/v1/events").then().statusCode(202);
        assertThat(scheduler.collectScope(scope, NOW)).isEqualTo(4);
    }

    private static Map<String, Object> request(Object scopes, Instant start, Instant end, String reason) {
        return Map.of("scope_ids", scopes, "start_reprocess_time", start.toString(), "end_reprocess_time", end.toString(), "reason", reason);
    }

    @Test
    void aWindowIsCollectedAgainAsReplacementsWithProgress() throws Exception {
        scopeCollectedUpToStartPlus3h("rp-1");
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.purge(AmqpNames.PROCESSOR_QUEUE);
            given().contentType(ContentType.JSON).body(request(List.of("rp-1"), START, START.plus(Duration.ofHours(2)), "price fix"))
                    .post("/v2/task/reprocesses").then().statusCode(202);
            given().get("/v2/task/reprocesses/rp-1").then().statusCode(200)
                    .body("results[0].current_reprocess_time", equalTo(""))
                    .body("results[0].periods_total", equalTo(3)).body("results[0].periods_done", equalTo(0))
                    .body("results[0].reason", equalTo("price fix"));

            assertThat(reprocessor.runAll()).isGreaterThanOrEqualTo(3); // other tests' schedules may run too

            List<Frame> frames = new ArrayList<>();
            while (amqp.messageCount(AmqpNames.PROCESSOR_QUEUE) > 0) {
                Frame f = FrameCodec.decode(amqp.await(AmqpNames.PROCESSOR_QUEUE, Duration.ofSeconds(5)).getBody());
                if (f.scopeId().equals("rp-1")) {
                    frames.add(f);
                }
            }
            assertThat(frames).hasSize(3).allMatch(Frame::reprocess);
            assertThat(frames.get(0).usage().get("instance").get(0).qty()).isEqualByComparingTo("1");
            assertThat(frames.get(1).usage().get("instance").get(0).qty()).isEqualByComparingTo("0.5");
            assertThat(frames.get(2).usage()).isEmpty();
        }
        given().get("/v2/task/reprocesses?scope_ids=rp-1&order=asc").then().statusCode(200)
                .body("results[0].current_reprocess_time", equalTo(START.plus(Duration.ofHours(2)).toString()))
                .body("results[0].periods_done", equalTo(3));
        assertThat(reprocessor.runAll()).isZero();
    }

    @Test
    void timesInTheBasicIsoFormatAreTakenAsInCloudKitty() {
        scopeCollectedUpToStartPlus3h("rp-3");
        var basic = java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
        given().contentType(ContentType.JSON).body(Map.of("scope_ids", "rp-3", "start_reprocess_time", basic.format(START),
                        "end_reprocess_time", basic.format(START.plus(Duration.ofHours(1))), "reason", "basic format"))
                .post("/v2/task/reprocesses").then().statusCode(202);
        given().get("/v2/task/reprocesses/rp-3").then().statusCode(200)
                .body("results[0].start_reprocess_time", equalTo(START.toString()))
                .body("results[0].end_reprocess_time", equalTo(START.plus(Duration.ofHours(1)).toString()));
        given().contentType(ContentType.JSON).body(Map.of("scope_ids", "rp-3", "start_reprocess_time", "2026-13-01",
                        "end_reprocess_time", basic.format(START), "reason", "bad month"))
                .post("/v2/task/reprocesses").then().statusCode(400).body("field", equalTo("start_reprocess_time"));
    }

    @Test
    void refusesWhatCloudKittyRefusesNamingTheField() {
        scopeCollectedUpToStartPlus3h("rp-2");
        Instant end = START.plus(Duration.ofHours(1));
        Map<String, Map<String, Object>> cases = Map.of(
                "reason", request("rp-2", START, end, " "),
                "end_reprocess_time", request("rp-2", end, START, "r"),
                "start_reprocess_time", request("rp-2", START.plusSeconds(60), end, "r"),
                "scope_ids", request("ALL,rp-2", START, end, "r"));
        cases.forEach((field, body) -> given().contentType(ContentType.JSON).body(body).post("/v2/task/reprocesses")
                .then().statusCode(400).body("field", equalTo(field)));
        given().contentType(ContentType.JSON).body(request("nobody", START, end, "r")).post("/v2/task/reprocesses")
                .then().statusCode(400).body("field", equalTo("scope_ids"));
        given().contentType(ContentType.JSON).body(request("rp-2", START, START.plus(Duration.ofHours(4)), "r")).post("/v2/task/reprocesses")
                .then().statusCode(400).body("field", equalTo("end_reprocess_time")); // not collected yet
        // CloudKitty's CLI posts to the singular path
        given().contentType(ContentType.JSON).body(request(List.of("rp-2"), START, end, "first")).post("/v2/task/reprocess").then().statusCode(202);
        given().contentType(ContentType.JSON).body(request("rp-2", end, end, "overlap")).post("/v2/task/reprocesses")
                .then().statusCode(400).body("field", equalTo("scope_ids"));
        given().get("/v2/task/reprocesses?order=sideways").then().statusCode(400).body("field", equalTo("order"));
    }
}
