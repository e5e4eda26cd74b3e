package io.ratekit.processor.pyscripts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.RatingException;
import io.ratekit.testing.AmqpProbe;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scripts price the frames flowing through the processor, in a fixed order, each on the previous
 * one's output; a script that fails fails its frame whole, and a runaway only kills its worker.
 */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin")
class PyscriptPricingTest {

    private static final Period HOUR = new Period(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T11:00:00Z"));

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;
    @Inject
    RatingSnapshots snapshots;
    @Inject
    ScriptWorkerPool workers;

    @BeforeEach
    void enable() {
        PyscriptApi.enable(true);
    }

    @AfterEach
    void clear() {
        PyscriptApi.deleteAll();
        PyscriptApi.enable(false);
    }

    private static Frame frame(String scope, String type, String qty) {
        return Frame.of(scope, "test", HOUR, Map.of(type, List.of(
                DataPoint.unrated("vcpu", new BigDecimal(qty), Map.of("id", "vm-1"), Map.of("flavor", "m1")))), false);
    }

    @Test
    void framesThroughTheProcessorArePricedByScriptsInOrder() throws Exception {
        // "b" runs before "a" because of its order; "a" doubles what "b" set
        PyscriptApi.create(Map.of("name", "pp.a", "order", 2, "data",
                "for p in data['usage'].get('pp.cpu', []):\n    p['rating']['price'] = p['rating']['price'] * 2\n"));
        PyscriptApi.create(Map.of("name", "pp.b", "order", 1, "data",
                "import decimal\nfor p in data['usage'].get('pp.cpu', []):\n    p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.125')\n"));
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            Frame frame = frame("pp-scope", "pp.cpu", "3");
            amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(frame), new String(FrameCodec.encode(frame), StandardCharsets.UTF_8));
            Frame rated = null;
            while (rated == null) {
                Frame f = FrameCodec.decode(amqp.await(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(60)).getBody());
                if (f.scopeId().equals("pp-scope")) {
                    rated = f;
                }
            }
            DataPoint point = rated.usage().get("pp.cpu").get(0);
            assertThat(point.price()).isEqualByComparingTo("0.75"); // 3 x 0.125 = 0.375, doubled
            assertThat(point.rules()).singleElement().asString().matches("pyscripts@pp\\.b:[0-9a-f]{12},pp\\.a:[0-9a-f]{12}");
            assertThat(point.groupby()).containsEntry("id", "vm-1");
        }
    }

    @Test
    void aFailingScriptFailsTheWholeFrameNamingTheScriptAndTheField() {
        PyscriptApi.create("pf.first", "for p in data['usage']['pf.cpu']:\n    p['rating']['price'] = 1\n");
        PyscriptApi.create("pf.garbage", "data['usage']['pf.cpu'][0]['rating']['price'] = 'lots'\n");
        assertThatThrownBy(() -> snapshots.current().pipeline().rate(frame("pf-scope", "pf.cpu", "1")))
                .isInstanceOf(RatingException.class)
                .hasMessageContaining("pf.garbage").hasMessageContaining("data.usage.pf.cpu[0].rating.price");
    }

    @Test
    void aFrameAScriptCannotPriceIsDeadLetteredWithTheScriptAndFieldAndNothingIsHalfPriced() throws Exception {
        PyscriptApi.create("dl.garbage", "for p in data['usage'].get('dl.cpu', []):\n    p['rating']['price'] = 'lots'\n");
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.purge(AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE);
            Frame frame = frame("dl-scope", "dl.cpu", "2");
            String body = new String(FrameCodec.encode(frame), StandardCharsets.UTF_8);
            amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(frame), body);
            var dead = amqp.await(AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE, Duration.ofSeconds(60));
            assertThat(AmqpProbe.body(dead)).isEqualTo(body); // the frame as it came, not half priced
            assertThat(AmqpProbe.header(dead, AmqpNames.FAILURE_REASON_HEADER))
                    .contains("dl.garbage").contains("data.usage.dl.cpu[0].rating.price");
        }
    }

    @Test
    void aRunawayBuiltInKillsOnlyItsWorker() {
        PyscriptApi.create("rk.sum", "total = sum(range(10**10))\n");
        Instant start = Instant.now();
        assertThatThrownBy(() -> snapshots.current().pipeline().rate(frame("rk-scope", "rk.cpu", "1")))
                .isInstanceOf(RatingException.class).hasMessageContaining("rk.sum").hasMessageContaining("killed");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        given().get("/q/health/live").then().statusCode(200);
        PyscriptApi.deleteAll();
        PyscriptApi.create("rk.after", "for p in data['usage']['rk.cpu']:\n    p['rating']['price'] = 7\n");
        Frame rated = snapshots.current().pipeline().rate(frame("rk-scope", "rk.cpu", "1"));
        assertThat(rated.usage().get("rk.cpu").get(0).price()).isEqualByComparingTo("7");
    }

    @Test
    void aMemoryBombKillsOnlyItsWorker() {
        PyscriptApi.create("mb.bomb", "hoard = []\nwhile True:\n    hoard.append(bytearray(1000000))\n");
        assertThatThrownBy(() -> snapshots.current().pipeline().rate(frame("mb-scope", "mb.cpu", "1")))
                .isInstanceOf(RatingException.class).hasMessageContaining("mb.bomb");
        given().get("/q/health/live").then().statusCode(200);
        PyscriptApi.deleteAll();
        PyscriptApi.create("mb.after", "for p in data['usage']['mb.cpu']:\n    p['rating']['price'] = 3\n");
        Frame rated = snapshots.current().pipeline().rate(frame("mb-scope", "mb.cpu", "1"));
        assertThat(rated.usage().get("mb.cpu").get(0).price()).isEqualByComparingTo("3");
    }
}
