package io.ratekit.frames;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a well-formed frame envelope straight from the token stream, without building a JSON
 * tree: the decoding cost that dominated the storage consumer. It is deliberately narrow: on
 * anything unexpected (unknown or missing field, wrong type, duplicate key, bad decimal) it gives
 * up and returns null, and {@link FrameCodec} reads the body again with the strict tree reader,
 * which accepts or refuses it and names the JSON path of the problem. So this reader never
 * accepts what the strict one refuses, and both give the same frame for what they accept.
 */
final class FastFrameReader {

    /** Signals "not the plain case": the strict reader decides. */
    private static final class NotPlain extends Exception {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    private FastFrameReader() {
    }

    /** The frame, or null when the body is anything but a plain valid frame. */
    static Frame read(byte[] json) {
        try (JsonParser p = FrameCodec.mapper().getFactory().createParser(json)) {
            Frame frame = envelope(p);
            return p.nextToken() == null ? frame : null;
        } catch (NotPlain | IOException | RuntimeException e) {
            return null;
        }
    }

    private static Frame envelope(JsonParser p) throws IOException, NotPlain {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String frameId = null, scopeId = null, source = null;
        Integer version = null;
        Boolean reprocess = null;
        Period period = null;
        Map<String, List<DataPoint>> usage = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "frame_id" -> frameId = text(p, t, false);
                case "scope_id" -> scopeId = text(p, t, false);
                case "source" -> source = text(p, t, false);
                case "schema_version" -> {
                    expect(t, JsonToken.VALUE_NUMBER_INT);
                    if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != Frame.SCHEMA_VERSION) {
                        throw NOT_PLAIN;
                    }
                    version = p.getIntValue();
                }
                case "reprocess" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw NOT_PLAIN;
                    }
                    reprocess = t == JsonToken.VALUE_TRUE;
                }
                case "period" -> period = period(p, t);
                case "usage" -> usage = usage(p, t);
                default -> throw NOT_PLAIN;
            }
        }
        if (frameId == null || scopeId == null || source == null || version == null || reprocess == null || period == null || usage == null) {
            throw NOT_PLAIN;
        }
        return new Frame(frameId, scopeId, source, version, reprocess, period, usage);
    }

    private static Period period(JsonParser p, JsonToken t) throws IOException, NotPlain {
        expect(t, JsonToken.START_OBJECT);
        Instant begin = null, end = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String value = text(p, p.nextToken(), true);
            switch (name) {
                case "begin" -> begin = FrameCodec.parseInstant(value, "period.begin");
                case "end" -> end = FrameCodec.parseInstant(value, "period.end");
                default -> throw NOT_PLAIN;
            }
        }
        if (begin == null || end == null || !end.isAfter(begin)) {
            throw NOT_PLAIN;
        }
        return new Period(begin, end);
    }

    private static Map<String, List<DataPoint>> usage(JsonParser p, JsonToken t) throws IOException, NotPlain {
        expect(t, JsonToken.START_OBJECT);
        Map<String, List<DataPoint>> usage = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String type = p.currentName();
            if (Names.problem(type) != null) {
                throw NOT_PLAIN;
            }
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<DataPoint> points = new ArrayList<>();
            JsonToken next;
            while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                points.add(point(p, next));
            }
            usage.put(type, points);
        }
        return usage;
    }

    private static DataPoint point(JsonParser p, JsonToken t) throws IOException, NotPlain {
        expect(t, JsonToken.START_OBJECT);
        String unit = null;
        BigDecimal qty = null;
        BigDecimal price = BigDecimal.ZERO;
        List<String> rules = List.of();
        Map<String, String> groupby = Map.of();
        Map<String, String> metadata = Map.of();
        boolean vol = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "vol" -> {
                    expect(v, JsonToken.START_OBJECT);
                    vol = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken fv = p.nextToken();
                        switch (field) {
                            case "unit" -> unit = text(p, fv, true);
                            case "qty" -> qty = decimal(p, fv);
                            default -> throw NOT_PLAIN;
                        }
                    }
                }
                case "rating" -> {
                    if (v == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    expect(v, JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken fv = p.nextToken();
                        switch (field) {
                            case "price" -> price = decimal(p, fv);
                            case "rules" -> rules = rules(p, fv);
                            default -> throw NOT_PLAIN;
                        }
                    }
                }
                case "groupby" -> groupby = attributes(p, v);
                case "metadata" -> metadata = attributes(p, v);
                default -> throw NOT_PLAIN;
            }
        }
        if (!vol || qty == null) {
            throw NOT_PLAIN;
        }
        return new DataPoint(unit, qty, price, groupby, metadata, rules);
    }

    private static List<String> rules(JsonParser p, JsonToken t) throws IOException, NotPlain {
        expect(t, JsonToken.START_ARRAY);
        List<String> rules = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
            rules.add(text(p, next, false));
        }
        return rules;
    }

    private static Map<String, String> attributes(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(t, JsonToken.START_OBJECT);
        Map<String, String> map = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (v) {
                case VALUE_STRING -> map.put(key, p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> map.put(key, Decimals.format(number(p, v)));
                case VALUE_TRUE, VALUE_FALSE -> map.put(key, p.getText());
                default -> throw NOT_PLAIN;
            }
        }
        return map;
    }

    private static BigDecimal decimal(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_STRING) {
            return Decimals.parse(p.getText(), "qty");
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return Decimals.checkBounds(number(p, t), "qty");
        }
        throw NOT_PLAIN;
    }

    // as Jackson's tree keeps JSON numbers: fractions without trailing zeros (1.50 -> 1.5), integers as they are
    private static BigDecimal number(JsonParser p, JsonToken t) throws IOException {
        BigDecimal value = p.getDecimalValue();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return value;
        }
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static String text(JsonParser p, JsonToken t, boolean blankAllowed) throws IOException, NotPlain {
        if (t != JsonToken.VALUE_STRING || (!blankAllowed && p.getText().isBlank())) {
            throw NOT_PLAIN;
        }
        return p.getText();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws NotPlain {
        if (actual != expected) {
            throw NOT_PLAIN;
        }
    }
}
