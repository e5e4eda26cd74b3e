package io.ratekit.frames;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal rules shared by every service: CloudKitty's arithmetic context (28 significant
 * digits, HALF_EVEN) and the bounds an accepted quantity or price must respect.
 */
public final class Decimals {

    /** Python's default {@code decimal} context, which CloudKitty rates with. */
    public static final MathContext CONTEXT = new MathContext(28, RoundingMode.HALF_EVEN);

    /** Digits left of the point we accept; the storage column is numeric without bounds, but sane input is not. */
    public static final int MAX_INTEGER_DIGITS = 30;
    /** Digits right of the point we accept (CloudKitty costs have 28). */
    public static final int MAX_SCALE = 40;

    private Decimals() {
    }

    /** Parses an exact decimal; names {@code field} in the error for anything else. */
    public static BigDecimal parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new FrameFormatException(field, "must be a decimal number, got an empty string");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new FrameFormatException(field, "must be a decimal number, got '" + abbreviate(text) + "'");
        }
        return checkBounds(value, field);
    }

    public static BigDecimal checkBounds(BigDecimal value, String field) {
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new FrameFormatException(field, "has more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        if (value.scale() > MAX_SCALE) {
            throw new FrameFormatException(field, "has more than " + MAX_SCALE + " decimal places");
        }
        return value;
    }

    /** Plain notation without trailing zeros: {@code 12.50} → {@code 12.5}, {@code 1E+3} → {@code 1000}. */
    public static String format(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /** Same value without trailing zeros and without an exponent, for JSON numbers. */
    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
