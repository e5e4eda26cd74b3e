package io.ratekit.processor.rating;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ratekit.service.messaging.BrokerSetup;
import io.ratekit.service.messaging.ConfirmingPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Tells every processor replica that the rules changed: a change publishes its version on the
 * fanout exchange {@code ratekit.rules}; each replica listens on a queue of its own and reloads
 * at once. The periodic version check in {@link RatingSnapshots} stays as the backstop for a
 * missed message (a replica restarting, the broker away).
 */
@ApplicationScoped
public class RulesChangeBroadcast {

    public static final String EXCHANGE = "ratekit.rules";
    private static final Logger LOG = Logger.getLogger(RulesChangeBroadcast.class);

    @Inject
    RatingSnapshots snapshots;
    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerSetup broker;

    private Connection connection;

    void listen(@Observes StartupEvent event) throws Exception {
        var factory = broker.connectionFactory();
        factory.setAutomaticRecoveryEnabled(true);
        connection = factory.newConnection("ratekit-processor-rules");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(EXCHANGE, "fanout", true);
        // server-named, exclusive, auto-delete: one queue per replica, gone with it
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, EXCHANGE, "");
        DeliverCallback onChange = (tag, message) -> {
            LOG.debugf("rules changed elsewhere (version %s), reloading", new String(message.getBody(), StandardCharsets.UTF_8));
            try {
                snapshots.refresh();
            } catch (RuntimeException e) {
                LOG.warnf(e, "reload after a rules change failed; the periodic check will retry");
            }
        };
        channel.basicConsume(queue, true, onChange, tag -> { });
    }

    void close(@Observes ShutdownEvent event) throws Exception {
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
    }

    /** Announces a new rules version to every replica (this one included, harmlessly). */
    public void announce(long version) {
        try {
            publisher.publish(EXCHANGE, "", Map.of(), Long.toString(version).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warnf("could not announce rules version %d (%s); other replicas notice within the reload interval", version, e.getMessage());
        }
    }
}
