package io.ratekit.processor.api;

import io.ratekit.rating.RatingModule;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * CloudKitty's v2 module listing ({@code GET /v2/rating/modules[/{id}]}), read-only until the
 * hashmap issue adds module state in the database.
 */
@Path("/v2/rating/modules")
@Produces(MediaType.APPLICATION_JSON)
public class RatingModuleResource {

    @Inject
    jakarta.enterprise.inject.Instance<RatingModule> modules;

    public record ModuleView(String module_id, String description, boolean enabled, boolean hot_config, int priority) {
        static ModuleView of(RatingModule m) {
            return new ModuleView(m.name(), m.description(), m.enabled(), m.hotConfig(), m.priority());
        }
    }

    @GET
    public Map<String, List<ModuleView>> list() {
        return Map.of("modules", modules.stream().map(ModuleView::of).sorted(java.util.Comparator.comparing(ModuleView::module_id)).toList());
    }

    @GET
    @Path("/{module_id}")
    public ModuleView get(@PathParam("module_id") String id) {
        return modules.stream().filter(m -> m.name().equals(id)).findFirst().map(ModuleView::of)
                .orElseThrow(() -> new NotFoundException("No such rating module: " + id));
    }
}
