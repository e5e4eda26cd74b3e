package io.ratekit.collector.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CloudKitty's {@code metrics.yml}: which collected metrics become which metric types, in which
 * unit, how the quantity is converted ({@code qty × factor + offset}, then {@code mutate}) and
 * which attributes become groupby and metadata. Metrics not listed are not sent, as in CloudKitty.
 * Unlike CloudKitty the arithmetic is exact ({@code factor: 1/1024} is a true fraction; one
 * division at 28 digits) instead of 9-digit floats.
 */
public final class MetricDefinitions {

    public enum Mutate { NONE, NUMBOOL, NOTNUMBOOL, FLOOR, CEIL, MAP }

    /** One metric's definition; {@code factor} is {@code numerator / denominator}. */
    public record Definition(String name, String altName, String unit, BigDecimal numerator, BigDecimal denominator, BigDecimal offset,
                             Mutate mutate, Map<BigDecimal, BigDecimal> mutateMap, List<String> groupby, List<String> metadata) {
    }

    private static final Set<String> KEYS = Set.of("unit", "factor", "offset", "alt_name", "groupby", "metadata", "mutate", "mutate_map", "extra_args");

    private final Map<String, Definition> definitions;
    private final JsonNode document;

    private MetricDefinitions(Map<String, Definition> definitions, JsonNode document) {
        this.definitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
        this.document = document;
    }

    /** The definitions in the file's order (CloudKitty's {@code /v1/info/metrics} lists them so). */
    public Map<String, Definition> definitions() {
        return definitions;
    }

    /** The file as read, for CloudKitty's {@code /v1/info/config} (which shows the YAML as loaded). */
    public JsonNode document() {
        return document.deepCopy();
    }

