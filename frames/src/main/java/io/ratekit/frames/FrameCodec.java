package io.ratekit.frames;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes frames in CloudKitty's v2 dataframe shape inside Ratekit's envelope.
 * Reading is strict: unknown keys, missing fields, wrong types, bad decimals and an empty period
 * are refused with a {@link FrameFormatException} that names the JSON path of the problem.
 * Inside Ratekit's messages quantities and prices are written as JSON strings, digit for digit.
 */
public final class FrameCodec {

    /** Whether decimals are written as JSON strings (Ratekit messages, CloudKitty v1) or numbers (CloudKitty v2). */
    public enum DecimalStyle { STRING, NUMBER }

    private static final Set<String> ENVELOPE_KEYS = Set.of("frame_id", "scope_id", "source", "schema_version", "reprocess", "period", "usage");
    private static final Set<String> PERIOD_KEYS = Set.of("begin", "end");
    private static final Set<String> POINT_KEYS = Set.of("vol", "rating", "groupby", "metadata");
    private static final Set<String> VOL_KEYS = Set.of("unit", "qty");
    private static final Set<String> RATING_KEYS = Set.of("price", "rules");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private FrameCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    // ---------------------------------------------------------------- writing

    public static byte[] encode(Frame frame) {
        try {
            return MAPPER.writeValueAsBytes(toJson(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise frame " + frame.frameId(), e);
        }
    }

    /** Any JSON tree as text, big decimals in plain notation. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** The whole envelope, decimals as strings. */
    public static ObjectNode toJson(Frame frame) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("frame_id", frame.frameId());
        root.put("scope_id", frame.scopeId());
        root.put("source", frame.source());
        root.put("schema_version", frame.schemaVersion());
        root.put("reprocess", frame.reprocess());
        root.set("period", periodJson(frame.period()));
        root.set("usage", usageJson(frame.usage(), DecimalStyle.STRING));
        return root;
    }

    /** CloudKitty's {@code as_dict()} shape: only {@code period} and {@code usage}. */
    public static ObjectNode toDataFrameJson(Period period, Map<String, List<DataPoint>> usage, DecimalStyle style) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("period", periodJson(period));
        root.set("usage", usageJson(usage, style));
        return root;
    }

