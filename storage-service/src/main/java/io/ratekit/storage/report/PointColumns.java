package io.ratekit.storage.report;

import io.ratekit.service.api.InvalidInputException;

import java.util.regex.Pattern;

/**
 * Turns a CloudKitty groupby/filter key into the SQL expression over {@code storage.rated_point}:
 * {@code type} and the scope key are columns; any other key is read from the point's groupby,
 * then its metadata. Keys are validated against a strict pattern before they reach SQL.
 */
public final class PointColumns {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    private final String scopeKey;

    public PointColumns(String scopeKey) {
        this.scopeKey = scopeKey;
    }

    public String expression(String key, String param) {
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException(param, "'" + key + "' is not a valid key (letters, digits, '_', '.', ':', '-')");
        }
        if (key.equals("type")) {
            return "type";
        }
        if (key.equals(scopeKey) || key.equals("scope_id")) {
            return "scope_id";
        }
        return "COALESCE(groupby->>'" + key + "', metadata->>'" + key + "')";
    }
}