    public static MetricDefinitions load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a {@code metrics.yml}; a problem is an exception naming its path, e.g. {@code metrics.vcpu.mutate}. */
    public static MetricDefinitions parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("metrics file: not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("metrics").isObject() || root.path("metrics").isEmpty()) {
            throw new IllegalArgumentException("metrics: required, a map of metric name to its definition");
        }
        Map<String, Definition> definitions = new LinkedHashMap<>();
        Map<String, String> altNames = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> metrics = root.get("metrics").fields();
        while (metrics.hasNext()) {
            Map.Entry<String, JsonNode> m = metrics.next();
            Definition d = definition(m.getKey(), m.getValue(), "metrics." + m.getKey());
            String clash = altNames.put(d.altName(), d.name());
            if (clash != null) {
                throw new IllegalArgumentException("metrics." + d.name() + ".alt_name: '" + d.altName() + "' is already the type of metric " + clash);
            }
            definitions.put(d.name(), d);
        }
        return new MetricDefinitions(definitions, root);
    }

    private static Definition definition(String name, JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be a map with at least 'unit'");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(path + "." + key + ": unknown key (allowed: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        });
        if (!node.path("unit").isTextual() || node.get("unit").asText().isBlank()) {
            throw new IllegalArgumentException(path + ".unit: required, a text such as 'GB'");
        }
        BigDecimal[] factor = factor(node.get("factor"), path + ".factor");
        BigDecimal offset = node.has("offset") ? decimal(node.get("offset"), path + ".offset") : BigDecimal.ZERO;
        Mutate mutate;
        try {
            mutate = node.has("mutate") ? Mutate.valueOf(node.get("mutate").asText()) : Mutate.NONE;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".mutate: must be one of NONE, NUMBOOL, NOTNUMBOOL, FLOOR, CEIL, MAP, got '"
                    + node.get("mutate").asText() + "'");
        }
        Map<BigDecimal, BigDecimal> map = new TreeMap<>();
        if (mutate == Mutate.MAP) {
            if (!node.path("mutate_map").isObject() || node.get("mutate_map").isEmpty()) {
                throw new IllegalArgumentException(path + ".mutate_map: required when mutate is MAP");
            }
            node.get("mutate_map").fields().forEachRemaining(e -> map.put(decimal(e.getKey(), path + ".mutate_map"),
                    decimal(e.getValue(), path + ".mutate_map." + e.getKey())));
        } else if (node.has("mutate_map")) {
            throw new IllegalArgumentException(path + ".mutate_map: only allowed when mutate is MAP");
        }
        List<String> groupby = names(node.get("groupby"), path + ".groupby");
        List<String> metadata = names(node.get("metadata"), path + ".metadata");
        for (String key : groupby) {
            if (metadata.contains(key)) {
                throw new IllegalArgumentException(path + ": '" + key + "' is in both groupby and metadata");
            }
        }
        String altName = node.has("alt_name") ? node.get("alt_name").asText() : name;
        return new Definition(name, altName, node.get("unit").asText(), factor[0], factor[1], offset, mutate, map, groupby, metadata);
    }

    // an integer, a decimal, or a fraction "a/b" kept exact
    private static BigDecimal[] factor(JsonNode node, String path) {
        if (node == null) {
            return new BigDecimal[]{BigDecimal.ONE, BigDecimal.ONE};
        }
        String text = node.asText().trim();
        int slash = text.indexOf('/');
        BigDecimal numerator = decimal(slash < 0 ? text : text.substring(0, slash).trim(), path);
        BigDecimal denominator = slash < 0 ? BigDecimal.ONE : decimal(text.substring(slash + 1).trim(), path);
        if (denominator.signum() == 0) {
            throw new IllegalArgumentException(path + ": division by zero in '" + text + "'");
        }
        return new BigDecimal[]{numerator, denominator};
    }

    private static BigDecimal decimal(JsonNode node, String path) {
        return decimal(node.asText(), path);
    }

    private static BigDecimal decimal(String text, String path) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": '" + text + "' is not a number");
        }
    }

    private static List<String> names(JsonNode node, String path) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + ": must be a list of attribute names");
        }
        node.forEach(n -> names.add(n.asText()));
        return names;
    }

    /**
     * The frame's usage as the definitions say: listed metrics converted and renamed, the others
     * left out. {@code id} and the scope key always stay in groupby.
     */
    public Map<String, List<DataPoint>> apply(Map<String, List<DataPoint>> usage, String scopeKey) {
        Map<String, List<DataPoint>> out = new TreeMap<>();
        usage.forEach((type, points) -> {
            Definition d = definitions.get(type);
            if (d == null) {
                return;
            }
            List<DataPoint> converted = out.computeIfAbsent(d.altName(), t -> new ArrayList<>());
            for (DataPoint p : points) {
                converted.add(new DataPoint(d.unit(), quantity(d, p.qty()), p.price(), pick(p, d.groupby(), scopeKey, true),
                        pick(p, d.metadata(), scopeKey, false), p.rules()));
            }
        });
        return out;
    }

    static BigDecimal quantity(Definition d, BigDecimal raw) {
        BigDecimal scaled = raw.multiply(d.numerator());
        if (d.denominator().compareTo(BigDecimal.ONE) != 0) {
            scaled = scaled.divide(d.denominator(), Decimals.CONTEXT);
        }
        BigDecimal qty = scaled.add(d.offset());
        return switch (d.mutate()) {
            case NONE -> qty;
            case NUMBOOL -> qty.signum() != 0 ? BigDecimal.ONE : BigDecimal.ZERO;
            case NOTNUMBOOL -> qty.signum() == 0 ? BigDecimal.ONE : BigDecimal.ZERO;
            case FLOOR -> qty.setScale(0, RoundingMode.FLOOR);
            case CEIL -> qty.setScale(0, RoundingMode.CEILING);
            // as CloudKitty: looked up by numeric equality (the map is a TreeMap), unmapped values become 0
            case MAP -> d.mutateMap().getOrDefault(qty, BigDecimal.ZERO);
        };
    }

    // attributes of the point (groupby first, then metadata) under the listed keys; missing ones are ""
    private static Map<String, String> pick(DataPoint p, List<String> keys, String scopeKey, boolean groupby) {
        Map<String, String> picked = new TreeMap<>();
        if (groupby) {
            for (String always : List.of("id", scopeKey)) {
                String v = p.groupby().get(always);
                if (v != null) {
                    picked.put(always, v);
                }
            }
        }
        for (String key : keys) {
            String v = p.groupby().containsKey(key) ? p.groupby().get(key) : p.metadata().get(key);
            picked.put(key, v == null ? "" : v);
        }
        return picked;
    }
}
