package io.ratekit.processor.api;

import io.ratekit.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Period;
import io.ratekit.processor.rating.RatingSnapshots;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.service.api.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/rating/quote}, as CloudKitty's: {@code {"resources": [{"service", "volume",
 * "desc": {"groupby": {}, "metadata": {}}}]}} priced with the global rules only (no tenant), the
 * sum of the prices returned as a JSON number — written exactly.
 */
@Path("/v1/rating/quote")
@RolesAllowed({Roles.ADMIN, Roles.RULES_AUTHOR, Roles.TENANT})
public class QuoteResource {

    @Inject
    RatingSnapshots snapshots;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String quote(byte[] body) {
        JsonNode root;
        try {
            root = FrameCodec.readTree(body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException("$", "not valid JSON");
        }
        JsonNode resources = root.get("resources");
        if (resources == null || !resources.isArray() || resources.isEmpty()) {
            throw new InvalidInputException("resources", "must be a non-empty array of {service, volume, desc}");
        }
        Map<String, List<DataPoint>> usage = new LinkedHashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode r = resources.get(i);
            String path = "resources[" + i + "]";
            JsonNode service = r.get("service");
            if (service == null || !service.isTextual() || service.textValue().isBlank()) {
                throw new InvalidInputException(path + ".service", "is required");
            }
            BigDecimal volume;
            try {
                volume = FrameCodec.decimal(r.get("volume"), path + ".volume");
            } catch (FrameFormatException e) {
                throw new InvalidInputException(e.field(), "must be a decimal number");
            }
            JsonNode desc = r.path("desc");
            usage.computeIfAbsent(service.textValue(), s -> new ArrayList<>()).add(new DataPoint("undef", volume, BigDecimal.ZERO,
                    attributes(desc.get("groupby"), path + ".desc.groupby"), attributes(desc.get("metadata"), path + ".desc.metadata")));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Frame frame = Frame.of("quote", "quote", new Period(now, now.plus(Duration.ofHours(1))), usage, false);
        Frame priced = frame;
        for (RatingModule module : snapshots.current().pipeline().activeModules()) {
            priced = module instanceof HashmapRatingModule hashmap ? hashmap.rateAs(priced, null) : module.rate(priced);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Frame.TypedPoint p : priced.points()) {
            total = total.add(p.point().price(), Decimals.CONTEXT);
        }
        return Decimals.format(total);
    }

    private static Map<String, String> attributes(JsonNode node, String path) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(path, "must be an object");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new InvalidInputException(path + "." + e.getKey(), "must be a string, number or boolean");
            }
            map.put(e.getKey(), e.getValue().isNumber() ? Decimals.format(e.getValue().decimalValue()) : e.getValue().asText());
        });
        return map;
    }
}
