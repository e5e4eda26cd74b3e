package io.ratekit.rating.hashmap;

/** CloudKitty's {@code map_type}: a flat cost (per unit of qty) or a rate (a multiplier). */
public enum CostType {
    FLAT, RATE;

    public static CostType of(String text) {
        return switch (text) {
            case "flat" -> FLAT;
            case "rate" -> RATE;
            default -> throw new IllegalArgumentException("type must be 'flat' or 'rate', got '" + text + "'");
        };
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
