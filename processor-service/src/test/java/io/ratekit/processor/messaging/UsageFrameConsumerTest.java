package io.ratekit.processor.messaging;

import io.quarkus.test.security.TestSecurity;
import com.rabbitmq.client.GetResponse;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames in from ratekit.usage, rated frames out to ratekit.rated, bad frames to the dead-letter queue with the reason. */
@QuarkusTest
@TestSecurity(user = "olga", roles = "rating-admin") // an operator; the roles themselves are tested in *SecurityTest
@QuarkusTestResource(value = LocalServicesResource.class, initArgs = @ResourceArg(name = "vhost", value = "ratekit-test-processor"))
class UsageFrameConsumerTest {

    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    private static Frame frame(String scope) {
        Period period = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
        DataPoint point = DataPoint.unrated("vcpu", new BigDecimal("0.3333333333333333333333333333"), Map.of("id", "vm-1"), Map.of("flavor", "m1"));
        return Frame.of(scope, "test", period, Map.of("vcpu", List.of(point)), false);
    }

    @Test
    void ratesAFrameAndPublishesItToStorageUnchangedByNoop() throws Exception {
        Frame frame = frame("proc-ok");
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(frame), new String(FrameCodec.encode(frame), StandardCharsets.UTF_8));
            GetResponse rated = amqp.await(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(20));
            assertThat(FrameCodec.decode(rated.getBody())).isEqualTo(frame);
            assertThat(AmqpProbe.header(rated, AmqpNames.FRAME_ID_HEADER)).isEqualTo(frame.frameId());
            assertThat(rated.getProps().getDeliveryMode()).isEqualTo(2);
        }
    }

    @Test
    void deadLettersAnInvalidFrameWithItsReasonAndGoesOn() throws Exception {
        String bad = new String(FrameCodec.encode(frame("proc-bad")), StandardCharsets.UTF_8).replace("\"schema_version\":1", "\"schema_version\":9");
        Frame good = frame("proc-after-bad");
        try (AmqpProbe amqp = new AmqpProbe(vhost)) {
            amqp.publish(AmqpNames.USAGE_EXCHANGE, "frame.test.proc-bad", bad);
            amqp.publish(AmqpNames.USAGE_EXCHANGE, AmqpNames.routingKey(good), new String(FrameCodec.encode(good), StandardCharsets.UTF_8));

            GetResponse dead = amqp.await(AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE, Duration.ofSeconds(20));
            assertThat(AmqpProbe.body(dead)).isEqualTo(bad);
            assertThat(AmqpProbe.header(dead, AmqpNames.FAILURE_REASON_HEADER)).startsWith("schema_version: unsupported version 9");
            assertThat(AmqpProbe.header(dead, AmqpNames.FAILED_BY_HEADER)).isEqualTo("processor");
            assertThat(FrameCodec.decode(amqp.await(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(20)).getBody()).scopeId())
                    .isEqualTo("proc-after-bad");
        }
    }
}
