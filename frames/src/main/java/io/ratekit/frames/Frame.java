package io.ratekit.frames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * All data points of one scope for one period, keyed by metric type, inside the envelope that
 * travels between the services. Metric types are kept sorted, as CloudKitty's DataFrame does.
 */
public record Frame(String frameId, String scopeId, String source, int schemaVersion, boolean reprocess,
                    Period period, Map<String, List<DataPoint>> usage) {

    public static final int SCHEMA_VERSION = 1;

    public Frame {
        requireText(frameId, "frame_id");
        requireText(scopeId, "scope_id");
        requireText(source, "source");
        Objects.requireNonNull(period, "period");
        TreeMap<String, List<DataPoint>> sorted = new TreeMap<>();
        if (usage != null) {
            usage.forEach((type, points) -> sorted.put(type, List.copyOf(points)));
        }
        usage = Collections.unmodifiableMap(sorted);
    }

    /** A new frame whose id is derived from its scope, period, metric types and source. */
    public static Frame of(String scopeId, String source, Period period, Map<String, List<DataPoint>> usage, boolean reprocess) {
        String id = FrameIds.frameId(scopeId, period, usage.keySet(), source);
        return new Frame(id, scopeId, source, SCHEMA_VERSION, reprocess, period, usage);
    }

    /** The same envelope with other data points (a rating module's result). */
    public Frame withUsage(Map<String, List<DataPoint>> newUsage) {
        return new Frame(frameId, scopeId, source, schemaVersion, reprocess, period, newUsage);
    }

    public int pointCount() {
        return usage.values().stream().mapToInt(List::size).sum();
    }

    /** Every point in type order, as CloudKitty's {@code iterpoints()}. */
    public List<TypedPoint> points() {
        List<TypedPoint> all = new ArrayList<>(pointCount());
        usage.forEach((type, points) -> points.forEach(p -> all.add(new TypedPoint(type, p))));
        return all;
    }

    public record TypedPoint(String type, DataPoint point) {
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new FrameFormatException(field, "must not be blank");
        }
    }
}
