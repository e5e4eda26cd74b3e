package io.ratekit.collector.event;

import io.ratekit.service.api.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.collector.CollectorConfig;
import io.ratekit.collector.event.LifecycleEvent.Action;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads lifecycle events from Ratekit's JSON shape or from CloudEvents 1.0 structured JSON,
 * one object or an array of them. Strict: every problem is reported with its JSON path.
 *
 * <pre>
 * {"id": "evt-1", "scope_id": "tenant-a", "resource_id": "vm-1", "resource_type": "instance",
 *  "action": "create", "timestamp": "2026-11-23T10:00:00Z", "attributes": {"vcpus": 2, "ram_mb": 4096}}
 *
 * {"specversion": "1.0", "id": "evt-1", "source": "/vcenter/vc1", "type": "io.ratekit.resource.create",
 *  "subject": "vm-1", "time": "2026-11-23T10:00:00Z", "datacontenttype": "application/json",
 *  "data": {"scope_id": "tenant-a", "resource_type": "instance", "attributes": {"vcpus": 2}}}
 * </pre>
 */
@ApplicationScoped
public class EventParser {

    public static final int MAX_EVENTS_PER_REQUEST = 10_000;
    public static final String CLOUDEVENT_TYPE_PREFIX = "io.ratekit.resource.";

    private static final Set<String> NATIVE_KEYS = Set.of("id", "scope_id", "resource_id", "resource_type", "action", "timestamp", "attributes");
    private static final Set<String> CLOUDEVENT_KEYS = Set.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data");
    private static final Set<String> CLOUDEVENT_DATA_KEYS = Set.of("scope_id", "resource_id", "resource_type", "attributes");
    private static final Pattern CLOUDEVENT_EXTENSION = Pattern.compile("[a-z0-9]{1,20}");
    private static final Pattern IDENTIFIER = Pattern.compile("[^\\p{Cntrl}]{1,255}");

    private final CollectorConfig config;
    private final Clock clock;

    @Inject
    public EventParser(CollectorConfig config) {
        this(config, Clock.systemUTC());
    }

