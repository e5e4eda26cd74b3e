package io.ratekit.rating.hashmap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Names;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole hashmap configuration as one document ("rules as code"), in YAML or JSON, with names
 * instead of ids so it can be reviewed, versioned and moved between installations:
 *
 * <pre>
 * format: ratekit-hashmap/v1
 * groups: [licence]
 * services:
 *   - name: vcpu
 *     mappings:   [{type: flat, cost: "0.0125"}]
 *     thresholds: [{level: "16", type: rate, cost: "0.9"}]
 *     fields:
 *       - name: flavor
 *         mappings: [{value: m1.large, type: rate, cost: "1.5", group: licence, tenant: acme,
 *                     start: "2026-12-01T00:00:00Z", end: null}]
 * </pre>
 *
 * Reading is strict: every problem is a {@link FrameFormatException} naming its path. Service,
 * field and group names are any text CloudKitty stores ({@link Names}). The same value or level
 * twice is refused only where CloudKitty's unique keys refuse it: see {@link #rules}.
 */
public final class RulesDocument {

    public static final String FORMAT = "ratekit-hashmap/v1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** A mapping ({@code value} for field mappings) or a threshold ({@code level}). */
    public record Rule(String value, BigDecimal level, CostType type, BigDecimal cost, String group, String tenant,
                       Instant start, Instant end) {
    }

    public record Field(String name, List<Rule> mappings, List<Rule> thresholds) {
    }

    public record Service(String name, List<Rule> mappings, List<Rule> thresholds, List<Field> fields) {
    }

    public record Document(List<String> groups, List<Service> services) {

        /** The engine's view; rule ids are the document order (1, 2, ...), so {@code labels().get(id - 1)} names a rule. */
        public HashmapRuleset toRuleset(long version) {
            List<Mapping> mappings = new ArrayList<>();
            List<Threshold> thresholds = new ArrayList<>();
            long id = 1;
            for (Service s : services) {
                for (Rule r : s.mappings()) {
                    mappings.add(new Mapping(id++, s.name(), null, null, r.type(), r.cost(), r.group(), r.tenant(), validity(r)));
                }
                for (Rule r : s.thresholds()) {
                    thresholds.add(new Threshold(id++, s.name(), null, r.level(), r.type(), r.cost(), r.group(), r.tenant(), validity(r)));
                }
                for (Field f : s.fields()) {
                    for (Rule r : f.mappings()) {
                        mappings.add(new Mapping(id++, s.name(), f.name(), r.value(), r.type(), r.cost(), r.group(), r.tenant(), validity(r)));
                    }
                    for (Rule r : f.thresholds()) {
                        thresholds.add(new Threshold(id++, s.name(), f.name(), r.level(), r.type(), r.cost(), r.group(), r.tenant(), validity(r)));
                    }
                }
            }
            return new HashmapRuleset(version, mappings, thresholds);
        }

        /** One label per rule, in document order (never merged: "a.b" + "c" and "a" + "b.c" read alike). */
        public List<String> labels() {
            List<String> labels = new ArrayList<>();
            for (Service s : services) {
                label(labels, s.name() + " mapping", s.mappings().size());
                label(labels, s.name() + " threshold", s.thresholds().size());
                for (Field f : s.fields()) {
                    label(labels, s.name() + "." + f.name() + " mapping", f.mappings().size());
                    label(labels, s.name() + "." + f.name() + " threshold", f.thresholds().size());
                }
            }
            return labels;
        }

        private static void label(List<String> labels, String prefix, int count) {
            for (int i = 0; i < count; i++) {
                labels.add(prefix + "[" + i + "]");
            }
        }
    }

    private RulesDocument() {
    }

    private static Validity validity(Rule r) {
        return r.start() == null && r.end() == null ? Validity.ALWAYS : new Validity(r.start(), r.end());
    }

    // ---------------------------------------------------------------- reading

