package io.ratekit.service.messaging;

import com.rabbitmq.client.GetResponse;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.AmqpTopology;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.Period;
import io.ratekit.testing.AmqpProbe;
import io.ratekit.testing.LocalServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The topology and the confirming publisher against the real RabbitMQ: confirmed publishes land
 * in the work queue, unroutable ones fail loudly, and a message nacked again and again is
 * dead-lettered by the broker after the delivery limit instead of looping forever.
 */
class BrokerTopologyTest {

    private static final String VHOST = "ratekit-test-topology";
    private static ConfirmingPublisher publisher;

    @BeforeAll
    static void freshVhost() throws Exception {
        LocalServices.recreateVhost(VHOST);
        AmqpTopology.declare(LocalServices.RABBITMQ_HOST, LocalServices.RABBITMQ_PORT, "guest", "guest", VHOST);
        AmqpTopology.declare(LocalServices.RABBITMQ_HOST, LocalServices.RABBITMQ_PORT, "guest", "guest", VHOST); // idempotent
        publisher = ConfirmingPublisher.connect(LocalServices.RABBITMQ_HOST, LocalServices.RABBITMQ_PORT, "guest", "guest", VHOST,
                "topology-test", Duration.ofSeconds(10));
    }

    @AfterAll
    static void close() throws Exception {
        publisher.close();
    }

    private static Frame frame(String scope) {
        Period hour = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));
        return Frame.of(scope, "test", hour, Map.of("vcpu", List.of(DataPoint.unrated("vcpu", BigDecimal.ONE, Map.of(), Map.of()))), false);
    }

    @Test
    void confirmedFramesLandInTheWorkQueuePersistentAndTagged() throws Exception {
        Frame frame = frame("topo-ok");
        publisher.publish(AmqpNames.USAGE_EXCHANGE, frame);
        try (AmqpProbe probe = new AmqpProbe(VHOST)) {
            GetResponse got = probe.await(AmqpNames.PROCESSOR_QUEUE, Duration.ofSeconds(5));
            assertThat(FrameCodec.decode(got.getBody())).isEqualTo(frame);
            assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("frame.test.topo-ok");
            assertThat(AmqpProbe.header(got, AmqpNames.FRAME_ID_HEADER)).isEqualTo(frame.frameId());
        }
    }

    @Test
    void aMessageNoQueueTakesFailsInsteadOfVanishing() {
        assertThatThrownBy(() -> publisher.publish(AmqpNames.DEAD_LETTER_EXCHANGE, "no.such.queue", Map.of(), new byte[] {1}))
                .isInstanceOf(ConfirmingPublisher.PublishException.class)
                .hasMessageContaining("no queue bound");
    }

    @Test
    void redeliveryIsBoundedThenTheBrokerDeadLetters() throws Exception {
        publisher.publish(AmqpNames.RATED_EXCHANGE, frame("topo-poison"));
        try (AmqpProbe probe = new AmqpProbe(VHOST)) {
            for (int attempt = 1; attempt <= AmqpTopology.DELIVERY_LIMIT + 1; attempt++) {
                GetResponse got = probe.awaitUnacked(AmqpNames.STORAGE_QUEUE, Duration.ofSeconds(5));
                probe.nack(got, true);
            }
            GetResponse dead = probe.await(AmqpNames.STORAGE_DEAD_LETTER_QUEUE, Duration.ofSeconds(10));
            assertThat(FrameCodec.decode(dead.getBody()).scopeId()).isEqualTo("topo-poison");
            assertThat(AmqpProbe.header(dead, "x-first-death-reason")).isEqualTo("delivery_limit");
            assertThat(probe.messageCount(AmqpNames.STORAGE_QUEUE)).isZero();
        }
    }
}
