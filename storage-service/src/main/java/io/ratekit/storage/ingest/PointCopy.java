package io.ratekit.storage.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ratekit.frames.DataPoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Streams rated points into {@code storage.rated_point} with PostgreSQL's {@code COPY} (text
 * format): one round trip for a whole batch instead of one insert per point. Rows are encoded
 * here by hand because COPY's text escaping is small and a JSON tree per point is not.
 */
final class PointCopy implements AutoCloseable {

    private static final String COPY = "COPY storage.rated_point"
            + " (scope_id, period_begin, period_end, type, seq, unit, qty, price, groupby, metadata, frame_id, source, rules)"
            + " FROM STDIN";
    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder row = new StringBuilder(FLUSH_AT + 8192);
    private final Set<String> knownKeys;
    private final Set<String> freshKeys = new TreeSet<>();
    private long rows;

    /** {@code knownKeys}: groupby/metadata keys already recorded; others are collected in {@link #freshKeys()}. */
    PointCopy(Connection connection, Set<String> knownKeys) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        this.knownKeys = knownKeys;
    }

    /** Groupby/metadata keys seen in the copied points that were not known. */
    Set<String> freshKeys() {
        return freshKeys;
    }

    void add(String scopeId, String periodBegin, String periodEnd, String type, int seq, DataPoint p, String frameId,
             String source) throws SQLException {
        field(scopeId).append('\t').append(periodBegin).append('\t').append(periodEnd).append('\t');
        field(type).append('\t').append(seq).append('\t');
        field(p.unit()).append('\t').append(p.qty().toPlainString()).append('\t').append(p.price().toPlainString()).append('\t');
        field(json(p.groupby(), knownKeys, freshKeys)).append('\t');
        field(json(p.metadata(), knownKeys, freshKeys)).append('\t');
        field(frameId).append('\t');
        field(source).append('\t');
        field(array(p.rules())).append('\n');
        rows++;
        if (row.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** Ends the COPY; returns the number of rows PostgreSQL took. */
    long finish() throws SQLException {
        flush();
        long copied = copy.endCopy();
        if (copied != rows) {
            throw new SQLException("COPY stored " + copied + " rows of " + rows);
        }
        return copied;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void flush() throws SQLException {
        if (row.length() > 0) {
            byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            row.setLength(0);
        }
    }

    // COPY text format: backslash, tab, newline and carriage return are escaped, all else is literal
    private StringBuilder field(String value) {
        if (!needsEscape(value)) {
            return row.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(ch);
            }
        }
        return row;
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return false;
    }

    static String json(Map<String, String> map, Set<String> knownKeys, Set<String> freshKeys) {
        if (map.isEmpty()) {
            return "{}";
        }
        StringBuilder json = new StringBuilder(map.size() * 32).append('{');
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (!knownKeys.contains(e.getKey())) {
                freshKeys.add(e.getKey());
            }
            json.append('"');
            encoder.quoteAsString(e.getKey(), json);
            json.append("\":\"");
            encoder.quoteAsString(e.getValue(), json);
            json.append('"');
        }
        return json.append('}').toString();
    }

    // a PostgreSQL array literal with every element quoted, so commas and braces in names are safe
    static String array(List<String> values) {
        StringBuilder array = new StringBuilder(values.size() * 48).append('{');
        for (String v : values) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') {
                    array.append('\\');
                }
                array.append(ch);
            }
            array.append('"');
        }
        return array.append('}').toString();
    }
}
