package io.ratekit.processor.hashmap;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.hashmap.RulesDocument;
import io.ratekit.service.api.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * Rules as code (a Ratekit extension, under its own paths): {@code GET .../hashmap/export}
 * ({@code format=yaml|json}) and {@code POST .../hashmap/import} ({@code dry_run=true} to see the
 * changes first). The document format is {@link RulesDocument}'s.
 */
@Path("/v1/rating/module_config/hashmap")
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class HashmapRulesDocumentResource {

    @Inject
    RulesImport rules;
    @Inject
    RatingSnapshots snapshots;

    @GET
    @Path("/export")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    public Response export(@QueryParam("format") String format) {
        RulesDocument.Document doc = rules.export();
        if ("json".equals(format)) {
            return Response.ok(RulesDocument.writeJson(doc), MediaType.APPLICATION_JSON).build();
        }
        if (format != null && !format.isEmpty() && !"yaml".equals(format)) {
            throw new InvalidInputException("format", "must be yaml or json, got '" + format + "'");
        }
        return Response.ok(RulesDocument.writeYaml(doc), "application/yaml").build();
    }

    @POST
    @Path("/import")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public RulesImport.Result importRules(@QueryParam("dry_run") boolean dryRun, byte[] body) {
        RulesDocument.Document doc;
        try {
            doc = RulesDocument.read(body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(e.field(), e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        RulesImport.Result result = rules.importDocument(doc, dryRun, Instant.now());
        if (!dryRun) {
            snapshots.changed();
            return new RulesImport.Result(false, snapshots.current().version(), result.added(), result.removed(), result.unchanged());
        }
        return result;
    }
}
