package io.ratekit.rating.pyscripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of a rule author's Python script. Scripts run by {@code order}, then name (CloudKitty
 * leaves the order to the database); the checksum is CloudKitty's: sha512 of the UTF-8 body. Like
 * hashmap rules, a script may be valid only for periods starting in [start, end).
 */
public record PyScript(String id, String name, int order, String code, String checksum, Instant start, Instant end) {

    public static final Comparator<PyScript> RUN_ORDER = Comparator.comparingInt(PyScript::order).thenComparing(PyScript::name);

    public PyScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        checksum = checksum == null ? checksum(code) : checksum;
    }

    public static PyScript of(String name, int order, String code) {
        return new PyScript(name, name, order, code, null, null, null);
    }

    /** Whether the script prices a period starting at {@code periodBegin}: inside [start, end), open ends unbounded. */
    public boolean activeAt(Instant periodBegin) {
        return (start == null || !periodBegin.isBefore(start)) && (end == null || periodBegin.isBefore(end));
    }

    public static String checksum(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
