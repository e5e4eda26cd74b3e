package io.ratekit.service.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the confirming publisher's connection to RabbitMQ is open. */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    @Inject
    Instance<ConfirmingPublisher> publisher;

    @Override
    public HealthCheckResponse call() {
        boolean open;
        try {
            open = publisher.get().isOpen();
        } catch (RuntimeException e) {
            open = false;
        }
        return HealthCheckResponse.named("RabbitMQ publisher").status(open).build();
    }
}
