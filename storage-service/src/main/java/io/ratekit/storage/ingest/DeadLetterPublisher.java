package io.ratekit.storage.ingest;

import io.ratekit.frames.AmqpNames;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Sends a message that can never be stored to the storage dead-letter queue, unchanged, with
 * the reason in a header. Returns only once the broker has confirmed it.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    static final String SERVICE = "storage";

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<byte[]> emitter;

    public void send(byte[] body, String frameId, String reason) {
        LOG.warnf("dead-lettering frame %s: %s", frameId, reason);
        var metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(AmqpNames.STORAGE_DEAD_LETTER_QUEUE)
                .withContentType(AmqpNames.CONTENT_TYPE)
                .withDeliveryMode(2)
                .withHeaders(AmqpNames.deadLetterHeaders(reason, SERVICE, frameId))
                .build();
        emitter.sendMessageAndAwait(Message.of(body, Metadata.of(metadata)));
    }
}
