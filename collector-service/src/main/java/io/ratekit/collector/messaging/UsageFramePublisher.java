package io.ratekit.collector.messaging;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** Publishes an unrated frame to {@code ratekit.usage}; returns once the broker has confirmed it. */
@ApplicationScoped
public class UsageFramePublisher {

    @Inject
    @Channel("usage")
    MutinyEmitter<byte[]> emitter;

    public void publish(Frame frame) {
        var metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(AmqpNames.routingKey(frame))
                .withContentType(AmqpNames.CONTENT_TYPE)
                .withDeliveryMode(2)
                .withMessageId(frame.frameId())
                .withHeader(AmqpNames.FRAME_ID_HEADER, frame.frameId())
                .build();
        emitter.sendMessageAndAwait(Message.of(FrameCodec.encode(frame), Metadata.of(metadata)));
    }
}