    EventParser(CollectorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public List<LifecycleEvent> parse(byte[] body) {
        JsonNode root;
        try {
            root = FrameCodec.readTree(body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException("$", e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        List<LifecycleEvent> events = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw new InvalidInputException("$", "no events in the array");
            }
            if (root.size() > MAX_EVENTS_PER_REQUEST) {
                throw new InvalidInputException("$", "at most " + MAX_EVENTS_PER_REQUEST + " events per request, got " + root.size());
            }
            for (int i = 0; i < root.size(); i++) {
                events.add(parseOne(root.get(i), "[" + i + "]"));
            }
        } else {
            events.add(parseOne(root, ""));
        }
        return events;
    }

    private LifecycleEvent parseOne(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidInputException(path.isEmpty() ? "$" : path, "an event must be a JSON object");
        }
        return node.has("specversion") ? cloudEvent(node, path) : nativeEvent(node, path);
    }

    private LifecycleEvent nativeEvent(JsonNode node, String path) {
        onlyKnownKeys(node, path, NATIVE_KEYS);
        String scope = identifier(node, path, "scope_id");
        String resource = identifier(node, path, "resource_id");
        String type = identifier(node, path, "resource_type");
        Action action = action(text(node, path, "action"), at(path, "action"));
        Instant when = timestamp(text(node, path, "timestamp"), at(path, "timestamp"));
        Map<String, String> attributes = attributes(node.get("attributes"), at(path, "attributes"));
        String id = node.has("id") ? identifier(node, path, "id") : derivedId(scope, resource, action, when, attributes);
        return new LifecycleEvent(id, scope, resource, type, action, when, attributes);
    }

    private LifecycleEvent cloudEvent(JsonNode node, String path) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!CLOUDEVENT_KEYS.contains(name) && !CLOUDEVENT_EXTENSION.matcher(name).matches()) {
                throw new InvalidInputException(at(path, name), "not a CloudEvents attribute (extension names are 1-20 lowercase letters or digits)");
            }
        }
        if (!"1.0".equals(node.path("specversion").asText())) {
            throw new InvalidInputException(at(path, "specversion"), "only CloudEvents 1.0 is supported");
        }
        String id = identifier(node, path, "id");
        String source = identifier(node, path, "source");
        String type = text(node, path, "type");
        if (!type.startsWith(CLOUDEVENT_TYPE_PREFIX)) {
            throw new InvalidInputException(at(path, "type"), "must be " + CLOUDEVENT_TYPE_PREFIX + "create, .update or .delete, got '" + type + "'");
        }
        Action action = action(type.substring(CLOUDEVENT_TYPE_PREFIX.length()), at(path, "type"));
        Instant when = timestamp(text(node, path, "time"), at(path, "time"));
        if (node.has("datacontenttype") && !node.get("datacontenttype").asText().startsWith("application/json")) {
            throw new InvalidInputException(at(path, "datacontenttype"), "must be application/json");
        }
        JsonNode data = node.get("data");
        String dataPath = at(path, "data");
        if (data == null || !data.isObject()) {
            throw new InvalidInputException(dataPath, "must be a JSON object with scope_id, resource_type and attributes");
        }
        onlyKnownKeys(data, dataPath, CLOUDEVENT_DATA_KEYS);
        String resource = node.has("subject") ? identifier(node, path, "subject") : identifier(data, dataPath, "resource_id");
        return new LifecycleEvent(source + "#" + id, identifier(data, dataPath, "scope_id"), resource,
                identifier(data, dataPath, "resource_type"), action, when, attributes(data.get("attributes"), at(dataPath, "attributes")));
    }

    private Map<String, String> attributes(JsonNode node, String path) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(path, "must be an object of attribute names to values");
        }
        node.fields().forEachRemaining(e -> {
            String field = path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new InvalidInputException(field, "must be a string, number or boolean");
            }
            String text = value.isNumber() ? Decimals.format(value.decimalValue()) : value.asText();
            if (config.allocations().containsKey(e.getKey())) {
                allocatedAmount(text, field);
            }
            attributes.put(e.getKey(), text);
        });
        return attributes;
    }

    /** An allocation attribute (vcpus, ram_mb, ...) must be a non-negative decimal: it is multiplied into a quantity. */
    static BigDecimal allocatedAmount(String text, String field) {
        BigDecimal amount;
        try {
            amount = Decimals.parse(text, field);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(field, "must be a number, it is an allocated amount; got '" + text + "'");
        }
        if (amount.signum() < 0) {
            throw new InvalidInputException(field, "must not be negative, got " + text);
        }
        return amount;
    }

    private Instant timestamp(String text, String field) {
        Instant when;
        try {
            when = FrameCodec.parseInstant(text, field);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 timestamp such as 2026-11-23T10:00:00Z, got '" + text + "'");
        }
        if (when.isAfter(clock.instant().plus(config.maxFutureSkew()))) {
            throw new InvalidInputException(field, "is in the future (" + when + ")");
        }
        return when;
    }

    private static Action action(String text, String field) {
        return switch (text) {
            case "create" -> Action.CREATE;
            case "update" -> Action.UPDATE;
            case "delete" -> Action.DELETE;
            default -> throw new InvalidInputException(field, "must be create, update or delete, got '" + text + "'");
        };
    }

    private static void onlyKnownKeys(JsonNode node, String path, Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new InvalidInputException(at(path, name), "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        });
    }

    private static String identifier(JsonNode node, String path, String name) {
        String value = text(node, path, name);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new InvalidInputException(at(path, name), "must be 1-255 characters without control characters");
        }
        return value;
    }

    private static String text(JsonNode node, String path, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(at(path, name), "missing required field");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidInputException(at(path, name), "must be a non-empty string");
        }
        return value.textValue();
    }

    private static String at(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Without an id, the same event posted twice must still be stored once: derive it from the content. */
    private static String derivedId(String scope, String resource, Action action, Instant when, Map<String, String> attributes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = String.join("\n", scope, resource, action.wire(), when.toString(), new java.util.TreeMap<>(attributes).toString());
            return "sha256:" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
