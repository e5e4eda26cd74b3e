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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    private static final String READ = "SELECT scope_id, period_begin, period_end, frame_id, source, type, unit, qty, price,"
            + " groupby::text, metadata::text FROM storage.usage_for_rating(?, ?, ?)";

    // opens the next window's result while the current one is consumed (daemon threads: never hold the JVM)
    private final ExecutorService prefetch = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulation-prefetch");
        t.setDaemon(true);
        return t;
    });

    /** One read window on one of the two connections, its result opened (PostgreSQL has materialised it). */
    private record OpenWindow(Connection connection, PreparedStatement statement, ResultSet rows) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                rows.close();
                statement.close();
            } finally {
                connection.commit(); // read only: ends the window's snapshot
            }
        }
    }

    /**
     * Hands every stored frame of the period to {@code sink}, a read window ({@link SimulationConfig#readWindow()})
     * at a time, each window in a transaction of its own (a consistent snapshot per window; a frame never spans two).
     * Two connections take turns: while the frames of one window are rated, PostgreSQL prepares the next.
     */
    public void forEachFrame(Instant begin, Instant end, List<String> scopes, FrameSink sink) {
        List<Instant[]> windows = new ArrayList<>();
        for (Instant from = begin; from.isBefore(end); ) {
            Instant to = from.plus(config.readWindow()).isAfter(end) ? end : from.plus(config.readWindow());
            windows.add(new Instant[] {from, to});
            from = to;
        }
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            Connection[] connections = {first, second};
            for (Connection c : connections) {
                c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            }
            Future<OpenWindow> next = open(connections[0], windows.get(0), scopes);
            try {
                for (int i = 0; i < windows.size(); i++) {
                    OpenWindow window = await(next);
                    next = i + 1 < windows.size() ? open(connections[(i + 1) % 2], windows.get(i + 1), scopes) : null;
                    try (window) {
                        if (!readWindow(window.rows(), sink)) {
                            return;
                        }
                    }
                }
            } finally {
                if (next != null) {
                    discard(next);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored usage: " + e.getMessage(), e);
        }
    }

    private Future<OpenWindow> open(Connection c, Instant[] window, List<String> scopes) {
        return prefetch.submit(() -> {
            PreparedStatement st = c.prepareStatement(READ);
            try {
                st.setFetchSize(config.fetchSize());
                bind(c, st, window[0], window[1], scopes);
                return new OpenWindow(c, st, st.executeQuery());
            } catch (SQLException | RuntimeException e) {
                st.close();
                c.rollback();
                throw e;
            }
        });
    }

    private static OpenWindow await(Future<OpenWindow> window) throws SQLException {
        try {
            return window.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the stored usage", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("cannot read the stored usage: " + e.getCause(), e.getCause());
        }
    }

    /** The window opened ahead that will not be read (the sink stopped, or reading failed): wait for it, then let it go. */
    private static void discard(Future<OpenWindow> window) {
        try {
            window.get().close();
        } catch (Exception ignored) {
            // its connection goes back to the pool, which resets it
        }
    }

    private static boolean readWindow(ResultSet rs, FrameSink sink) throws SQLException {
        AttributeCache attributes = new AttributeCache();
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
                    attributes.read(rs.getString(10)), attributes.read(rs.getString(11)));
        }
        return frame == null || sink.accept(frame.build());
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

    /**
     * A resource's groupby and metadata repeat in every period it is stored for (a VM's, hour after
     * hour): each distinct text is parsed once per read window, and its points share the map.
     */
    private static final class AttributeCache {
        private static final int MAX_ENTRIES = 200_000;
        private final Map<String, SortedMap<String, String>> parsed = new HashMap<>();

        SortedMap<String, String> read(String json) {
            SortedMap<String, String> map = parsed.get(json);
            if (map == null) {
                if (parsed.size() >= MAX_ENTRIES) {
                    parsed.clear();
                }
                map = attributes(json);
                parsed.put(json, map);
            }
            return map;
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
