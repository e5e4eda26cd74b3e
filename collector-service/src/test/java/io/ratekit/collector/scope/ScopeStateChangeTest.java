package io.ratekit.collector.scope;

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
import static org.hamcrest.Matchers.notNullValue;

/** PUT, PATCH and POST /v2/scope: reset (periods collected again as replacements), enable/disable, create. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class ScopeStateChangeTest {

    @Inject
    CollectionScheduler scheduler;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    private List<Frame> framesOf(AmqpProbe amqp, String scope) throws Exception {
        List<Frame> frames = new ArrayList<>();
        while (amqp.messageCount(AmqpNames.PROCESSOR_QUEUE) > 0) {
            Frame f = FrameCodec.decode(amqp.await(AmqpNames.PROCESSOR_QUEUE, Duration.ofSeconds(5)).getBody());
            if (f.scopeId().equals(scope)) {
                frames.add(f);
            }
        }
        return frames;
    }

    @Test
    void aResetCollectsTheLaterPeriodsAgainAsReplacementsEvenWhenEmpty() throws Exception {
        Instant now = Instant.now();
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        given().contentType(ContentType.JSON).body("[{\"scope_id\":\"sr-1\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"" + start + "\"},{\"scope_id\":\"sr-1\",\"resource_id\":\"vm-1\","
                + "\"resource_type\":\"instance\",\"action\":\"delete\",\"timestamp\":\"" + start.plus(Duration.ofMinutes(90)) + "\"}]")
                .post("/v1/events").then().statusCode(202);
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            assertThat(scheduler.collectScope("sr-1", now)).isEqualTo(4);
            assertThat(framesOf(amqp, "sr-1")).hasSize(2).noneMatch(Frame::reprocess);

            given().contentType(ContentType.JSON).body(Map.of("state", start.toString(), "scope_id", "sr-1")).put("/v2/scope")
                    .then().statusCode(202);
            given().get("/v2/scope?scope_id=sr-1").then().statusCode(200).body("results[0].last_processed_timestamp", equalTo(start.toString()));

            assertThat(scheduler.collectScope("sr-1", now)).isEqualTo(3);
            List<Frame> again = framesOf(amqp, "sr-1");
            assertThat(again).hasSize(3).allMatch(Frame::reprocess);
            assertThat(again.get(0).period().begin()).isEqualTo(start.plus(Duration.ofHours(1)));
            assertThat(again.get(0).usage().get("instance").get(0).qty()).isEqualByComparingTo("0.5");
            assertThat(again.get(1).usage()).isEmpty(); // sent empty: storage clears what the period held
            assertThat(again.get(2).usage()).isEmpty();
        }
    }

    /** CloudKitty's basic ISO format, e.g. 20261101T103000Z. */
    private static String basic(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(t);
    }

    @Test
    void aResetToATimeInsideAPeriodKeepsThatPeriodAndCollectsTheLaterOnesAgain() throws Exception {
        Instant now = Instant.now();
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"sr-mid\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"" + start + "\"}").post("/v1/events").then().statusCode(202);
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            assertThat(scheduler.collectScope("sr-mid", now)).isEqualTo(4);
            assertThat(framesOf(amqp, "sr-mid")).hasSize(4);

            // half past the second period, in the basic format CloudKitty also takes
            String midPeriod = basic(start.plus(Duration.ofMinutes(90)));
            given().contentType(ContentType.JSON).body(Map.of("last_processed_timestamp", midPeriod, "scope_id", "sr-mid")).put("/v2/scope")
                    .then().statusCode(202);
            given().get("/v2/scope?scope_id=sr-mid").then().statusCode(200)
                    .body("results[0].last_processed_timestamp", equalTo(start.plus(Duration.ofHours(1)).toString()));

            assertThat(scheduler.collectScope("sr-mid", now)).isEqualTo(2);
            List<Frame> again = framesOf(amqp, "sr-mid");
            assertThat(again).extracting(f -> f.period().begin())
                    .containsExactly(start.plus(Duration.ofHours(2)), start.plus(Duration.ofHours(3))); // on the period grid
            assertThat(again).allMatch(Frame::reprocess);
            assertThat(again).allSatisfy(f -> assertThat(f.usage().get("instance").get(0).qty()).isEqualByComparingTo("1"));
        }
    }

    @Test
    void aResetToAPlainDateMeansMidnightUtc() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        given().contentType(ContentType.JSON).body("{\"scope_id\":\"sr-date\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\","
                + "\"action\":\"create\",\"timestamp\":\"" + start + "\"}").post("/v1/events").then().statusCode(202);
        String day = start.atOffset(java.time.ZoneOffset.UTC).toLocalDate().minusDays(1).toString(); // e.g. 2026-11-30
        given().contentType(ContentType.JSON).body(Map.of("state", day, "scope_id", "sr-date")).put("/v2/scope").then().statusCode(202);
        given().get("/v2/scope?scope_id=sr-date").then().statusCode(200)
                .body("results[0].last_processed_timestamp", equalTo(day + "T00:00:00Z"));
    }

    @Test
    void aResetIsRefusedWithTheFieldNamed() {
        Instant aligned = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        given().contentType(ContentType.JSON).body(Map.of("scope_id", "x")).put("/v2/scope").then().statusCode(400).body("field", equalTo("state"));
        given().contentType(ContentType.JSON).body(Map.of("state", "soon", "scope_id", "x")).put("/v2/scope")
                .then().statusCode(400).body("field", equalTo("state"));
        given().contentType(ContentType.JSON).body(Map.of("last_processed_timestamp", "2026-13-01", "scope_id", "x")).put("/v2/scope")
                .then().statusCode(400).body("field", equalTo("last_processed_timestamp"));
        given().contentType(ContentType.JSON).body(Map.of("state", aligned.toString())).put("/v2/scope")
                .then().statusCode(400).body("field", equalTo("scope_id"));
        given().contentType(ContentType.JSON).body(Map.of("state", aligned.toString(), "scope_id", "x", "all_scopes", true)).put("/v2/scope")
                .then().statusCode(400).body("field", equalTo("scope_id"));
        given().contentType(ContentType.JSON).body(Map.of("state", aligned.toString(), "scope_id", "no-such-scope")).put("/v2/scope")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("state", aligned.toString(), "scope_id", "x", "collector", "gnocchi")).put("/v2/scope")
                .then().statusCode(400).body("field", equalTo("collector"));
    }

    @Test
    void aScopeIsCreatedDisabledAndEnabled() {
        given().contentType(ContentType.JSON).body(Map.of("scope_id", "sc-created", "last_processed_timestamp", "2026-11-01T00:00:00Z"))
                .post("/v2/scope").then().statusCode(200)
                .body("scope_id", equalTo("sc-created")).body("active", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("scope_id", "sc-created")).post("/v2/scope").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v2/scope").then().statusCode(400).body("field", equalTo("scope_id"));

        given().contentType(ContentType.JSON).body(Map.of("scope_id", "sc-created", "active", false)).patch("/v2/scope").then().statusCode(200)
                .body("active", equalTo(false)).body("scope_activation_toggle_date", notNullValue());
        given().get("/v2/scope?scope_id=sc-created&active=false").then().statusCode(200).body("total", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("scope_id", "sc-created", "active", 1)).patch("/v2/scope").then().statusCode(200)
                .body("active", equalTo(true)); // CloudKitty's CLI sends strtobool's 1/0
        given().contentType(ContentType.JSON).body(Map.of("scope_id", "nobody", "active", true)).patch("/v2/scope").then().statusCode(404);
    }
}
