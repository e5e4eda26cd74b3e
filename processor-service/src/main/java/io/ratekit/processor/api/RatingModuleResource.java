package io.ratekit.processor.api;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ratekit.processor.rating.ModuleState;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.NoopRatingModule;
import io.ratekit.rating.RatingModule;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.JsonBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudKitty's module registry: {@code /v1/rating/modules} (list, get, PUT enabled/priority),
 * {@code /v1/rating/reload_modules}, and the read-only {@code /v2/rating/modules}. State lives in
 * PostgreSQL; a change reaches every processor replica within the reload interval.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class RatingModuleResource {

    @Inject
    RatingSnapshots snapshots;

    /** v1 shape: the hot config flag is spelled {@code hot-config}. */
    public record ModuleV1(String module_id, String description, boolean enabled, @JsonProperty("hot-config") boolean hotConfig, int priority) {
    }

    /** v2 shape: {@code hot_config}. */
    public record ModuleV2(String module_id, String description, boolean enabled, boolean hot_config, int priority) {
    }

    private List<RatingModule> modules() {
        return snapshots.current().modules().stream().sorted(Comparator.comparing(RatingModule::name)).toList();
    }

    private RatingModule module(String id) {
        return modules().stream().filter(m -> m.name().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such rating module: " + id));
    }

    private static ModuleV1 v1(RatingModule m) {
        return new ModuleV1(m.name(), m.description(), m.enabled(), m.hotConfig(), m.priority());
    }

    private static ModuleV2 v2(RatingModule m) {
        return new ModuleV2(m.name(), m.description(), m.enabled(), m.hotConfig(), m.priority());
    }

    @GET
    @Path("v1/rating/modules")
    public Map<String, List<ModuleV1>> listV1() {
        return Map.of("modules", modules().stream().map(RatingModuleResource::v1).toList());
    }

    @GET
    @Path("v1/rating/modules/{module_id}")
    public ModuleV1 getV1(@PathParam("module_id") String id) {
        return v1(module(id));
    }

    /**
     * Body {@code {"enabled": bool, "priority": int}}; other keys of the module object are accepted
     * and ignored. Answers as CloudKitty: 302 with {@code Location} (the module), no body.
     * cloudkittyclient (keystoneauth) follows the 302 by sending the same PUT again, up to 30 times:
     * a PUT that changes nothing is therefore not written again.
     */
    @PUT
    @RolesAllowed(Roles.ADMIN) // enabling a module or changing its priority changes every price
    @Path("v1/rating/modules/{module_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "302", description = "Updated, as CloudKitty answers: no body, Location names it", headers = @Header(name = "Location"))
    public Response update(@PathParam("module_id") String id, byte[] body, @Context UriInfo uri) {
        snapshots.refresh(); // compare with the stored state, not a snapshot another replica may have moved past
        RatingModule current = module(id);
        JsonBody json = JsonBody.parse(body, Set.of("module_id", "description", "enabled", "hot-config", "hot_config", "priority"));
        Boolean enabled = json.bool("enabled");
        Integer priority = json.integer("priority", 0, Integer.MAX_VALUE);
        if (id.equals(NoopRatingModule.NAME) && (Boolean.FALSE.equals(enabled) || (priority != null && priority != 1))) {
            throw new InvalidInputException("module_id", "noop is always enabled with priority 1, as in CloudKitty");
        }
        ModuleState wanted = new ModuleState(enabled == null ? current.enabled() : enabled,
                priority == null ? current.priority() : priority == 0 ? 1 : priority);
        if (!id.equals(NoopRatingModule.NAME) && !wanted.equals(new ModuleState(current.enabled(), current.priority()))) {
            snapshots.setState(id, wanted);
        }
        return Response.status(Response.Status.FOUND).location(uri.getAbsolutePath()).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Path("v1/rating/reload_modules")
    public Response reload() {
        snapshots.refresh();
        return Response.noContent().build();
    }

    @GET
    @Path("v2/rating/modules")
    public Map<String, List<ModuleV2>> listV2() {
        return Map.of("modules", modules().stream().map(RatingModuleResource::v2).toList());
    }

    @GET
    @Path("v2/rating/modules/{module_id}")
    public ModuleV2 getV2(@PathParam("module_id") String id) {
        return v2(module(id));
    }
}
