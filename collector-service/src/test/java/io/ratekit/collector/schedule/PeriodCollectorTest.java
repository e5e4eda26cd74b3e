package io.ratekit.collector.schedule;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.testing.LocalServices;
import io.ratekit.testing.LocalServicesResource;
import io.ratekit.testing.AmqpProbe;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The collection of periods: frames published per closed period, the state advanced, late events counted, one replica at a time. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
class PeriodCollectorTest {

    @Inject
    CollectionScheduler scheduler;
    @Inject
    PeriodCollector collector;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    private static void post(String body) {
        given().contentType(ContentType.JSON).body(body).post("/v1/events").then().statusCode(202);
    }

    @Test
    void catchesUpOnClosedPeriodsAndPublishesOneFramePerPeriodWithUsage() throws Exception {
        Instant now = Instant.now();
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.purge(AmqpNames.PROCESSOR_QUEUE);
            post("[{\"scope_id\":\"pc-1\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\",\"action\":\"create\",\"timestamp\":\""
                    + start.plus(Duration.ofMinutes(30)) + "\",\"attributes\":{\"vcpus\":4}},"
                    + "{\"scope_id\":\"pc-1\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\",\"action\":\"delete\",\"timestamp\":\""
                    + start.plus(Duration.ofMinutes(75)) + "\"}]");

            int collected = scheduler.collectScope("pc-1", now); // a fixed clock: no new period may fall due meanwhile
            // wait_periods = 2: a period is due once its begin is more than two hours ago: start .. start+3h
            assertThat(collected).isEqualTo(4);

            List<Frame> frames = new ArrayList<>();
            while (amqp.messageCount(AmqpNames.PROCESSOR_QUEUE) > 0) {
                frames.add(FrameCodec.decode(amqp.await(AmqpNames.PROCESSOR_QUEUE, Duration.ofSeconds(5)).getBody()));
            }
            assertThat(frames).hasSize(2); // the last two periods had no live resource: no frame, as CloudKitty
            assertThat(frames).allSatisfy(f -> assertThat(f.scopeId()).isEqualTo("pc-1"));
            assertThat(frames.get(0).usage().get("vcpu").get(0).qty()).isEqualByComparingTo("2");  // 30 min x 4
            assertThat(frames.get(1).usage().get("vcpu").get(0).qty()).isEqualByComparingTo("1");  // 15 min x 4
            assertThat(frames.get(0).frameId()).isNotEqualTo(frames.get(1).frameId());
        }
        given().get("/v2/scope?scope_id=pc-1").then().statusCode(200)
                .body("results[0].last_processed_timestamp", equalTo(start.plus(Duration.ofHours(3)).toString()));

        // an event for a collected period is kept and reported, not dropped
        post("{\"scope_id\":\"pc-1\",\"resource_id\":\"vm-2\",\"resource_type\":\"instance\",\"action\":\"create\",\"timestamp\":\""
                + start.plus(Duration.ofMinutes(10)) + "\"}");
        given().get("/v2/scope?scope_id=pc-1").then().statusCode(200)
                .body("results[0].late_events", equalTo(1))
                .body("results[0].last_late_event_at", equalTo(start.plus(Duration.ofMinutes(10)).toString()));
    }

    @Test
    void aScopeLockedByAnotherReplicaIsSkipped() throws Exception {
        post("{\"scope_id\":\"pc-locked\",\"resource_id\":\"vm-1\",\"resource_type\":\"instance\",\"action\":\"create\",\"timestamp\":\""
                + Instant.now().minus(Duration.ofHours(6)) + "\"}");
        try (Connection other = LocalServices.connect(LocalServicesResource.DATABASE) /* as the owner: sees every scope */) {
            other.setAutoCommit(false);
            try (PreparedStatement st = other.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('ratekit.collector'), hashtext('pc-locked/events'))")) {
                st.execute();
            }
            assertThat(collector.collectNext("pc-locked", Instant.now())).isEqualTo(PeriodCollector.Outcome.LOCKED_ELSEWHERE);
            other.rollback();
        }
        assertThat(collector.collectNext("pc-locked", Instant.now())).isEqualTo(PeriodCollector.Outcome.COLLECTED);
    }
}