    /** Reads YAML or JSON (JSON is YAML). */
    public static Document read(byte[] text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new FrameFormatException("$", "not valid YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new FrameFormatException("$", "must be a mapping with format, groups and services");
        }
        keys(root, "$", Set.of("format", "groups", "services"));
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new FrameFormatException("format", "must be " + FORMAT);
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode g : array(root.get("groups"), "groups")) {
            String group = name(g, "groups[" + groups.size() + "]");
            if (groups.contains(group)) {
                throw new FrameFormatException("groups[" + groups.size() + "]", "group '" + group + "' is listed twice");
            }
            groups.add(group);
        }
        List<Service> services = new ArrayList<>();
        Set<String> serviceNames = new HashSet<>();
        int i = 0;
        for (JsonNode s : array(root.get("services"), "services")) {
            String path = "services[" + i++ + "]";
            keys(s, path, Set.of("name", "mappings", "thresholds", "fields"));
            String name = name(s.get("name"), path + ".name");
            if (!serviceNames.add(name)) {
                throw new FrameFormatException(path + ".name", "service '" + name + "' is defined twice");
            }
            List<Field> fields = new ArrayList<>();
            Set<String> fieldNames = new HashSet<>();
            int j = 0;
            for (JsonNode f : array(s.get("fields"), path + ".fields")) {
                String fpath = path + ".fields[" + j++ + "]";
                keys(f, fpath, Set.of("name", "mappings", "thresholds"));
                String fname = name(f.get("name"), fpath + ".name");
                if (!fieldNames.add(fname)) {
                    throw new FrameFormatException(fpath + ".name", "field '" + fname + "' is defined twice in service " + name);
                }
                fields.add(new Field(fname, rules(f.get("mappings"), fpath + ".mappings", groups, RuleKind.FIELD_MAPPING),
                        rules(f.get("thresholds"), fpath + ".thresholds", groups, RuleKind.THRESHOLD)));
            }
            services.add(new Service(name, rules(s.get("mappings"), path + ".mappings", groups, RuleKind.SERVICE_MAPPING),
                    rules(s.get("thresholds"), path + ".thresholds", groups, RuleKind.THRESHOLD), fields));
        }
        return new Document(groups, services);
    }

    private enum RuleKind { SERVICE_MAPPING, FIELD_MAPPING, THRESHOLD }

    /**
     * The rules of one list. CloudKitty's unique keys are (value, field, tenant) and
     * (level, field or service, tenant), without the group; a NULL tenant never collides. So the same
     * value or level is refused only for the same tenant (in any group), and only where the validity
     * windows overlap (Ratekit's dated prices); rules for all tenants may repeat a value in other
     * groups (each group is its own price component) and even in the same group (the last one
     * applies, as CloudKitty's "last loaded"). Service mappings never collide: the document has no
     * value for them, as CloudKitty's CLI sends {@code "value": null}.
     */
    private static List<Rule> rules(JsonNode node, String path, List<String> groups, RuleKind kind) {
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(node, path)) {
            String rpath = path + "[" + i++ + "]";
            Set<String> allowed = new HashSet<>(Set.of("type", "cost", "group", "tenant", "start", "end"));
            allowed.add(kind == RuleKind.FIELD_MAPPING ? "value" : kind == RuleKind.THRESHOLD ? "level" : "type");
            keys(r, rpath, allowed);
            String value = kind == RuleKind.FIELD_MAPPING ? text(r.get("value"), rpath + ".value", true) : null;
            BigDecimal level = kind == RuleKind.THRESHOLD ? bounded(decimal(r.get("level"), rpath + ".level"), rpath + ".level", 12, 8) : null;
            CostType type;
            try {
                type = r.has("type") ? CostType.of(r.get("type").asText()) : CostType.FLAT;
            } catch (IllegalArgumentException e) {
                throw new FrameFormatException(rpath + ".type", "must be flat or rate");
            }
            BigDecimal cost = bounded(decimal(r.get("cost"), rpath + ".cost"), rpath + ".cost", 12, 28);
            String group = r.hasNonNull("group") ? text(r.get("group"), rpath + ".group", true) : null;
            if (group != null && !groups.contains(group)) {
                throw new FrameFormatException(rpath + ".group", "group '" + group + "' is not listed in groups");
            }
            String tenant = r.hasNonNull("tenant") ? text(r.get("tenant"), rpath + ".tenant", true) : null;
            Instant start = r.hasNonNull("start") ? FrameCodec.instant(r.get("start"), rpath + ".start") : null;
            Instant end = r.hasNonNull("end") ? FrameCodec.instant(r.get("end"), rpath + ".end") : null;
            if (start != null && end != null && !end.isAfter(start)) {
                throw new FrameFormatException(rpath + ".end", "must be after start");
            }
            Rule rule = new Rule(value, level, type, cost, group, tenant, start, end);
            if (kind != RuleKind.SERVICE_MAPPING && tenant != null) {
                for (int j = 0; j < rules.size(); j++) {
                    Rule other = rules.get(j);
                    if (tenant.equals(other.tenant()) && sameKey(rule, other) && overlap(rule, other)) {
                        throw new FrameFormatException(rpath, (kind == RuleKind.THRESHOLD ? "level " + plain(level) : "value " + Names.quote(value))
                                + " is priced twice for tenant " + Names.quote(tenant) + " (also at " + path + "[" + j + "]"
                                + (other.group() == null ? "" : ", group " + Names.quote(other.group()))
                                + "): CloudKitty allows one per tenant, in any group; dated rules may follow each other without overlapping");
                    }
                }
            }
            rules.add(rule);
        }
        return rules;
    }

    private static boolean sameKey(Rule a, Rule b) {
        return a.value() != null ? a.value().equals(b.value()) : a.level().compareTo(b.level()) == 0;
    }

    /** Validity windows [start, end) that share an instant; null is open. */
    private static boolean overlap(Rule a, Rule b) {
        return (a.end() == null || b.start() == null || a.end().isAfter(b.start()))
                && (a.start() == null || b.end() == null || a.start().isBefore(b.end()));
    }

    private static Iterable<JsonNode> array(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new FrameFormatException(path, "must be a list");
        }
        return node;
    }

    private static void keys(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new FrameFormatException(path, "must be a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new FrameFormatException(path + "." + k, "unknown key (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        });
    }

    private static String name(JsonNode node, String path) {
        String name = text(node, path, true);
        String problem = Names.problem(name);
        if (problem != null) {
            throw new FrameFormatException(path, problem);
        }
        return name;
    }

    private static String text(JsonNode node, String path, boolean anyText) {
        if (node == null || node.isNull() || !node.isValueNode() || node.isBoolean()) {
            throw new FrameFormatException(path, "must be a string");
        }
        String text = node.asText();
        if (!anyText && text.isBlank()) {
            throw new FrameFormatException(path, "must not be empty");
        }
        return text;
    }

    private static BigDecimal decimal(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw new FrameFormatException(path, "is required");
        }
        return FrameCodec.decimal(node, path);
    }

    private static BigDecimal bounded(BigDecimal value, String path, int integerDigits, int scale) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > integerDigits || stripped.scale() > scale) {
            throw new FrameFormatException(path, "at most " + integerDigits + " digits before and " + scale + " after the decimal point");
        }
        return value;
    }

    // ---------------------------------------------------------------- writing

    public static String writeYaml(Document document) {
        try {
            return YAML.writeValueAsString(tree(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String writeJson(Document document) {
        return FrameCodec.write(tree(document));
    }

    private static ObjectNode tree(Document document) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("format", FORMAT);
        ArrayNode groups = root.putArray("groups");
        document.groups().forEach(groups::add);
        ArrayNode services = root.putArray("services");
        for (Service s : document.services()) {
            ObjectNode service = services.addObject();
            service.put("name", s.name());
            rules(service.putArray("mappings"), s.mappings());
            rules(service.putArray("thresholds"), s.thresholds());
            ArrayNode fields = service.putArray("fields");
            for (Field f : s.fields()) {
                ObjectNode field = fields.addObject();
                field.put("name", f.name());
                rules(field.putArray("mappings"), f.mappings());
                rules(field.putArray("thresholds"), f.thresholds());
            }
        }
        return root;
    }

    private static void rules(ArrayNode array, List<Rule> rules) {
        for (Rule r : rules) {
            ObjectNode node = array.addObject();
            if (r.value() != null) {
                node.put("value", r.value());
            }
            if (r.level() != null) {
                node.put("level", plain(r.level()));
            }
            node.put("type", r.type().wire());
            node.put("cost", plain(r.cost()));
            if (r.group() != null) {
                node.put("group", r.group());
            }
            if (r.tenant() != null) {
                node.put("tenant", r.tenant());
            }
            if (r.start() != null) {
                node.put("start", r.start().toString());
            }
            if (r.end() != null) {
                node.put("end", r.end().toString());
            }
        }
    }

    private static String plain(BigDecimal value) {
        return io.ratekit.frames.Decimals.format(value);
    }
}
