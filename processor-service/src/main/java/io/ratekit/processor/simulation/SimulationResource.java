package io.ratekit.processor.simulation;

import io.ratekit.processor.pyscripts.ScriptWorkerPool;
import io.ratekit.service.api.Locations;
import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What-if for rule authors (a Ratekit extension; CloudKitty has none): re-rates the stored usage
 * of a period with candidate hashmap rules and/or scripts and compares, per scope and metric type,
 * what storage holds with what the candidate would charge. Never writes rated data.
 *
 * <p>{@code POST} answers 202 with a {@code Location} to poll ({@code GET}), or, with
 * {@code wait=true}, 200 with the result once it is done (202 with the progress if that takes
 * longer than {@code ratekit.simulation.max-wait}). Simulations live in the memory of the replica
 * that runs them.
 */
@Path("/v1/rating/simulations")
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class SimulationResource {

    @Inject
    Simulations simulations;
    @Inject
    SimulationConfig config;
    @Inject
    ScriptWorkerPool workers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-rate the stored usage of a period with candidate hashmap rules and/or scripts; nothing is stored (Ratekit)")
    public Response start(@QueryParam("wait") boolean wait, byte[] body, @Context UriInfo uri) throws InterruptedException {
        SimulationRequest request = SimulationRequest.parse(body, config.maxPeriod());
        if (request.scripts() != null) {
            CandidateScripts.check(workers, request.scripts());
        }
        Simulation simulation;
        try {
            simulation = simulations.submit(request);
        } catch (Simulations.BusyException e) {
            return Response.status(429).header("Retry-After", "10").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "too_many_simulations", "message", e.getMessage())).build();
        }
        if (wait) {
            try {
                simulation.finished().get(config.maxWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // answered with the progress below
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        Response.ResponseBuilder answer = simulation.isFinished() && wait ? Response.ok() : Response.accepted();
        return answer.location(Locations.of(uri, simulation.id())).entity(SimulationView.json(simulation)).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{simulation_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A simulation's progress and, once done, its comparison (Ratekit)")
    public Response get(@PathParam("simulation_id") String id) {
        Simulation simulation = simulations.get(id).orElseThrow(() -> new NotFoundException(
                "No simulation " + id + " on this processor (finished simulations are kept for " + config.keepFor()
                        + "; polls must reach the replica that runs it)"));
        return Response.ok(SimulationView.json(simulation), MediaType.APPLICATION_JSON).build();
    }
}
