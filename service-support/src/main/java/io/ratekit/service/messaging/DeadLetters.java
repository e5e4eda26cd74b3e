package io.ratekit.service.messaging;

import io.ratekit.frames.AmqpNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Sends a message that can never be handled to a dead-letter queue, body unchanged, with the
 * reason, the service and the frame id in headers. Returns once RabbitMQ has confirmed it.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    ConfirmingPublisher publisher;

    /** @param deadLetterQueue the queue, which is also the routing key on the dead-letter exchange */
    public void send(String deadLetterQueue, String service, byte[] body, String frameId, String reason) {
        LOG.warnf("dead-lettering frame %s to %s: %s", frameId == null ? "?" : frameId, deadLetterQueue, reason);
        publisher.publish(AmqpNames.DEAD_LETTER_EXCHANGE, deadLetterQueue, AmqpNames.deadLetterHeaders(reason, service, frameId), body);
    }
}
