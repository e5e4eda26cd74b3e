package io.ratekit.service.messaging;

import io.quarkus.runtime.StartupEvent;
import io.ratekit.frames.AmqpTopology;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A service's link to RabbitMQ outside the SmallRye channels: declares the shared topology at
 * start, before any channel opens, and provides the confirming publisher the service sends with.
 */
@ApplicationScoped
public class BrokerSetup {

    @ConfigProperty(name = "rabbitmq-host")
    String host;
    @ConfigProperty(name = "rabbitmq-port")
    int port;
    @ConfigProperty(name = "rabbitmq-username")
    String username;
    @ConfigProperty(name = "rabbitmq-password")
    String password;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String virtualHost;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;
    /** How long a publisher waits for RabbitMQ's confirm before the send counts as failed. */
    @ConfigProperty(name = "ratekit.messaging.confirm-timeout", defaultValue = "PT30S")
    Duration confirmTimeout;

    /** A connection factory with this service's broker settings, for its own extra connections. */
    public com.rabbitmq.client.ConnectionFactory connectionFactory() {
        return AmqpTopology.connectionFactory(host, port, username, password, virtualHost);
    }

    void declareTopology(@Observes @Priority(10) StartupEvent event) throws IOException, TimeoutException {
        AmqpTopology.declare(host, port, username, password, virtualHost);
    }

    @Produces
    @Singleton
    ConfirmingPublisher publisher() throws IOException, TimeoutException {
        return ConfirmingPublisher.connect(host, port, username, password, virtualHost, applicationName + "-publisher", confirmTimeout);
    }

    void close(@Disposes ConfirmingPublisher publisher) throws IOException {
        publisher.close();
    }
}
