package io.ratekit.processor.messaging;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.service.messaging.ConfirmingPublisher;
import io.ratekit.service.messaging.DeadLetters;
import io.ratekit.processor.rating.ProcessorMetrics;
import io.ratekit.rating.RatingException;
import io.ratekit.rating.RatingPipeline;
import io.ratekit.processor.rating.RatingSnapshots;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Consumes unrated frames, rates them and publishes the result to {@code ratekit.rated}. The
 * message is acked only after the rated frame is confirmed by the broker. A frame that can never
 * be rated (bad JSON, invalid frame, a module refusing it) is dead-lettered with its reason and
 * acked; anything else (broker trouble) is nacked and redelivered, up to the queue's delivery limit.
 */
@ApplicationScoped
public class UsageFrameConsumer {

    private static final Logger LOG = Logger.getLogger(UsageFrameConsumer.class);
    static final String SERVICE = "processor";

    @Inject
    RatingSnapshots snapshots;
    @Inject
    ConfirmingPublisher publisher;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ProcessorMetrics metrics;

    @Incoming("usage")
    @Blocking(ordered = false)
    public CompletionStage<Void> onFrame(Message<byte[]> message) {
        metrics.received();
        Frame frame = null;
        try {
            Frame decoded = FrameCodec.decode(message.getPayload());
            frame = decoded;
            RatingPipeline pipeline = snapshots.current().pipeline(); // one rules version for the whole frame
            Frame rated = metrics.timeRating(() -> pipeline.rate(decoded));
            publisher.publish(AmqpNames.RATED_EXCHANGE, rated);
            metrics.rated(rated);
            return message.ack();
        } catch (FrameFormatException | RatingException e) {
            return deadLetter(message, frame, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "frame %s not rated, will be redelivered", frame == null ? "?" : frame.frameId());
            metrics.retried();
            return message.nack(e);
        }
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> message, Frame frame, RuntimeException reason) {
        try {
            deadLetters.send(AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE, SERVICE, message.getPayload(),
                    frame == null ? null : frame.frameId(), reason.getMessage());
            metrics.deadLettered(reason instanceof RatingException ? "rating" : "invalid-frame");
            return message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not dead-letter a frame, it will be redelivered");
            return message.nack(e);
        }
    }
}
