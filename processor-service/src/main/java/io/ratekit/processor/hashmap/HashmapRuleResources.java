package io.ratekit.processor.hashmap;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.service.api.JsonBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What mappings and thresholds share: list filters, create, update, delete, the group of a rule. */
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR}) // inherited methods are checked against this class's annotation
abstract class HashmapRuleResources {

    @Inject
    HashmapStore store;
    @Inject
    RatingSnapshots snapshots;

    abstract HashmapStore.Kind kind();

    abstract Object view(HashmapStore.Rule rule);

    abstract Object listView(java.util.List<HashmapStore.Rule> rules);

    abstract HashmapStore.Rule read(byte[] body, HashmapStore.Rule base);

    String idName() {
        return kind().noun + "_id";
    }

    @GET
    public Object list(@QueryParam("service_id") String serviceId, @QueryParam("field_id") String fieldId,
                       @QueryParam("group_id") String groupId, @QueryParam("no_group") boolean noGroup,
                       @QueryParam("tenant_id") String tenantId, @QueryParam("filter_tenant") boolean filterTenant) {
        return listView(store.rules(kind(), optionalUuid(serviceId, "service_id"), optionalUuid(fieldId, "field_id"),
                optionalUuid(groupId, "group_id"), noGroup, filterTenant, tenantId == null || tenantId.isEmpty() ? null : tenantId));
    }

    @GET
    @Path("/{id}")
    public Object get(@PathParam("id") String id) {
        return view(store.rule(kind(), PathIds.uuid(id, kind().noun)));
    }

    /** cloudkittyclient: {@code GET .../mappings/group?mapping_id=...}. */
    @GET
    @Path("/group")
    public HashmapViews.Group groupByQuery(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        String id = uri.getQueryParameters().getFirst(idName());
        if (id == null || id.isBlank()) {
            throw new io.ratekit.service.api.InvalidInputException(idName(), "is required");
        }
        return group(id);
    }

    @GET
    @Path("/{id}/group")
    public HashmapViews.Group group(@PathParam("id") String id) {
        HashmapStore.Rule rule = store.rule(kind(), PathIds.uuid(id, kind().noun));
        if (rule.groupId() == null) {
            throw new jakarta.ws.rs.NotFoundException("This " + kind().noun + " is in no group");
        }
        return store.group(rule.groupId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "Location"))
    public Response create(byte[] body, @Context UriInfo uri) {
        HashmapStore.Rule created = store.createRule(kind(), read(body, null));
        snapshots.changed();
        return Response.created(Locations.of(uri, created.id().toString())).entity(view(created)).build();
    }

    /**
     * CloudKitty's clients send the whole object back with the changed fields. Answers as
     * CloudKitty: 302 with {@code Location} (the rule), no body. cloudkittyclient (keystoneauth)
     * follows the 302 by sending the same PUT again, up to 30 times: a PUT that changes nothing is
     * not written again (no new rules version for every replica to load).
     */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "302", description = "Updated, as CloudKitty answers: no body, Location names it", headers = @Header(name = "Location"))
    public Response update(@PathParam("id") String id, byte[] body, @Context UriInfo uri) {
        UUID uuid = PathIds.uuid(id, kind().noun);
        HashmapStore.Rule stored = store.rule(kind(), uuid);
        if (!sameRule(stored, read(body, stored))) {
            store.updateRule(kind(), uuid, current -> read(body, current), Instant.now());
            snapshots.changed();
        }
        return Response.status(Response.Status.FOUND).location(Locations.of(uri, uuid.toString())).build();
    }

    /** cloudkittyclient sends the id in the body to the collection: {@code PUT .../mappings/ {"mapping_id": ...}}. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "302", description = "Updated, as CloudKitty answers: no body, Location names it", headers = @Header(name = "Location"))
    public Response updateFromBody(byte[] body, @Context UriInfo uri) {
        return update(HashmapServiceResource.idFromBody(body, idName()), body, uri);
    }

    /**
     * Whether an update would store what is stored: every field of the rule compared, decimals by
     * value (the body's 0.03 is the stored 0.0300...), an empty value as none, the row's seq aside.
     * Generic over the record so that a field added to {@link HashmapStore.Rule} is compared too.
     */
    static boolean sameRule(HashmapStore.Rule stored, HashmapStore.Rule wanted) {
        for (RecordComponent component : HashmapStore.Rule.class.getRecordComponents()) {
            if (component.getName().equals("seq")) {
                continue;
            }
            Object a = valueOf(component, stored);
            Object b = valueOf(component, wanted);
            boolean same = a instanceof BigDecimal x && b instanceof BigDecimal y ? x.compareTo(y) == 0 : Objects.equals(a, b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static Object valueOf(RecordComponent component, HashmapStore.Rule rule) {
        try {
            Object value = component.getAccessor().invoke(rule);
            return "".equals(value) ? null : value;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading " + component.getName() + " of a rule", e);
        }
    }

    /** cloudkittyclient deletes with the id in the body: {@code DELETE .../mappings/ {"mapping_id": ...}}. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Response deleteFromBody(byte[] body) {
        return delete(HashmapServiceResource.idFromBody(body, idName()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        store.deleteRule(kind(), PathIds.uuid(id, kind().noun));
        snapshots.changed();
        return Response.noContent().build();
    }

    private static UUID optionalUuid(String value, String name) {
        return value == null || value.isBlank() ? null : JsonBody.uuid(value, name);
    }

    @Path("/v1/rating/module_config/hashmap/mappings")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
    public static class Mappings extends HashmapRuleResources {
        HashmapStore.Kind kind() {
            return HashmapStore.Kind.MAPPING;
        }

        Object view(HashmapStore.Rule rule) {
            return RuleRequests.mappingView(rule);
        }

        Object listView(java.util.List<HashmapStore.Rule> rules) {
            return new HashmapViews.Mappings(rules.stream().map(RuleRequests::mappingView).toList());
        }

        HashmapStore.Rule read(byte[] body, HashmapStore.Rule base) {
            return RuleRequests.mapping(JsonBody.parse(body, RuleRequests.MAPPING_KEYS), base);
        }
    }

    @Path("/v1/rating/module_config/hashmap/thresholds")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
    public static class Thresholds extends HashmapRuleResources {
        HashmapStore.Kind kind() {
            return HashmapStore.Kind.THRESHOLD;
        }

        Object view(HashmapStore.Rule rule) {
            return RuleRequests.thresholdView(rule);
        }

        Object listView(java.util.List<HashmapStore.Rule> rules) {
            return new HashmapViews.Thresholds(rules.stream().map(RuleRequests::thresholdView).toList());
        }

        HashmapStore.Rule read(byte[] body, HashmapStore.Rule base) {
            return RuleRequests.threshold(JsonBody.parse(body, RuleRequests.THRESHOLD_KEYS), base);
        }
    }
}
