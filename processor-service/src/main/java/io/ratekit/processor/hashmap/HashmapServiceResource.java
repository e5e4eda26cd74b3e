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
import io.ratekit.service.api.Locations;
import io.ratekit.service.api.PathIds;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;
import java.util.Set;

/** {@code /v1/rating/module_config/hashmap/services} and {@code /types}, as CloudKitty's. */
@Path("/v1/rating/module_config/hashmap")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class HashmapServiceResource {

    @Inject
    HashmapStore store;
    @Inject
    RatingSnapshots snapshots;

    @GET
    @Path("/types")
    public List<String> types() {
        return List.of("flat", "rate");
    }

    @GET
    @Path("/services")
    public HashmapViews.Services list() {
        return new HashmapViews.Services(store.services());
    }

    @GET
    @Path("/services/{service_id}")
    public HashmapViews.Service get(@PathParam("service_id") String id) {
        return store.service(PathIds.uuid(id, "service"));
    }

    @POST
    @Path("/services")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "Location"))
    public Response create(byte[] body, @Context UriInfo uri) {
        String name = name(JsonBody.parse(body, Set.of("name", "service_id")));
        HashmapViews.Service created = store.createService(name);
        snapshots.changed();
        return Response.created(Locations.of(uri, created.service_id())).entity(created).build();
    }

    @DELETE
    @Path("/services/{service_id}")
    public Response delete(@PathParam("service_id") String id) {
        store.deleteService(PathIds.uuid(id, "service"));
        snapshots.changed();
        return Response.noContent().build();
    }

    /** cloudkittyclient deletes with the id in the body: {@code DELETE .../services/ {"service_id": ...}}. */
    @DELETE
    @Path("/services")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response deleteFromBody(byte[] body) {
        return delete(idFromBody(body, "service_id"));
    }

    /** The {@code <kind>_id} of a body sent to a collection URL, as cloudkittyclient does for PUT and DELETE. */
    static String idFromBody(byte[] body, String idName) {
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = io.ratekit.frames.FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes() : body);
        } catch (io.ratekit.frames.FrameFormatException e) {
            throw new InvalidInputException("$", "not valid JSON");
        }
        String id = node.path(idName).asText("");
        if (id.isEmpty()) {
            throw new InvalidInputException(idName, "is required (in the path or the body)");
        }
        return id;
    }

    /** A service is named after a metric type; a field after a metadata or groupby key: any text up to 255 characters. */
    static String name(JsonBody body) {
        return HashmapStore.validName(body.text("name"));
    }
}
