package io.ratekit.storage.report;

import io.quarkus.security.identity.SecurityIdentity;
import io.ratekit.service.security.Caller;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.TreeSet;

/**
 * Admits a request to a {@link CapacityLimited} report endpoint only with a {@link ReportCapacity}
 * slot (503 otherwise), and frees the slot when the answer has been sent, or the connection
 * dropped — for a streamed CSV export that is when the last row has gone out, so the slot is held
 * as long as the export holds its database connection. Runs on the endpoint's worker thread, so
 * waiting for a slot does not block the event loop.
 */
public class ReportAdmission {

    @Inject
    ReportCapacity capacity;
    @Inject
    Caller caller;
    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter
    public Response admit(ResourceInfo resource, RoutingContext routing) {
        if (!limited(resource) || identity.isAnonymous()) {
            return null; // not a report, or no token: the role check answers 401 before any work
        }
        ReportCapacity.Slot slot;
        try {
            slot = capacity.enter(callerKey());
        } catch (ReportsBusyException e) {
            return capacity.busy(e.getMessage());
        }
        routing.addEndHandler(done -> slot.close());
        return null;
    }

    private static boolean limited(ResourceInfo resource) {
        return resource.getResourceMethod() != null && (resource.getResourceMethod().isAnnotationPresent(CapacityLimited.class)
                || resource.getResourceClass().isAnnotationPresent(CapacityLimited.class));
    }

    /**
     * Whose slots a request uses: a tenant's (every user whose token lists the same scopes shares
     * them: one tenant cannot multiply its slots by its users), an operator's by token subject.
     */
    private String callerKey() {
        String name = identity.getPrincipal().getName();
        if (caller.seesAllScopes()) {
            return "operator\u0000" + name;
        }
        if (caller.scopes().isEmpty()) {
            return "user\u0000" + name;
        }
        return "scopes\u0000" + String.join("\u0000", new TreeSet<>(caller.scopes()));
    }
}
