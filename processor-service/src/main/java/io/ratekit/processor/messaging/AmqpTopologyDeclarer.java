package io.ratekit.processor.messaging;

import io.quarkus.runtime.StartupEvent;
import io.ratekit.frames.AmqpTopology;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Declares the shared RabbitMQ topology before the messaging channels start. */
@ApplicationScoped
public class AmqpTopologyDeclarer {

    void declare(@Observes @Priority(10) StartupEvent event,
                 @ConfigProperty(name = "rabbitmq-host") String host,
                 @ConfigProperty(name = "rabbitmq-port") int port,
                 @ConfigProperty(name = "rabbitmq-username") String username,
                 @ConfigProperty(name = "rabbitmq-password") String password,
                 @ConfigProperty(name = "rabbitmq-virtual-host") String virtualHost) throws Exception {
        AmqpTopology.declare(host, port, username, password, virtualHost);
    }
}
