package io.ratekit.service.messaging;

import io.ratekit.frames.AmqpNames;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent messages and returns once RabbitMQ has confirmed each one, while many
 * threads publish at once on one channel: confirms arrive asynchronously and in batches, so a
 * publisher waits for its own message without serialising the others behind it. A message
 * that no queue would take (mandatory flag) fails instead of vanishing.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final String SEQ_HEADER = "x-ratekit-publish-seq";

    private final Connection connection;
    private final Channel channel;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
    private final Duration timeout;

    public ConfirmingPublisher(ConnectionFactory factory, String connectionName, Duration timeout) throws IOException, TimeoutException {
        this.timeout = timeout;
        factory.setAutomaticRecoveryEnabled(true);
        connection = factory.newConnection(connectionName);
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener((tag, multiple) -> settle(tag, multiple, null),
                (tag, multiple) -> settle(tag, multiple, new IOException("RabbitMQ refused the message (nack)")));
        channel.addReturnListener(returned -> {
            Object seq = returned.getProperties().getHeaders() == null ? null : returned.getProperties().getHeaders().get(SEQ_HEADER);
            CompletableFuture<Void> f = seq == null ? null : pending.remove(Long.parseLong(seq.toString()));
            if (f != null) {
                f.completeExceptionally(new IOException("no queue bound for " + returned.getExchange() + "/" + returned.getRoutingKey()
                        + " (" + returned.getReplyText() + ")"));
            }
        });
        // a lost channel loses its confirms: fail every waiting publisher, they will be retried
        channel.addShutdownListener(cause -> failAll(cause));
        connection.addShutdownListener(cause -> failAll(cause));
    }

    /** Connects with explicit broker settings. */
    public static ConfirmingPublisher connect(String host, int port, String username, String password, String virtualHost,
                                              String connectionName, Duration timeout) throws IOException, TimeoutException {
        return new ConfirmingPublisher(io.ratekit.frames.AmqpTopology.connectionFactory(host, port, username, password, virtualHost),
                connectionName, timeout);
    }

    /** Publishes a frame to {@code exchange} with its routing key and id headers; waits for the confirm. */
    public void publish(String exchange, Frame frame) {
        publish(exchange, AmqpNames.routingKey(frame), Map.of(AmqpNames.FRAME_ID_HEADER, frame.frameId()), FrameCodec.encode(frame));
    }

    /** Publishes a raw body; waits for the confirm. Throws {@link PublishException} if it is not confirmed. */
    public void publish(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            synchronized (this) {
                long seq = channel.getNextPublishSeqNo();
                Map<String, Object> allHeaders = new java.util.HashMap<>(headers);
                allHeaders.put(SEQ_HEADER, seq);
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType(AmqpNames.CONTENT_TYPE).deliveryMode(2).headers(allHeaders).build();
                pending.put(seq, confirmed);
                channel.basicPublish(exchange, routingKey, true, props, body);
            }
            confirmed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            throw new PublishException("publish to " + exchange + " failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new PublishException("publish to " + exchange + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("no confirm from RabbitMQ within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for a confirm", e);
        }
    }

    public boolean isOpen() {
        return connection.isOpen() && channel.isOpen();
    }

    private void settle(long tag, boolean multiple, Exception failure) {
        var settled = multiple ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
        settled.values().forEach(f -> {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        });
        settled.clear();
    }

    private void failAll(Exception cause) {
        pending.values().forEach(f -> f.completeExceptionally(new IOException("connection to RabbitMQ lost: " + cause.getMessage(), cause)));
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        if (connection.isOpen()) {
            connection.close();
        }
    }

    /** A message RabbitMQ did not confirm: the caller must not consider it sent. */
    public static class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
