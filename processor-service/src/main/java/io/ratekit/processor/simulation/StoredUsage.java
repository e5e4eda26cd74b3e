package io.ratekit.processor.simulation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.agroal.api.AgroalDataSource;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The usage storage holds, read through storage's read contract — the functions
 * {@code storage.usage_for_rating} and {@code storage.usage_for_rating_count} (storage migration
 * {@code V7__usage_for_rating_simulations.sql}); the processor's role has no grant on storage's tables.
 * Stored points come back as the frames they were stored in, unrated again (price 0, as the
 * collector sends them), with their stored prices summed per metric type on the side.
 */
@ApplicationScoped
public class StoredUsage {

    /** One stored frame: its points without prices, and what storage holds as their price, by metric type. */
    public record StoredFrame(Frame unrated, Map<String, BigDecimal> storedPrice, Map<String, BigDecimal> qty) {
    }

    public interface FrameSink {
        /** @return false to stop reading */
        boolean accept(StoredFrame frame);
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final SortedMap<String, String> NO_ATTRIBUTES = Collections.unmodifiableSortedMap(new TreeMap<>());

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SimulationConfig config;

    /** Points stored for periods starting in [begin, end) of {@code scopes} (null: all). */
    public long count(Instant begin, Instant end, List<String> scopes) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT storage.usage_for_rating_count(?, ?, ?)")) {
            bind(c, st, begin, end, scopes);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored usage: " + e.getMessage(), e);
        }
    }

    /**
     * Hands every stored frame of the period to {@code sink}, a read window ({@link SimulationConfig#readWindow()})
     * at a time, each window in a transaction of its own (a consistent snapshot per window; a frame never spans two).
     */
    public void forEachFrame(Instant begin, Instant end, List<String> scopes, FrameSink sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement st = c.prepareStatement("SELECT scope_id, period_begin, period_end, frame_id, source, type, unit, qty, price,"
                    + " groupby::text, metadata::text FROM storage.usage_for_rating(?, ?, ?)")) {
                st.setFetchSize(config.fetchSize());
                for (Instant from = begin; from.isBefore(end); ) {
                    Instant to = from.plus(config.readWindow());
                    to = to.isAfter(end) ? end : to;
                    boolean more = readWindow(c, st, from, to, scopes, sink);
                    c.commit();
                    if (!more) {
                        return;
                    }
                    from = to;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored usage: " + e.getMessage(), e);
        }
    }

    private static boolean readWindow(Connection c, PreparedStatement st, Instant from, Instant to, List<String> scopes, FrameSink sink)
            throws SQLException {
        bind(c, st, from, to, scopes);
        try (ResultSet rs = st.executeQuery()) {
            FrameBuilder frame = null;
            while (rs.next()) {
                String frameId = rs.getString(4);
                String scope = rs.getString(1);
                if (frame == null || !frame.frameId.equals(frameId) || !frame.scopeId.equals(scope)) {
                    if (frame != null && !sink.accept(frame.build())) {
                        return false;
                    }
                    frame = new FrameBuilder(frameId, scope, rs.getString(5),
                            new Period(instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))));
                }
                frame.add(rs.getString(6), rs.getString(7), rs.getBigDecimal(8), rs.getBigDecimal(9),
                        attributes(rs.getString(10)), attributes(rs.getString(11)));
            }
            return frame == null || sink.accept(frame.build());
        }
    }

    private static void bind(Connection c, PreparedStatement st, Instant from, Instant to, List<String> scopes) throws SQLException {
        st.setTimestamp(1, Timestamp.from(from));
        st.setTimestamp(2, Timestamp.from(to));
        if (scopes == null) {
            st.setNull(3, java.sql.Types.ARRAY);
        } else {
            Array array = c.createArrayOf("text", scopes.toArray());
            st.setArray(3, array);
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts.toInstant();
    }

    /** A stored jsonb object of strings (storage writes nothing else), read without a JSON tree. */
    static SortedMap<String, String> attributes(String json) {
        if (json == null || json.length() <= 2) {
            return NO_ATTRIBUTES;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored attributes are not a JSON object: " + json);
            }
            TreeMap<String, String> map = new TreeMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren(); // not written by storage; a point never had it as an attribute
                    continue;
                }
                map.put(key, value == JsonToken.VALUE_NULL ? null : p.getText());
            }
            map.values().removeIf(java.util.Objects::isNull);
            // frozen the way DataPoint shares attribute maps instead of copying them
            return Collections.unmodifiableSortedMap(map);
        } catch (IOException e) {
            throw new IllegalStateException("stored attributes are not JSON: " + json, e);
        }
    }

    /** The points of one stored frame as they arrive, in stored order (type, seq). */
    private static final class FrameBuilder {
        final String frameId;
        final String scopeId;
        final String source;
        final Period period;
        final Map<String, List<DataPoint>> usage = new HashMap<>();
        final Map<String, BigDecimal> storedPrice = new HashMap<>();
        final Map<String, BigDecimal> qty = new HashMap<>();
        private String lastType;
        private List<DataPoint> lastPoints;

        FrameBuilder(String frameId, String scopeId, String source, Period period) {
            this.frameId = frameId;
            this.scopeId = scopeId;
            this.source = source;
            this.period = period;
        }

        void add(String type, String unit, BigDecimal qty, BigDecimal price, Map<String, String> groupby, Map<String, String> metadata) {
            if (!type.equals(lastType)) {
                lastType = type;
                lastPoints = usage.computeIfAbsent(type, t -> new ArrayList<>());
            }
            lastPoints.add(new DataPoint(unit, qty, BigDecimal.ZERO, groupby, metadata));
            storedPrice.merge(type, price, BigDecimal::add);
            this.qty.merge(type, qty, BigDecimal::add);
        }

        StoredFrame build() {
            return new StoredFrame(new Frame(frameId, scopeId, source, Frame.SCHEMA_VERSION, false, period, usage), storedPrice, qty);
        }
    }
}
