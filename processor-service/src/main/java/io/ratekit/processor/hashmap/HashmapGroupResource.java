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

/** {@code /v1/rating/module_config/hashmap/groups}, with its mappings and thresholds, as CloudKitty's. */
@Path("/v1/rating/module_config/hashmap/groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class HashmapGroupResource {

    @Inject
    HashmapStore store;
    @Inject
    RatingSnapshots snapshots;

    @GET
    public HashmapViews.Groups list() {
        return new HashmapViews.Groups(store.groups());
    }

    @GET
    @Path("/{group_id}")
    public HashmapViews.Group get(@PathParam("group_id") String id) {
        return store.group(PathIds.uuid(id, "group"));
    }

    @GET
    @Path("/mappings")
    public HashmapViews.Mappings mappings(@QueryParam("group_id") String groupId) {
        UUID id = required(groupId);
        store.group(id);
        return new HashmapViews.Mappings(store.rules(HashmapStore.Kind.MAPPING, null, null, id, false, false, null).stream()
                .map(RuleRequests::mappingView).toList());
    }

    @GET
    @Path("/thresholds")
    public HashmapViews.Thresholds thresholds(@QueryParam("group_id") String groupId) {
        UUID id = required(groupId);
        store.group(id);
        return new HashmapViews.Thresholds(store.rules(HashmapStore.Kind.THRESHOLD, null, null, id, false, false, null).stream()
                .map(RuleRequests::thresholdView).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "Location"))
    public Response create(byte[] body, @Context UriInfo uri) {
        HashmapViews.Group created = store.createGroup(HashmapServiceResource.name(JsonBody.parse(body, Set.of("name", "group_id"))));
        snapshots.changed();
        return Response.created(Locations.of(uri, created.group_id())).entity(created).build();
    }

    /** cloudkittyclient: {@code DELETE .../groups/ {"group_id": ..., "recursive": bool}}. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Response deleteFromBody(byte[] body) {
        String id = HashmapServiceResource.idFromBody(body, "group_id");
        boolean recursive = JsonBody.parse(body, Set.of("group_id", "recursive")).bool("recursive") == Boolean.TRUE;
        return delete(id, recursive);
    }

    /** {@code recursive=true} also deletes the group's mappings and thresholds; otherwise they leave the group. */
    @DELETE
    @Path("/{group_id}")
    public Response delete(@PathParam("group_id") String id, @QueryParam("recursive") boolean recursive) {
        store.deleteGroup(PathIds.uuid(id, "group"), recursive);
        snapshots.changed();
        return Response.noContent().build();
    }

    private static UUID required(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new InvalidInputException("group_id", "is required");
        }
        return JsonBody.uuid(groupId, "group_id");
    }
}
