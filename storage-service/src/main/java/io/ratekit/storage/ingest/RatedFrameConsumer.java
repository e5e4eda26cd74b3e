package io.ratekit.storage.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.service.messaging.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes rated frames and hands them to the {@link FrameBatcher}. Acks only after the database
 * commit of the frame's batch; an invalid frame is dead-lettered with its reason; a database
 * failure nacks for a bounded redelivery.
 */
@io.quarkus.runtime.Startup // its counters exist (at 0) from the start, not from the first frame on
@ApplicationScoped
public class RatedFrameConsumer {

    private static final Logger LOG = Logger.getLogger(RatedFrameConsumer.class);

    private final FrameBatcher batcher;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter stored;
    private final Counter points;
    private final Counter retried;
    private final AtomicLong lastPeriodEnd = new AtomicLong();

    @Inject
    public RatedFrameConsumer(FrameBatcher batcher, DeadLetters deadLetters, MeterRegistry registry) {
        this.batcher = batcher;
        this.deadLetters = deadLetters;
        this.registry = registry;
        received = Counter.builder("ratekit.frames.received").description("Frames taken from the rated queue").register(registry);
        stored = Counter.builder("ratekit.frames.stored").description("Frames committed to PostgreSQL").register(registry);
        points = Counter.builder("ratekit.points.stored").description("Data points committed to PostgreSQL").register(registry);
        retried = Counter.builder("ratekit.frames.retried").description("Frames nacked for redelivery after a transient failure").register(registry);
        registry.gauge("ratekit.frames.lag.seconds", lastPeriodEnd,
                end -> end.get() == 0 ? 0 : Duration.between(Instant.ofEpochSecond(end.get()), Instant.now()).toSeconds());
    }

    @Incoming("rated")
    @Blocking(ordered = false)
    public CompletionStage<Void> onFrame(Message<byte[]> message) {
        received.increment();
        Frame frame;
        try {
            frame = FrameCodec.decode(message.getPayload());
        } catch (FrameFormatException e) {
            return deadLetter(message, e.getMessage());
        }
        return batcher.submit(frame).handle((ok, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "frame %s not stored, will be redelivered", frame.frameId());
                retried.increment();
                return message.nack(failure);
            }
            stored.increment();
            points.increment(frame.pointCount());
            lastPeriodEnd.accumulateAndGet(frame.period().end().getEpochSecond(), Math::max);
            return message.ack();
        }).thenCompose(settled -> settled);
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> message, String reason) {
        try {
            deadLetters.send(AmqpNames.STORAGE_DEAD_LETTER_QUEUE, "storage", message.getPayload(), null, reason);
            Counter.builder("ratekit.frames.dead.lettered").description("Frames sent to the dead-letter queue")
                    .tag("reason", "invalid-frame").register(registry).increment();
            return message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not dead-letter a frame, it will be redelivered");
            return message.nack(e);
        }
    }
}
