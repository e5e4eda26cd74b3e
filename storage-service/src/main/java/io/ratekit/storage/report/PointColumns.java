package io.ratekit.storage.report;

import io.ratekit.frames.Names;
import io.ratekit.service.api.InvalidInputException;

/**
 * Turns a CloudKitty groupby/filter key into the SQL expression over {@code storage.rated_point}:
 * {@code type} and the scope key are columns; any other key is read from the point's groupby,
 * then its metadata. Keys are any name CloudKitty stores and the hashmap prices ({@link Names}:
 * {@code display name}, {@code région}); they reach SQL only as a string literal with its quotes
 * doubled (PostgreSQL's standard_conforming_strings, on since 9.1, makes that the whole escaping),
 * and names with control characters (NUL among them) are refused before.
 */
public final class PointColumns {

    private final String scopeKey;

    public PointColumns(String scopeKey) {
        this.scopeKey = scopeKey;
    }

    public String expression(String key, String param) {
        String problem = Names.problem(key);
        if (problem != null) {
            throw new InvalidInputException(param, "key " + problem);
        }
        if (key.equals("type")) {
            return "type";
        }
        if (key.equals(scopeKey) || key.equals("scope_id")) {
            return "scope_id";
        }
        String literal = "'" + key.replace("'", "''") + "'";
        return "COALESCE(groupby->>" + literal + ", metadata->>" + literal + ")";
    }
}
