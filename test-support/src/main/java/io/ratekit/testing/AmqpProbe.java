package io.ratekit.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/** A test's own AMQP connection to a vhost: publish raw bodies with confirms, fetch what arrives in a queue. */
public final class AmqpProbe implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    public AmqpProbe(String vhost) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(LocalServices.RABBITMQ_HOST);
        factory.setPort(LocalServices.RABBITMQ_PORT);
        factory.setVirtualHost(vhost);
        connection = factory.newConnection("ratekit-test-probe");
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    /** Publishes and waits for the broker's confirm. */
    public void publish(String exchange, String routingKey, String body) throws IOException, InterruptedException, TimeoutException {
        channel.basicPublish(exchange, routingKey, true,
                new AMQP.BasicProperties.Builder().contentType("application/vnd.ratekit.frame+json").deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
    }

    /** Publishes many bodies, then waits once for all the broker's confirms. */
    public void publishAll(String exchange, String routingKey, java.util.List<byte[]> bodies) throws IOException, InterruptedException, TimeoutException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/vnd.ratekit.frame+json").deliveryMode(2).build();
        for (byte[] body : bodies) {
            channel.basicPublish(exchange, routingKey, true, props, body);
        }
        channel.waitForConfirmsOrDie(600_000);
    }

    /** The next message of {@code queue} (acked), waiting up to {@code timeout}. */
    public GetResponse await(String queue, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            GetResponse got = channel.basicGet(queue, true);
            if (got != null) {
                return got;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no message arrived in " + queue + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** The next message of {@code queue}, left unacknowledged for {@link #nack}. */
    public GetResponse awaitUnacked(String queue, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            GetResponse got = channel.basicGet(queue, false);
            if (got != null) {
                return got;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no message arrived in " + queue + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    public void nack(GetResponse message, boolean requeue) throws IOException {
        channel.basicNack(message.getEnvelope().getDeliveryTag(), false, requeue);
    }

    public long messageCount(String queue) throws IOException {
        return channel.messageCount(queue);
    }

    public void purge(String queue) throws IOException {
        channel.queuePurge(queue);
    }

    public static String body(GetResponse message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    public static String header(GetResponse message, String name) {
        var headers = message.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void close() throws IOException, TimeoutException {
        connection.close();
    }
}
