package io.ratekit.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameFormatException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A request body read strictly: only the allowed keys, each value checked, every problem a
 * 400 naming the field. Decimals are accepted as JSON strings or exact JSON numbers.
 */
public final class JsonBody {

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody parse(byte[] body, Set<String> allowed) {
        JsonNode node;
        try {
            node = FrameCodec.readTree(body == null || body.length == 0 ? "{}".getBytes() : body);
        } catch (FrameFormatException e) {
            throw new InvalidInputException("$", e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        if (!node.isObject()) {
            throw new InvalidInputException("$", "the body must be a JSON object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new InvalidInputException(name, "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        });
        return new JsonBody(node);
    }

    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    public String text(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isTextual()) {
            throw new InvalidInputException(name, "must be a string");
        }
        return value.textValue();
    }

    public String requiredText(String name) {
        String value = text(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, "is required");
        }
        return value;
    }

    public BigDecimal decimal(String name) {
        if (!has(name)) {
            return null;
        }
        try {
            return FrameCodec.decimal(node.get(name), name);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(name, e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
    }

    public BigDecimal requiredDecimal(String name) {
        BigDecimal value = decimal(name);
        if (value == null) {
            throw new InvalidInputException(name, "is required");
        }
        return value;
    }

    public UUID uuid(String name) {
        String value = text(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return uuid(value, name);
    }

    public static UUID uuid(String value, String name) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "must be a UUID, got '" + value + "'");
        }
    }

    public Instant instant(String name) {
        String value = text(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return FrameCodec.parseInstant(value, name);
        } catch (FrameFormatException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 timestamp such as 2026-12-01T00:00:00Z, got '" + value + "'");
        }
    }

    public Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isBoolean()) {
            throw new InvalidInputException(name, "must be true or false");
        }
        return value.booleanValue();
    }

    /** A boolean also accepted as 0 or 1, as Python's {@code strtobool} (CloudKitty's CLI) sends it. */
    public Boolean flag(String name) {
        if (has(name) && node.get(name).isIntegralNumber() && (node.get(name).intValue() == 0 || node.get(name).intValue() == 1)) {
            return node.get(name).intValue() == 1;
        }
        return bool(name);
    }

    public Integer integer(String name) {
        return integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** An integer in {@code [min, max]}; anything else is a 400 naming the field and the range. */
    public Integer integer(String name, int min, int max) {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber()) {
            throw new InvalidInputException(name, "must be an integer from " + min + " to " + max + ", got " + value);
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidInputException(name, "must be from " + min + " to " + max + ", got " + number);
        }
        return number.intValueExact();
    }
}
