package io.ratekit.rating.pyscripts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Decimals;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Period;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frames to and from what scripts see: CloudKitty's 2023.1+ dict ({@code period}, {@code usage};
 * qty and price as exact decimal text that the worker turns into {@code decimal.Decimal}), and the
 * scripts' result read back as strictly as a pushed frame.
 */
public final class ScriptFrames {

    private static final Set<String> DATA_KEYS = Set.of("period", "usage");

    private ScriptFrames() {
    }

    public static String toJson(Period period, Map<String, List<DataPoint>> usage) {
        StringWriter text = new StringWriter(256 + 256 * usage.values().stream().mapToInt(List::size).sum());
        try (JsonGenerator json = FrameCodec.mapper().getFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("period");
            json.writeStringField("begin", period.begin().toString());
            json.writeStringField("end", period.end().toString());
            json.writeEndObject();
            json.writeObjectFieldStart("usage");
            for (Map.Entry<String, List<DataPoint>> type : usage.entrySet()) {
                json.writeArrayFieldStart(type.getKey());
                for (DataPoint point : type.getValue()) {
                    json.writeStartObject();
                    json.writeObjectFieldStart("vol");
                    json.writeStringField("unit", point.unit());
                    json.writeStringField("qty", Decimals.format(point.qty()));
                    json.writeEndObject();
                    json.writeObjectFieldStart("rating");
                    json.writeStringField("price", Decimals.format(point.price()));
                    json.writeEndObject();
                    writeMap(json, "groupby", point.groupby());
                    writeMap(json, "metadata", point.metadata());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeMap(JsonGenerator json, String name, Map<String, String> values) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : values.entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }

    /**
     * The usage the scripts left, validated: only {@code period} and {@code usage}, the period
     * unchanged, every point a valid data point. A point keeps the rule references of the same point
     * of the input and gains {@code ruleRef} (scripts carry no references of their own).
     *
     * @throws ScriptException of kind {@code invalid} naming {@code blamed} and the JSON path
     */
    // a point keeps earlier modules' rule references only where it is recognisably the same point
    // (same place, same groupby and metadata): a script that sorts or replaces points loses them
    private static boolean samePoint(List<DataPoint> before, List<DataPoint> after, int i) {
        return before.size() == after.size() && before.get(i).groupby().equals(after.get(i).groupby())
                && before.get(i).metadata().equals(after.get(i).metadata());
    }

    public static Map<String, List<DataPoint>> usageFrom(String json, Frame input, String blamed, String ruleRef) {
        try {
            JsonNode root = FrameCodec.readTree(json.getBytes(StandardCharsets.UTF_8));
            if (!root.isObject()) {
                throw new FrameFormatException("data", "must be a dict with period and usage");
            }
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!DATA_KEYS.contains(name)) {
                    throw new FrameFormatException("data." + name, "is not allowed (a frame has only period and usage)");
                }
            }
            Period period = FrameCodec.readPeriod(root.get("period"), "data.period");
            if (!period.equals(input.period())) {
                throw new FrameFormatException("data.period", "must stay " + input.period() + ", the script changed it to " + period);
            }
            Map<String, List<DataPoint>> usage = FrameCodec.readUsage(root.get("usage"), "data.usage");
            Map<String, List<DataPoint>> withRules = new LinkedHashMap<>();
            usage.forEach((type, points) -> {
                List<DataPoint> before = input.usage().getOrDefault(type, List.of());
                List<DataPoint> after = new ArrayList<>(points.size());
                for (int i = 0; i < points.size(); i++) {
                    DataPoint p = points.get(i);
                    List<String> rules = new ArrayList<>(samePoint(before, points, i) ? before.get(i).rules() : List.of());
                    rules.add(ruleRef);
                    after.add(new DataPoint(p.unit(), p.qty(), p.price(), p.groupby(), p.metadata(), rules));
                }
                withRules.put(type, after);
            });
            return withRules;
        } catch (FrameFormatException e) {
            throw new ScriptException(blamed, "invalid", "left data that is not a frame: " + e.getMessage());
        }
    }
}
