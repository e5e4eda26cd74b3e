package io.ratekit.processor.api;

import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;
import io.ratekit.service.api.ConflictException;
import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Set;

/**
 * {@code /v1/rating/module_config/{module}} of a module that has no configuration API (noop):
 * 409 "Module is not configurable", whatever the method and sub-path, as CloudKitty's
 * {@code UnconfigurableController}. An unknown module is a 404. The configurable modules (hashmap,
 * pyscripts) have their own, more specific paths, which JAX-RS matches first.
 */
@Path("/v1/rating/module_config")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR}) // CloudKitty checks rating:module_config first, too
public class ModuleConfigResource {

    private static final Set<String> CONFIGURABLE = Set.of(HashmapRatingModule.NAME, PyscriptsRatingModule.NAME);
    private static final String ANY_PATH = "{module_id}{rest:(/.*)?}";

    @Inject
    RatingSnapshots snapshots;

    @GET
    @Path(ANY_PATH)
    @Operation(hidden = true) // only ever an error: 409 for noop, 404 otherwise
    public Object get(@PathParam("module_id") String module) {
        return refuse(module);
    }

    @POST
    @Path(ANY_PATH)
    @Operation(hidden = true) // only ever an error: 409 for noop, 404 otherwise
    public Object post(@PathParam("module_id") String module) {
        return refuse(module);
    }

    @PUT
    @Path(ANY_PATH)
    @Operation(hidden = true) // only ever an error: 409 for noop, 404 otherwise
    public Object put(@PathParam("module_id") String module) {
        return refuse(module);
    }

    @DELETE
    @Path(ANY_PATH)
    @Operation(hidden = true) // only ever an error: 409 for noop, 404 otherwise
    public Object delete(@PathParam("module_id") String module) {
        return refuse(module);
    }

    private Object refuse(String module) {
        boolean known = snapshots.current().modules().stream().anyMatch(m -> m.name().equals(module));
        if (known && !CONFIGURABLE.contains(module)) {
            throw new ConflictException("Module is not configurable");
        }
        throw new NotFoundException("No such configuration path under the rating module: " + module);
    }
}
