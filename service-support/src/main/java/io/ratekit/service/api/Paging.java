package io.ratekit.service.api;

/** CloudKitty's {@code limit} (1..MAX, default 100) and {@code offset} (>= 0) query parameters. */
public record Paging(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public static Paging parse(String limit, String offset) {
        int l = integer(limit, "limit", DEFAULT_LIMIT);
        int o = integer(offset, "offset", 0);
        if (l < 1 || l > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + l);
        }
        if (o < 0) {
            throw new InvalidInputException("offset", "must be 0 or more, got " + o);
        }
        return new Paging(l, o);
    }

    private static int integer(String text, String param, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(param, "must be an integer, got '" + text + "'");
        }
    }
}
