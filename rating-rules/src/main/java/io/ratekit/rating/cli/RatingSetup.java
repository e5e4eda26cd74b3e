package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.RulesDocument;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code rate} prices with: the hashmap rules, the scripts, and each module's switch and
 * priority, as the processor keeps them in its database. Read from a hashmap rules document
 * ({@code ratekit-hashmap/v1}) or a rating setup ({@code ratekit-rating/v1}):
 *
 * <pre>
 * format: ratekit-rating/v1
 * modules:                        # optional
 *   hashmap:   {enabled: true, priority: 2}
 *   pyscripts: {enabled: true, priority: 1}
 * hashmap: vmware-shop.yaml       # a ratekit-hashmap/v1 document: a path relative to this file, or inline
 * scripts:                        # run by order, then name, as in the processor
 *   - {file: pyscript-volume-discount.py, name: volume-discount, order: 0}
 * </pre>
 *
 * The command line overrides the modules and adds scripts. A module without a state is enabled
 * when it has something to price with, priority 1 (the processor's default priority).
 */
record RatingSetup(RulesDocument.Document hashmap, List<PyScript> scripts, Map<String, Module> modules) {

    static final String FORMAT = "ratekit-rating/v1";

    /** A module's switch and priority. */
    record Module(boolean enabled, int priority) {
    }

    // decimals stay exact when an inline hashmap document is handed on to RulesDocument
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static RatingSetup of(RateOptions options) throws IOException {
        RulesDocument.Document hashmap = null;
        List<PyScript> scripts = new ArrayList<>();
        Map<String, Module> modules = new HashMap<>();
        if (options.rules() != null) {
            byte[] text = Files.readAllBytes(options.rules());
            JsonNode root = yaml(text, options.rules());
            String format = root.path("format").asText();
            if (format.equals(FORMAT)) {
                hashmap = readSetup(root, options.rules().toAbsolutePath().getParent(), scripts, modules);
            } else if (format.equals(RulesDocument.FORMAT)) {
                hashmap = RulesDocument.read(text);
            } else {
                throw new FrameFormatException("format", "must be " + RulesDocument.FORMAT + " (hashmap rules) or " + FORMAT + " (a rating setup)");
            }
        }
        for (Path file : options.scripts()) {
            // the command line's scripts run after the setup's, in the order given
            int order = scripts.stream().mapToInt(PyScript::order).max().orElse(-1) + 1;
            scripts.add(script(scriptName(file), order, file, "--script " + file));
        }
        Set<String> names = new HashSet<>();
        for (PyScript s : scripts) {
            if (!names.add(s.name())) {
                throw new FrameFormatException("scripts", "two scripts are named '" + s.name() + "'");
            }
        }
        Map<String, Module> merged = new LinkedHashMap<>();
        merged.put(HashmapRatingModule.NAME, module(HashmapRatingModule.NAME, modules, hashmap != null, options));
        merged.put(PyscriptsRatingModule.NAME, module(PyscriptsRatingModule.NAME, modules, !scripts.isEmpty(), options));
        return new RatingSetup(hashmap, List.copyOf(scripts), merged);
    }

    private static Module module(String name, Map<String, Module> fromSetup, boolean hasRules, RateOptions options) {
        Module base = fromSetup.getOrDefault(name, new Module(hasRules, 1));
        return new Module(options.enabled().getOrDefault(name, base.enabled()), options.priorities().getOrDefault(name, base.priority()));
    }

    private static RulesDocument.Document readSetup(JsonNode root, Path dir, List<PyScript> scripts, Map<String, Module> modules) throws IOException {
        keys(root, "$", Set.of("format", "modules", "hashmap", "scripts"));
        JsonNode moduleNodes = root.get("modules");
        if (moduleNodes != null && !moduleNodes.isNull()) {
            keys(moduleNodes, "modules", RateOptions.MODULES);
            for (Iterator<Map.Entry<String, JsonNode>> it = moduleNodes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                String path = "modules." + m.getKey();
                keys(m.getValue(), path, Set.of("enabled", "priority"));
                JsonNode enabled = m.getValue().get("enabled");
                if (enabled == null || !enabled.isBoolean()) {
                    throw new FrameFormatException(path + ".enabled", "must be true or false");
                }
                JsonNode priority = m.getValue().get("priority");
                if (priority != null && !priority.isInt()) {
                    throw new FrameFormatException(path + ".priority", "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
                }
                modules.put(m.getKey(), new Module(enabled.booleanValue(), priority == null ? 1 : priority.intValue()));
            }
        }
        RulesDocument.Document hashmap = null;
        JsonNode rules = root.get("hashmap");
        if (rules != null && !rules.isNull()) {
            if (rules.isTextual()) {
                Path file = dir.resolve(rules.asText());
                hashmap = nested("hashmap (" + file + ")", () -> RulesDocument.read(read(file, "hashmap")));
            } else if (rules.isObject()) {
                byte[] inline = FrameCodec.write(rules).getBytes(StandardCharsets.UTF_8);
                hashmap = nested("hashmap", () -> RulesDocument.read(inline));
            } else {
                throw new FrameFormatException("hashmap", "must be the path of a " + RulesDocument.FORMAT + " document or the document itself");
            }
        }
        JsonNode list = root.get("scripts");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new FrameFormatException("scripts", "must be a list of {file, name, order}");
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "scripts[" + i + "]";
                JsonNode s = list.get(i);
                keys(s, path, Set.of("file", "name", "order"));
                if (!s.path("file").isTextual() || s.get("file").asText().isBlank()) {
                    throw new FrameFormatException(path + ".file", "must be the path of a Python script");
                }
                Path file = dir.resolve(s.get("file").asText());
                JsonNode name = s.get("name");
                if (name != null && (!name.isTextual() || name.asText().isBlank())) {
                    throw new FrameFormatException(path + ".name", "must be a non-empty string");
                }
                JsonNode order = s.get("order");
                if (order != null && !order.isInt()) {
                    throw new FrameFormatException(path + ".order", "must be an integer");
                }
                scripts.add(script(name == null ? scriptName(file) : name.asText(), order == null ? 0 : order.intValue(), file, path + ".file"));
            }
        }
        return hashmap;
    }

    private static PyScript script(String name, int order, Path file, String path) throws IOException {
        return PyScript.of(name, order, new String(read(file, path), StandardCharsets.UTF_8));
    }

    // a script's name is its file name without .py, as `cloudkitty pyscript create NAME FILE` is usually called
    private static String scriptName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
    }

    private static byte[] read(Path file, String path) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + " (" + path + ")", e);
        }
    }

    private interface Reader<T> {
        T read() throws IOException;
    }

    // errors inside a nested document name where it sits in the setup
    private static <T> T nested(String where, Reader<T> reader) throws IOException {
        try {
            return reader.read();
        } catch (FrameFormatException e) {
            throw new FrameFormatException(where + ": " + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    private static JsonNode yaml(byte[] text, Path file) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new FrameFormatException("$", file + " is empty");
            }
            return root;
        } catch (IOException e) {
            throw new FrameFormatException("$", "not valid YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (UncheckedIOException e) {
            throw new FrameFormatException("$", "unreadable: " + e.getMessage());
        }
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
}
