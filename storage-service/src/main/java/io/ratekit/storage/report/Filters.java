package io.ratekit.storage.report;

import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.security.Caller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CloudKitty's {@code filters}: {@code key:value}, comma separated or repeated; values of one key are OR-ed. */
public record Filters(Map<String, List<String>> values) {

    public static Filters parse(List<String> params) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (params != null) {
            for (String param : params) {
                for (String item : param.split(",")) {
                    if (item.isBlank()) {
                        continue;
                    }
                    int colon = item.indexOf(':');
                    if (colon <= 0 || colon == item.length() - 1) {
                        throw new InvalidInputException("filters", "expected key:value, got '" + item + "'");
                    }
                    values.computeIfAbsent(item.substring(0, colon).trim(), k -> new ArrayList<>()).add(item.substring(colon + 1).trim());
                }
            }
        }
        return new Filters(values);
    }

    /**
     * The filters a caller may run: for anyone but an operator, the scope filter (the scope key or
     * {@code scope_id}) becomes the intersection of what was asked with the caller's scopes, or all of
     * them when nothing was asked; asking only for other scopes is refused (403).
     */
    public Filters restrictTo(Caller caller, String scopeKey) {
        if (caller.seesAllScopes()) {
            return this;
        }
        Map<String, List<String>> narrowed = new LinkedHashMap<>(values);
        List<String> requested = null;
        for (String key : List.of(scopeKey, "scope_id")) {
            List<String> asked = narrowed.remove(key);
            if (asked != null) {
                requested = requested == null ? asked : requested.stream().filter(asked::contains).toList();
            }
        }
        narrowed.put(scopeKey, caller.scopesFor(requested, "filters"));
        return new Filters(narrowed);
    }

    /** Appends {@code AND expr = ANY(?)} per key to {@code sql} and the value arrays to {@code args}. */
    public void appendTo(StringBuilder sql, List<Object> args, PointColumns columns) {
        values.forEach((key, vals) -> {
            sql.append(" AND ").append(columns.expression(key, "filters")).append(" = ANY (?)");
            args.add(vals.toArray(String[]::new));
        });
    }
}
