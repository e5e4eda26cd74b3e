package io.ratekit.frames;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deterministic frame ids: the same scope, period, metric types and source always give the same
 * id, so a frame collected or delivered twice is recognised as the same frame.
 */
public final class FrameIds {

    private FrameIds() {
    }

    public static String frameId(String scopeId, Period period, Collection<String> metricTypes, String source) {
        String key = String.join("\n",
                "ratekit-frame-v1", scopeId, period.begin().toString(), period.end().toString(),
                String.join(",", new TreeSet<>(metricTypes).stream().map(FrameIds::escaped).toList()), source);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Metric types may contain ',' (CloudKitty allows any text): escaped, {"a,b"} and {"a", "b"}
     * stay different frames. Types without ',' or '\' keep the ids they always had.
     */
    private static String escaped(String metricType) {
        return metricType.replace("\\", "\\\\").replace(",", "\\,");
    }
}
