package io.ratekit.collector.source.vsphere;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down while the vCenter cannot be polled, with the reason; up (and says so) when the source is off. */
@Readiness
@ApplicationScoped
public class VsphereHealthCheck implements HealthCheck {

    @Inject
    VsphereCollector collector;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("vsphere");
        if (!collector.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        String error = collector.lastError();
        return error == null ? response.up().withData("enabled", true).build()
                : response.down().withData("enabled", true).withData("error", error).build();
    }
}