    private static ObjectNode periodJson(Period period) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("begin", period.begin().toString());
        node.put("end", period.end().toString());
        return node;
    }

    private static ObjectNode usageJson(Map<String, List<DataPoint>> usage, DecimalStyle style) {
        ObjectNode node = MAPPER.createObjectNode();
        usage.forEach((type, points) -> {
            var array = node.putArray(type);
            points.forEach(p -> array.add(pointJson(p, style)));
        });
        return node;
    }

    public static ObjectNode pointJson(DataPoint point, DecimalStyle style) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode vol = node.putObject("vol");
        vol.put("unit", point.unit());
        putDecimal(vol, "qty", point.qty(), style);
        ObjectNode rating = node.putObject("rating");
        putDecimal(rating, "price", point.price(), style);
        if (!point.rules().isEmpty() && style == DecimalStyle.STRING) {
            var rules = rating.putArray("rules");
            point.rules().forEach(rules::add);
        }
        ObjectNode groupby = node.putObject("groupby");
        point.groupby().forEach(groupby::put);
        ObjectNode metadata = node.putObject("metadata");
        point.metadata().forEach(metadata::put);
        return node;
    }

    public static void putDecimal(ObjectNode node, String name, BigDecimal value, DecimalStyle style) {
        if (style == DecimalStyle.STRING) {
            node.put(name, Decimals.format(value));
        } else {
            node.put(name, Decimals.normalise(value));
        }
    }

    // ---------------------------------------------------------------- reading

    /** A frame envelope; anything not a valid frame is a {@link FrameFormatException} naming the JSON path. */
    public static Frame decode(byte[] json) {
        Frame plain = FastFrameReader.read(json);
        return plain != null ? plain : fromJson(readTree(json));
    }

    public static JsonNode readTree(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new FrameFormatException("$", "empty message body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new FrameFormatException("$", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FrameFormatException("$", "unreadable body: " + e.getMessage());
        }
    }

    public static Frame fromJson(JsonNode root) {
        requireObject(root, "$", ENVELOPE_KEYS, ENVELOPE_KEYS);
        String frameId = text(root.get("frame_id"), "frame_id");
        String scopeId = text(root.get("scope_id"), "scope_id");
        String source = text(root.get("source"), "source");
        JsonNode version = root.get("schema_version");
        if (!version.isInt() || version.intValue() != Frame.SCHEMA_VERSION) {
            throw new FrameFormatException("schema_version", "unsupported version " + version + ", this service reads " + Frame.SCHEMA_VERSION);
        }
        JsonNode reprocess = root.get("reprocess");
        if (!reprocess.isBoolean()) {
            throw new FrameFormatException("reprocess", "must be true or false");
        }
        Period period = readPeriod(root.get("period"), "period");
        Map<String, List<DataPoint>> usage = readUsage(root.get("usage"), "usage");
        return new Frame(frameId, scopeId, source, version.intValue(), reprocess.booleanValue(), period, usage);
    }

    /** Reads CloudKitty's dataframe dict ({@code period}, {@code usage}); used by POST /v2/dataframes. */
    public static Period readPeriod(JsonNode node, String path) {
        requireObject(node, path, PERIOD_KEYS, PERIOD_KEYS);
        Instant begin = instant(node.get("begin"), path + ".begin");
        Instant end = instant(node.get("end"), path + ".end");
        if (!end.isAfter(begin)) {
            throw new FrameFormatException(path + ".end", "must be after " + path + ".begin (" + begin + "), got " + end);
        }
        return new Period(begin, end);
    }

    public static Map<String, List<DataPoint>> readUsage(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new FrameFormatException(path, "must be an object of metric type to data points");
        }
        Map<String, List<DataPoint>> usage = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String type = entry.getKey();
            String typePath = path + "." + type;
            String problem = Names.problem(type);
            if (problem != null) {
                throw new FrameFormatException(typePath, "metric type " + problem);
            }
            if (!entry.getValue().isArray()) {
                throw new FrameFormatException(typePath, "must be an array of data points");
            }
            List<DataPoint> points = new ArrayList<>(entry.getValue().size());
            int i = 0;
            for (JsonNode point : entry.getValue()) {
                points.add(readPoint(point, typePath + "[" + i++ + "]"));
            }
            usage.put(type, points);
        }
        return usage;
    }

    public static DataPoint readPoint(JsonNode node, String path) {
        requireObject(node, path, POINT_KEYS, Set.of("vol"));
        JsonNode vol = node.get("vol");
        requireObject(vol, path + ".vol", VOL_KEYS, Set.of("qty"));
        String unit = vol.has("unit") ? text(vol.get("unit"), path + ".vol.unit", true) : null;
        BigDecimal qty = decimal(vol.get("qty"), path + ".vol.qty");
        BigDecimal price = BigDecimal.ZERO;
        List<String> rules = List.of();
        if (node.has("rating") && !node.get("rating").isNull()) {
            JsonNode rating = node.get("rating");
            requireObject(rating, path + ".rating", RATING_KEYS, Set.of());
            if (rating.has("price")) {
                price = decimal(rating.get("price"), path + ".rating.price");
            }
            if (rating.has("rules")) {
                rules = ruleReferences(rating.get("rules"), path + ".rating.rules");
            }
        }
        return new DataPoint(unit, qty, price,
                attributes(node.get("groupby"), path + ".groupby"),
                attributes(node.get("metadata"), path + ".metadata"), rules);
    }

    private static List<String> ruleReferences(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new FrameFormatException(path, "must be an array of rule references");
        }
        List<String> rules = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            rules.add(text(node.get(i), path + "[" + i + "]"));
        }
        return rules;
    }

    private static Map<String, String> attributes(JsonNode node, String path) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw new FrameFormatException(path, "must be an object of attribute names to values");
        }
        node.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new FrameFormatException(path + "." + e.getKey(), "must be a string, number or boolean");
            }
            map.put(e.getKey(), value.isNumber() ? Decimals.format(value.decimalValue()) : value.asText());
        });
        return map;
    }

    private static void requireObject(JsonNode node, String path, Set<String> allowed, Set<String> required) {
        if (node == null || !node.isObject()) {
            throw new FrameFormatException(path, "must be a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new FrameFormatException(child(path, name), "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        for (String name : required) {
            if (!node.has(name) || node.get(name).isNull()) {
                throw new FrameFormatException(child(path, name), "missing required field");
            }
        }
    }

    private static String child(String path, String name) {
        return "$".equals(path) ? name : path + "." + name;
    }

    private static String text(JsonNode node, String path) {
        return text(node, path, false);
    }

    private static String text(JsonNode node, String path, boolean blankAllowed) {
        if (node == null || !node.isTextual()) {
            throw new FrameFormatException(path, "must be a string");
        }
        if (!blankAllowed && node.textValue().isBlank()) {
            throw new FrameFormatException(path, "must not be blank");
        }
        return node.textValue();
    }

    /** Decimals are read from strings (Ratekit, CloudKitty v1) or from exact JSON numbers (CloudKitty v2). */
    public static BigDecimal decimal(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            return Decimals.parse(node.textValue(), path);
        }
        if (node != null && node.isNumber()) {
            return Decimals.checkBounds(node.decimalValue(), path);
        }
        throw new FrameFormatException(path, "must be a decimal number (a JSON string such as \"1.25\")");
    }

    public static Instant instant(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new FrameFormatException(path, "must be an ISO-8601 timestamp string");
        }
        return parseInstant(node.textValue(), path);
    }

    /** A timestamp in any form CloudKitty accepts; see {@link Timestamps#parse}. */
    public static Instant parseInstant(String text, String path) {
        return Timestamps.parse(text, path);
    }
}
