package io.ratekit.processor.pyscripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import io.ratekit.frames.Period;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;
import io.ratekit.rating.pyscripts.ScriptException;
import io.ratekit.rating.pyscripts.ScriptRunner;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.api.JsonBody;
import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CloudKitty's {@code /v1/rating/module_config/pyscripts/scripts}: create ({@code name}, {@code data}),
 * list ({@code no_data=true}), get, update, delete; the checksum is the sha512 of the body. Beyond
 * CloudKitty: uploads are compiled first (a syntax error is a 400 with line and column), every
 * update keeps the previous version ({@code /versions}), scripts carry a run {@code order} and
 * validity dates, and {@code POST /{id}/test} dry-runs a script on a frame without storing anything.
 */
@Path("/v1/rating/module_config/pyscripts/scripts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR})
public class PyscriptResource {

    // the CLI updates with the whole object it read (version included: ignored)
    private static final Set<String> FIELDS = Set.of("script_id", "name", "data", "checksum", "order", "start", "end", "version");
    private static final int MAX_SCRIPT_BYTES = 1024 * 1024;

    @Inject
    PyscriptStore store;
    @Inject
    ScriptWorkerPool workers;
    @Inject
    RatingSnapshots snapshots;

    @GET
    @Operation(summary = "List scripts (no_data=true leaves the bodies out)")
    public ObjectNode list(@QueryParam("no_data") String noData) {
        boolean withData = !booleanParam(noData, "no_data");
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        ArrayNode scripts = root.putArray("scripts");
        store.all().forEach(s -> scripts.add(view(s, withData)));
        return root;
    }

    @GET
    @Path("/{script_id}")
    public ObjectNode get(@PathParam("script_id") String id) {
        return view(store.get(PathIds.uuid(id, "script")), true);
    }

    @GET
    @Path("/{script_id}/versions")
    @Operation(summary = "Every version of a script, oldest first (Ratekit)")
    public ObjectNode versions(@PathParam("script_id") String id) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        ArrayNode versions = root.putArray("versions");
        for (PyscriptStore.Version v : store.versions(PathIds.uuid(id, "script"))) {
            versions.addObject().put("version", v.version()).put("name", v.name()).put("data", v.data())
                    .put("checksum", v.checksum()).put("created_at", v.createdAt().toString());
        }
        return root;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a script; it is compiled first (409 on a duplicate name)")
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "Location"))
    public Response create(byte[] body, @Context UriInfo uri) {
        JsonBody json = JsonBody.parse(body, FIELDS);
        String name = name(json);
        int order = order(json); // the cheap checks before the compile check, which needs a worker
        Instant start = json.instant("start");
        Instant end = end(json, start);
        String data = data(json, name);
        PyscriptStore.Stored created = store.create(name, data, order, start, end);
        snapshots.changed();
        return Response.created(Locations.of(uri, created.id().toString())).entity(view(created, true)).build();
    }

    /** CloudKitty answers an update with 201 and a {@code Location} too. Fields left out keep their value. */
    @PUT
    @Path("/{script_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a new version of a script (the previous one is kept)")
    @APIResponse(responseCode = "201", description = "Stored as a new version, as CloudKitty answers; Location names the script",
            headers = @Header(name = "Location"))
    public Response update(@PathParam("script_id") String id, byte[] body, @Context UriInfo uri) {
        UUID scriptId = PathIds.uuid(id, "script");
        PyscriptStore.Stored current = store.get(scriptId);
        JsonBody json = JsonBody.parse(body, FIELDS);
        String name = json.has("name") ? name(json) : current.name();
        String data = json.has("data") ? data(json, name) : current.data();
        Instant start = json.has("start") ? json.instant("start") : current.start();
        Instant end = json.has("end") ? json.instant("end") : current.end();
        if (end != null && start != null && !end.isAfter(start)) {
            throw new InvalidInputException(json.has("end") ? "end" : "start", "the end (" + end + ") must be after the start (" + start + ")");
        }
        int order = json.has("order") ? order(json) : current.order();
        PyscriptStore.Stored updated = store.update(scriptId, current.version(), name, data, order, start, end);
        snapshots.changed();
        return Response.created(Locations.of(uri, updated.id().toString())).entity(view(updated, true)).build();
    }

    @DELETE
    @Path("/{script_id}")
    public Response delete(@PathParam("script_id") String id) {
        store.delete(PathIds.uuid(id, "script"));
        snapshots.changed();
        return Response.noContent().build();
    }

    /**
     * Dry run: the stored script on the frame in the body (CloudKitty's dict, {@code period} and
     * {@code usage}); answers the priced frame and what the script printed. Nothing is stored.
     */
    @POST
    @Path("/{script_id}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a script on a frame without storing anything: the priced frame and the script's output (Ratekit)")
    public Response test(@PathParam("script_id") String id, byte[] body) {
        PyscriptStore.Stored script = store.get(PathIds.uuid(id, "script"));
        JsonNode root = FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        if (!root.isObject()) {
            throw new InvalidInputException("$", "must be a frame: {\"period\": {...}, \"usage\": {...}}");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("period") && !name.equals("usage")) {
                throw new InvalidInputException(name, "unknown field (allowed: period, usage)");
            }
        });
        Period period = FrameCodec.readPeriod(root.get("period"), "period");
        Map<String, List<DataPoint>> usage = FrameCodec.readUsage(root.get("usage"), "usage");
        Frame frame = Frame.of("dry-run", "pyscripts-test", period, usage, false);
        PyscriptsRatingModule module = snapshots.current().pyscripts();
        try {
            PyscriptsRatingModule.Trial trial = module.trial(frame, List.of(script.toScript()));
            ObjectNode answer = FrameCodec.mapper().createObjectNode();
            answer.set("dataframe", FrameCodec.toDataFrameJson(trial.frame().period(), trial.frame().usage(), DecimalStyle.STRING));
            answer.set("printed", printed(trial.printed()));
            return Response.ok(answer).build();
        } catch (ScriptException e) {
            ObjectNode answer = FrameCodec.mapper().createObjectNode().put("error", "script_failed").put("script", e.script())
                    .put("kind", e.kind()).put("message", e.getMessage());
            if (e.line() > 0) {
                answer.put("line", e.line());
            }
            answer.set("printed", printed(e.printed()));
            return Response.status(422).entity(answer).build();
        }
    }

    private static ArrayNode printed(List<ScriptRunner.Printed> printed) {
        ArrayNode out = FrameCodec.mapper().createArrayNode();
        printed.forEach(p -> out.addObject().put("script", p.script()).put("output", p.output()));
        return out;
    }

    private static ObjectNode view(PyscriptStore.Stored s, boolean withData) {
        ObjectNode node = FrameCodec.mapper().createObjectNode();
        node.put("script_id", s.id().toString());
        node.put("name", s.name());
        if (withData) {
            node.put("data", s.data());
        }
        node.put("checksum", s.checksum());
        node.put("order", s.order());
        node.put("version", s.version());
        node.put("start", s.start() == null ? null : s.start().toString());
        node.put("end", s.end() == null ? null : s.end().toString());
        return node;
    }

    private static String name(JsonBody json) {
        String name = json.requiredText("name").strip();
        if (name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "must be 1-255 printable characters");
        }
        return name;
    }

    private String data(JsonBody json, String name) {
        String data = json.text("data");
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("data", "is required: the script's Python source");
        }
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
            throw new InvalidInputException("data", "is larger than " + MAX_SCRIPT_BYTES + " bytes");
        }
        ScriptException problem;
        try {
            problem = workers.check(name, data);
        } catch (ScriptException unavailable) {
            // no worker could compile it now: not the author's fault
            throw new jakarta.ws.rs.WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.APPLICATION_JSON).entity(Map.of("error", "unavailable",
                            "message", "the script cannot be checked now: " + unavailable.getMessage())).build());
        }
        if (problem != null) {
            throw new ScriptSyntaxException(problem);
        }
        return data;
    }

    private static boolean booleanParam(String value, String name) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidInputException(name, "must be true or false, got '" + value + "'");
        };
    }

    private static int order(JsonBody json) {
        Integer order = json.integer("order");
        return order == null ? 0 : order;
    }

    private static Instant end(JsonBody json, Instant start) {
        Instant end = json.instant("end");
        if (end != null && start != null && !end.isAfter(start)) {
            throw new InvalidInputException("end", "must be after start (" + start + ")");
        }
        return end;
    }
}
