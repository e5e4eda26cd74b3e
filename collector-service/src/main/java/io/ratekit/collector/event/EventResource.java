package io.ratekit.collector.event;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.List;

/**
 * {@code POST /v1/events}: resource lifecycle events, in Ratekit's JSON or as CloudEvents 1.0
 * (structured mode, single or batch). The whole request is stored or, on any invalid event,
 * nothing is (400 naming the field).
 */
@Path("/v1/events")
@RolesAllowed(Roles.ADMIN)
public class EventResource {

    @Inject
    EventParser parser;
    @Inject
    EventStore store;
    @Inject
    MeterRegistry registry;

    public record IngestResponse(int accepted, int duplicates, int late, int out_of_order) {
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/cloudevents+json", "application/cloudevents-batch+json"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record resource lifecycle events (create, update, delete) of a scope")
    @RequestBody(description = "One event or an array of up to 10000; Ratekit JSON or CloudEvents 1.0 structured JSON")
    public Response post(byte[] body) {
        List<LifecycleEvent> events = parser.parse(body);
        EventStore.IngestResult result = store.ingest(events);
        registry.counter("ratekit.events.received", "result", "accepted").increment(result.accepted());
        registry.counter("ratekit.events.received", "result", "duplicate").increment(result.duplicates());
        registry.counter("ratekit.events.received", "result", "late").increment(result.late());
        return Response.accepted(new IngestResponse(result.accepted(), result.duplicates(), result.late(), result.outOfOrder())).build();
    }
}
