package io.ratekit.processor.hashmap;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.JsonBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.ratekit.service.api.Locations;
import io.ratekit.service.api.PathIds;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Set;
import java.util.UUID;

/** {@code /v1/rating/module_config/hashmap/fields}, as CloudKitty's. */
@Path("/v1/rating/module_config/hashmap/fields")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class HashmapFieldResource {

    @Inject
    HashmapStore store;
    @Inject
    RatingSnapshots snapshots;

    @GET
    public HashmapViews.Fields list(@QueryParam("service_id") String serviceId) {
        if (serviceId == null || serviceId.isBlank()) {
            throw new InvalidInputException("service_id", "is required to list fields");
        }
        return new HashmapViews.Fields(store.fields(JsonBody.uuid(serviceId, "service_id")));
    }

    @GET
    @Path("/{field_id}")
    public HashmapViews.Field get(@PathParam("field_id") String id) {
        return store.field(PathIds.uuid(id, "field"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "Location"))
    public Response create(byte[] body, @Context UriInfo uri) {
        JsonBody json = JsonBody.parse(body, Set.of("name", "service_id", "field_id"));
        UUID serviceId = json.uuid("service_id");
        if (serviceId == null) {
            throw new InvalidInputException("service_id", "is required");
        }
        HashmapViews.Field created = store.createField(serviceId, HashmapServiceResource.name(json));
        snapshots.changed();
        return Response.created(Locations.of(uri, created.field_id())).entity(created).build();
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Response deleteFromBody(byte[] body) {
        return delete(HashmapServiceResource.idFromBody(body, "field_id"));
    }

    @DELETE
    @Path("/{field_id}")
    public Response delete(@PathParam("field_id") String id) {
        store.deleteField(PathIds.uuid(id, "field"));
        snapshots.changed();
        return Response.noContent().build();
    }
}
