package io.ratekit.storage.report;

import java.util.List;

/**
 * The CSV every report writes: RFC 4180 lines (a field with a comma, quote or line break is
 * quoted, quotes doubled), and text that a spreadsheet would run as a formula neutralised as
 * OWASP recommends for CSV injection: a text cell starting with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return gets a leading single quote and is quoted
 * ({@code =HYPERLINK(...)} → {@code "'=HYPERLINK(...)"}). Group values, scope ids, types, units
 * and keys come from tenants' resources, so every text cell is treated so; numbers and timestamps
 * that Ratekit formats itself are written as they are, so a negative price stays a number.
 */
public final class Csv {

    private final StringBuilder line = new StringBuilder();
    private boolean first = true;

    private Csv() {
    }

    /** A new line; add its cells in column order, then {@link #end()}. */
    public static Csv line() {
        return new Csv();
    }

    /** A line of text cells (e.g. a header whose column names include a caller's groupby keys). */
    public static String textLine(List<String> cells) {
        Csv csv = line();
        cells.forEach(csv::text);
        return csv.end();
    }

    /** A cell whose content may come from outside (a tenant's resource, tag, key): neutralised. */
    public Csv text(String value) {
        return append(neutralise(value));
    }

    /**
     * A cell Ratekit formatted itself from a number or a timestamp ({@code -1.5},
     * {@code 2025-03-01T00:00:00Z}): never a formula, so left as it is.
     */
    public Csv exact(String value) {
        return append(value);
    }

    /** The line with its CRLF. */
    public String end() {
        return line.append("\r\n").toString();
    }

    private Csv append(String value) {
        if (!first) {
            line.append(',');
        }
        first = false;
        line.append(quoteIfNeeded(value == null ? "" : value));
        return this;
    }

    /**
     * The text of a cell a spreadsheet will not evaluate: a leading single quote before
     * {@code = + - @}, tab or carriage return (spreadsheets show the rest as text). Anything else
     * is returned unchanged.
     */
    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }

    // neutralised cells are always quoted (OWASP: wrap the cell in double quotes) so that no
    // spreadsheet import option can split or unquote them into a formula again
    private static String quoteIfNeeded(String f) {
        if (f.startsWith("'") || f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }

    /** CSV was asked for with {@code format=csv} or an Accept header that prefers it. */
    static boolean wanted(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return format.equalsIgnoreCase("csv");
        }
        return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
    }
}
