package io.ratekit.storage.ingest;

import io.quarkus.test.security.TestSecurity;
import com.rabbitmq.client.GetResponse;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.ratekit.testing.LocalServicesResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rated frames in from ratekit.rated: stored once per (scope, period, type), replaced on re-delivery, bad ones dead-lettered. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
@QuarkusTestResource(value = LocalServicesResource.class, initArgs = @ResourceArg(name = "vhost", value = "ratekit-test-storage"))
class RatedFrameConsumerTest {

    private static final Period HOUR = new Period(Instant.parse("2024-02-29T23:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"));

    @Inject
    @io.quarkus.agroal.DataSource("ingest") // sees every scope (row-level security binds the API role)
    AgroalDataSource dataSource;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    private static Frame frame(String scope, String qty, String price) {
        DataPoint p = new DataPoint("vcpu", new BigDecimal(qty), new BigDecimal(price), Map.of("id", "vm-1", "project_id", scope), Map.of());
        return Frame.of(scope, "test", HOUR, Map.of("vcpu", List.of(p)), false);
    }

    private long query(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitQuery(String sql, long expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (query(sql) != expected) {
            assertThat(Instant.now()).as(sql + " never gave " + expected).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void storesAFrameOnceEvenWhenDeliveredTwiceAndKeepsTheLastCopy() throws Exception {
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            Frame first = frame("st-once", "1.5", "0.10");
            amqp.publish(AmqpNames.RATED_EXCHANGE, AmqpNames.routingKey(first), new String(FrameCodec.encode(first), StandardCharsets.UTF_8));
            awaitQuery("SELECT count(*) FROM storage.stored_frame WHERE scope_id = 'st-once'", 1);

            Frame again = frame("st-once", "1.5", "0.25");
            amqp.publish(AmqpNames.RATED_EXCHANGE, AmqpNames.routingKey(again), new String(FrameCodec.encode(again), StandardCharsets.UTF_8));
            awaitQuery("SELECT deliveries FROM storage.stored_frame WHERE scope_id = 'st-once'", 2);
        }
        assertThat(query("SELECT count(*) FROM storage.rated_point WHERE scope_id = 'st-once'")).isEqualTo(1);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT price, qty, tableoid::regclass FROM storage.rated_point WHERE scope_id = 'st-once'")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("0.25");
            assertThat(rs.getBigDecimal(2).toPlainString()).isEqualTo("1.5");
            assertThat(rs.getString(3)).isEqualTo("storage.rated_point_2024_02");
        }
    }

    @Test
    void deadLettersAFrameThatIsNotAFrame() throws Exception {
        String bad = "{\"frame_id\":\"x\",\"scope_id\":\"st-bad\",\"source\":\"test\",\"schema_version\":1,\"reprocess\":false,"
                + "\"period\":{\"begin\":\"2024-03-01T01:00:00Z\",\"end\":\"2024-03-01T00:00:00Z\"},\"usage\":{}}";
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.publish(AmqpNames.RATED_EXCHANGE, "frame.test.st-bad", bad);
            GetResponse dead = amqp.await(AmqpNames.STORAGE_DEAD_LETTER_QUEUE, Duration.ofSeconds(20));
            assertThat(AmqpProbe.body(dead)).isEqualTo(bad);
            assertThat(AmqpProbe.header(dead, AmqpNames.FAILURE_REASON_HEADER)).startsWith("period.end: must be after period.begin");
            assertThat(AmqpProbe.header(dead, AmqpNames.FAILED_BY_HEADER)).isEqualTo("storage");
        }
        assertThat(query("SELECT count(*) FROM storage.stored_frame WHERE scope_id = 'st-bad'")).isZero();
    }
}
