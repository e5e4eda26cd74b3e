package io.ratekit.collector.reprocess;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** CloudKitty creates reprocessing tasks at {@code POST /v2/task/reprocess} (singular) — its CLI posts there. */
@Path("/v2/task/reprocess")
@RolesAllowed(Roles.ADMIN)
public class ReprocessPostResource {

    @Inject
    ReprocessResource reprocesses;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        return reprocesses.create(body);
    }
}
