package io.ratekit.processor.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.rating.hashmap.RulesDocument;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.service.api.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule author asks to try: a candidate hashmap rules document ({@code rules}, the format of
 * {@code .../hashmap/import}, as a JSON object or as YAML text), candidate {@code scripts}, the
 * period {@code [begin, end)} of stored usage to re-rate and its {@code scopes} (left out: all).
 * Left-out rules or scripts keep the current ones. Every problem is a 400 naming the field.
 *
 * @param rules   null: the current hashmap rules
 * @param scripts null: the current scripts
 * @param scopes  null: every scope
 */
public record SimulationRequest(RulesDocument.Document rules, List<PyScript> scripts, Instant begin, Instant end, List<String> scopes) {

    static final Set<String> FIELDS = Set.of("rules", "scripts", "begin", "end", "scopes");
    private static final Set<String> SCRIPT_FIELDS = Set.of("name", "data", "order", "start", "end");
    static final int MAX_SCRIPTS = 100;
    static final int MAX_SCRIPT_BYTES = 1024 * 1024;
    static final int MAX_SCOPES = 10_000;

    /** Reads and checks the body; the scripts' compile check comes later ({@link CandidateScripts}). */
    public static SimulationRequest parse(byte[] body, Duration maxPeriod) {
        JsonNode root;
        try {
            root = FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException("$", problem(e));
        }
        if (!root.isObject()) {
            throw new InvalidInputException("$", "the body must be a JSON object with begin, end and optionally rules, scripts, scopes");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(name, "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        });
        Instant begin = instant(root, "begin");
        Instant end = instant(root, "end");
        if (!end.isAfter(begin)) {
            throw new InvalidInputException("end", "must be after begin (" + begin + "), got " + end);
        }
        if (Duration.between(begin, end).compareTo(maxPeriod) > 0) {
            throw new InvalidInputException("end", "the period may be at most " + maxPeriod.toDays() + " days long, got "
                    + Duration.between(begin, end).toDays() + " days; split it into several simulations");
        }
        return new SimulationRequest(rules(root.get("rules")), scripts(root.get("scripts")), begin, end, scopes(root.get("scopes")));
    }

    private static Instant instant(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            throw new InvalidInputException(name, "is required: a timestamp such as 2026-12-01T00:00:00Z");
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(name, "must be a timestamp string such as 2026-12-01T00:00:00Z");
        }
        try {
            return FrameCodec.parseInstant(value.textValue(), name);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 timestamp such as 2026-12-01T00:00:00Z, got '" + value.textValue() + "'");
        }
    }

    /** The import's reader and messages, the path prefixed with {@code rules}. */
    private static RulesDocument.Document rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        byte[] text;
        if (node.isTextual()) {
            text = node.textValue().getBytes(StandardCharsets.UTF_8); // YAML, as the export writes it
        } else if (node.isObject()) {
            text = FrameCodec.write(node).getBytes(StandardCharsets.UTF_8);
        } else {
            throw new InvalidInputException("rules", "must be a rules document (format ratekit-hashmap/v1) as a JSON object or YAML text");
        }
        try {
            return RulesDocument.read(text);
        } catch (FrameFormatException e) {
            String field = e.field();
            return fail(field == null || field.equals("$") ? "rules" : "rules." + field, problem(e));
        }
    }

    private static <T> T fail(String field, String problem) {
        throw new InvalidInputException(field, problem);
    }

    private static List<PyScript> scripts(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidInputException("scripts", "must be a list of {name, data, order, start, end}");
        }
        if (node.size() > MAX_SCRIPTS) {
            throw new InvalidInputException("scripts", "at most " + MAX_SCRIPTS + " scripts, got " + node.size());
        }
        List<PyScript> scripts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "scripts[" + i + "]";
            JsonNode s = node.get(i);
            if (!s.isObject()) {
                throw new InvalidInputException(path, "must be an object {name, data, order, start, end}");
            }
            s.fieldNames().forEachRemaining(name -> {
                if (!SCRIPT_FIELDS.contains(name)) {
                    throw new InvalidInputException(path + "." + name, "unknown field (allowed: data, end, name, order, start)");
                }
            });
            String name = text(s, path + ".name", "name").strip();
            if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException(path + ".name", "must be 1-255 printable characters");
            }
            if (!names.add(name)) {
                throw new InvalidInputException(path + ".name", "script '" + name + "' is listed twice");
            }
            String data = text(s, path + ".data", "data");
            if (data.isBlank()) {
                throw new InvalidInputException(path + ".data", "is required: the script's Python source");
            }
            if (data.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
                throw new InvalidInputException(path + ".data", "is larger than " + MAX_SCRIPT_BYTES + " bytes");
            }
            int order = 0;
            if (s.hasNonNull("order")) {
                if (!s.get("order").isIntegralNumber() || !s.get("order").canConvertToInt()) {
                    throw new InvalidInputException(path + ".order", "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
                }
                order = s.get("order").intValue();
            }
            Instant start = s.hasNonNull("start") ? instant(s, path + ".start", "start") : null;
            Instant stop = s.hasNonNull("end") ? instant(s, path + ".end", "end") : null;
            if (start != null && stop != null && !stop.isAfter(start)) {
                throw new InvalidInputException(path + ".end", "must be after start (" + start + ")");
            }
            scripts.add(new PyScript("candidate-" + i, name, order, data, null, start, stop));
        }
        return List.copyOf(scripts);
    }

    private static Instant instant(JsonNode parent, String path, String key) {
        try {
            return FrameCodec.parseInstant(text(parent, path, key), path);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(path, "must be an ISO-8601 timestamp such as 2026-12-01T00:00:00Z");
        }
    }

    private static String text(JsonNode parent, String path, String key) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(path, "is required");
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(path, "must be a string");
        }
        return value.textValue();
    }

    private static List<String> scopes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidInputException("scopes", "must be a list of scope ids (leave it out for every scope)");
        }
        if (node.isEmpty()) {
            throw new InvalidInputException("scopes", "must list at least one scope id (leave it out for every scope)");
        }
        if (node.size() > MAX_SCOPES) {
            throw new InvalidInputException("scopes", "at most " + MAX_SCOPES + " scope ids (leave it out for every scope), got " + node.size());
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode scope = node.get(i);
            if (!scope.isTextual() || scope.textValue().isBlank()) {
                throw new InvalidInputException("scopes[" + i + "]", "must be a scope id (a non-empty string)");
            }
            scopes.add(scope.textValue());
        }
        return List.copyOf(scopes);
    }

    private static String problem(FrameFormatException e) {
        String prefix = e.field() + ": "; // the message is "<field>: <problem>", and a field may hold ": " itself
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }
}
