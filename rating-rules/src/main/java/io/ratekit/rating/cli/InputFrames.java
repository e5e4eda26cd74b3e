package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Period;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The frames file of {@code rate}, read as strictly as a pushed dataframe and cut into what the
 * processor rates: one frame per scope. A frame's scope is, in this order: {@code --scope}; its
 * {@code scope_id}; else each point's groupby scope key ({@code project_id}, as the storage's
 * {@code POST /v2/dataframes}), a frame holding several scopes being rated as one frame per scope;
 * else none: the point has no tenant and is priced with the rules for all tenants only.
 */
final class InputFrames {

    /** A frame to rate and its tenant; {@code tenant} null: no tenant. */
    record ToRate(int input, String tenant, Frame frame) {
    }

    // what Frame needs as a scope for a frame without tenant; never shown nor used for rules
    static final String NO_TENANT_SCOPE = "(no tenant)";
    private static final String SOURCE = "rate";
    private static final Set<String> DATAFRAME_KEYS = Set.of("period", "usage", "scope_id");
    private static final Set<String> ENVELOPE_ONLY_KEYS = Set.of("frame_id", "source", "schema_version", "reprocess");

    private InputFrames() {
    }

    static List<ToRate> read(byte[] json, RateOptions options) {
        JsonNode root = FrameCodec.readTree(json);
        boolean wrapped = root.isObject() && root.has("dataframes");
        if (wrapped) {
            // GET /v2/dataframes answers {"total", "dataframes"}; nothing else is expected
            root.fieldNames().forEachRemaining(k -> {
                if (!k.equals("dataframes") && !k.equals("total")) {
                    throw new FrameFormatException(k, "unknown key next to dataframes (allowed: dataframes, total)");
                }
            });
        }
        JsonNode list = root.isArray() ? root : wrapped ? root.get("dataframes") : null;
        if (wrapped && !list.isArray()) {
            throw new FrameFormatException("dataframes", "must be a list of dataframes");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (list != null) {
            list.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<ToRate> frames = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = list == null ? "$" : (wrapped ? "dataframes" : "") + "[" + i + "]";
            frames.addAll(read(nodes.get(i), path, i, options));
        }
        return frames;
    }

    private static List<ToRate> read(JsonNode node, String path, int input, RateOptions options) {
        if (!node.isObject()) {
            throw new FrameFormatException(path, "must be a dataframe {period, usage[, scope_id]}");
        }
        boolean envelope = false;
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            envelope |= ENVELOPE_ONLY_KEYS.contains(key);
            if (!DATAFRAME_KEYS.contains(key) && !ENVELOPE_ONLY_KEYS.contains(key)) {
                throw new FrameFormatException(path + "." + key, "unknown key (a dataframe has period, usage and optionally scope_id)");
            }
        }
        Period period;
        Map<String, List<DataPoint>> usage;
        String scopeId = null;
        if (envelope) {
            // a frame as the services pass it on (a dead-lettered message, for instance)
            Frame frame = nested(path, () -> FrameCodec.fromJson(node));
            period = frame.period();
            usage = frame.usage();
            scopeId = frame.scopeId();
        } else {
            period = FrameCodec.readPeriod(node.get("period"), path + ".period");
            usage = FrameCodec.readUsage(node.get("usage"), path + ".usage");
            JsonNode scope = node.get("scope_id");
            if (scope != null && !scope.isNull()) {
                if (!scope.isTextual() || scope.asText().isBlank()) {
                    throw new FrameFormatException(path + ".scope_id", "must be a non-empty string");
                }
                scopeId = scope.asText();
            }
        }
        if (!options.keepPrices()) {
            usage = unpriced(usage);
        }
        if (options.scope() != null) {
            return List.of(toRate(input, options.scope(), period, usage));
        }
        if (scopeId != null) {
            return List.of(toRate(input, scopeId, period, usage));
        }
        return byPointScope(input, period, usage, options.scopeKey());
    }

    // one frame per scope found in the points' groupby, in order of first appearance; no tenant last
    private static List<ToRate> byPointScope(int input, Period period, Map<String, List<DataPoint>> usage, String scopeKey) {
        Map<String, Map<String, List<DataPoint>>> byScope = new LinkedHashMap<>();
        Map<String, List<DataPoint>> noTenant = new TreeMap<>();
        usage.forEach((type, points) -> {
            for (DataPoint p : points) {
                String scope = p.groupby().get(scopeKey);
                Map<String, List<DataPoint>> target = scope == null || scope.isBlank()
                        ? noTenant : byScope.computeIfAbsent(scope, s -> new TreeMap<>());
                target.computeIfAbsent(type, t -> new ArrayList<>()).add(p);
            }
        });
        List<ToRate> frames = new ArrayList<>();
        byScope.forEach((scope, points) -> frames.add(toRate(input, scope, period, points)));
        if (!noTenant.isEmpty() || byScope.isEmpty()) {
            frames.add(toRate(input, null, period, noTenant));
        }
        return frames;
    }

    private static ToRate toRate(int input, String tenant, Period period, Map<String, List<DataPoint>> usage) {
        return new ToRate(input, tenant, Frame.of(tenant == null ? NO_TENANT_SCOPE : tenant, SOURCE, period, usage, false));
    }

    // collected usage reaches the processor at price 0 and without rule references
    private static Map<String, List<DataPoint>> unpriced(Map<String, List<DataPoint>> usage) {
        Map<String, List<DataPoint>> fresh = new TreeMap<>();
        usage.forEach((type, points) -> fresh.put(type, points.stream()
                .map(p -> new DataPoint(p.unit(), p.qty(), BigDecimal.ZERO, p.groupby(), p.metadata())).toList()));
        return fresh;
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T nested(String path, Read<T> read) {
        if (path.equals("$")) {
            return read.get();
        }
        try {
            return read.get();
        } catch (FrameFormatException e) {
            throw new FrameFormatException(path + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }
}
