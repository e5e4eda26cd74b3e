package io.ratekit.frames;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Declares the whole RabbitMQ topology, idempotently. Every service calls it at start, before its
 * channels open, so that a publisher never sends into an exchange with no queue bound (RabbitMQ
 * would drop the frame) and queue arguments are defined once, here, not in three configs.
 *
 * <pre>
 * ratekit.usage (topic) --frame.#--> ratekit.processor.usage (quorum) --dead letters--> ratekit.dlx --> ratekit.processor.usage.dlq
 * ratekit.rated (topic) --frame.#--> ratekit.storage.rated   (quorum) --dead letters--> ratekit.dlx --> ratekit.storage.rated.dlq
 * </pre>
 */
public final class AmqpTopology {

    /**
     * Deliveries of one message before RabbitMQ dead-letters it (transient failures: database
     * down, broker refused a publish). Permanent failures are dead-lettered at once by the service.
     */
    public static final int DELIVERY_LIMIT = 5;

    private AmqpTopology() {
    }

    /** Connects with the given broker settings and declares everything. */
    public static void declare(String host, int port, String username, String password, String virtualHost)
            throws IOException, TimeoutException {
        declare(connectionFactory(host, port, username, password, virtualHost));
    }

    /** A connection factory for the services' broker settings. */
    public static ConnectionFactory connectionFactory(String host, int port, String username, String password, String virtualHost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        return factory;
    }

    public static void declare(ConnectionFactory factory) throws IOException, TimeoutException {
        try (Connection connection = factory.newConnection("ratekit-topology");
             Channel channel = connection.createChannel()) {
            declare(channel);
        }
    }

    public static void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(AmqpNames.USAGE_EXCHANGE, "topic", true);
        channel.exchangeDeclare(AmqpNames.RATED_EXCHANGE, "topic", true);
        channel.exchangeDeclare(AmqpNames.DEAD_LETTER_EXCHANGE, "direct", true);
        workQueue(channel, AmqpNames.PROCESSOR_QUEUE, AmqpNames.USAGE_EXCHANGE, AmqpNames.PROCESSOR_DEAD_LETTER_QUEUE);
        workQueue(channel, AmqpNames.STORAGE_QUEUE, AmqpNames.RATED_EXCHANGE, AmqpNames.STORAGE_DEAD_LETTER_QUEUE);
    }

    private static void workQueue(Channel channel, String queue, String exchange, String deadLetterQueue) throws IOException {
        channel.queueDeclare(deadLetterQueue, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(deadLetterQueue, AmqpNames.DEAD_LETTER_EXCHANGE, deadLetterQueue);
        channel.queueDeclare(queue, true, false, false, Map.of(
                "x-queue-type", "quorum",
                "x-delivery-limit", DELIVERY_LIMIT,
                "x-dead-letter-exchange", AmqpNames.DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", deadLetterQueue));
        channel.queueBind(queue, exchange, AmqpNames.ALL_FRAMES);
    }
}
