package io.ratekit.storage.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores rated frames, many per transaction: each frame replaces its (scope, period, metric type)
 * slices; a reprocessed frame replaces everything its source stored for the period. The result is
 * the same as storing the frames one by one in order, so storing a frame twice (re-delivery,
 * reprocessing) leaves exactly one copy. Points go in with COPY; the daily rollup and the frame
 * records are updated in the same transaction.
 */
@ApplicationScoped
public class FrameWriter {

    // one lock per (scope, period), taken in a fixed order so that concurrent batches cannot deadlock
    private static final String LOCK_PERIODS = "SELECT count(pg_advisory_xact_lock(h1, h2)) FROM"
            + " (SELECT DISTINCT hashtext(s) h1, hashtext(p) h2 FROM unnest(?::text[], ?::text[]) AS u(s, p) ORDER BY 1, 2) q";
    private static final String DELETE_SLICES = "WITH gone AS (DELETE FROM storage.rated_point r"
            + " USING unnest(?::text[], ?::timestamptz[], ?::text[]) AS k(scope_id, period_begin, type)"
            + " WHERE r.scope_id = k.scope_id AND r.period_begin = k.period_begin AND r.type = k.type"
            + " RETURNING r.scope_id, r.type, r.period_begin, r.qty, r.price)"
            + " SELECT scope_id, type, period_begin, sum(qty), sum(price), count(*) FROM gone GROUP BY 1, 2, 3";
    // a reprocessed frame replaces everything its source stored for the period, even types it no longer has
    private static final String DELETE_PERIOD = "WITH gone AS (DELETE FROM storage.rated_point"
            + " WHERE scope_id = ? AND period_begin = ? AND source = ? RETURNING scope_id, type, period_begin, qty, price)"
            + " SELECT scope_id, type, period_begin, sum(qty), sum(price), count(*) FROM gone GROUP BY 1, 2, 3";
    private static final String FORGET_REPLACED_FRAMES =
            "DELETE FROM storage.stored_frame WHERE scope_id = ? AND period_begin = ? AND source = ? AND frame_id <> ?";
    private static final String UPSERT_FRAME =
            "INSERT INTO storage.stored_frame (frame_id, scope_id, source, period_begin, period_end, types, point_count, reprocess, deliveries)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (frame_id) DO UPDATE SET deliveries = storage.stored_frame.deliveries + excluded.deliveries,"
                    + " point_count = excluded.point_count, types = excluded.types, reprocess = excluded.reprocess, last_stored_at = now()";

    private record Slice(String scopeId, Instant periodBegin, String type) {
    }

    @Inject
    @DataSource("ingest") // every scope's rows, with COPY: the role that row-level security lets through
    AgroalDataSource dataSource;
    @Inject
    MonthlyPartitions partitions;
    @Inject
    PointKeys keys;

    public void write(Frame frame) {
        write(List.of(frame));
    }

    /** Stores {@code frames} in one transaction, as if one after another in list order. */
    public void write(List<Frame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        Set<String> newKeys;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                newKeys = writeIn(c, frames);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            String what = frames.size() == 1 ? "frame " + frames.get(0).frameId() : frames.size() + " frames";
            throw new StorageException("could not store " + what + ": " + e.getMessage(), e);
        }
        keys.remember(newKeys);
    }

    private Set<String> writeIn(Connection c, List<Frame> frames) throws SQLException {
        for (Frame frame : frames) {
            partitions.ensureFor(c, frame.period().begin());
        }
        lockPeriods(c, frames);
        DailyUsageDelta rollup = new DailyUsageDelta();
        Set<String> freshKeys = new TreeSet<>();
        List<Frame> run = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.reprocess()) {
                replaceSlices(c, run, rollup, freshKeys);
                run.clear();
                replacePeriod(c, frame, rollup, freshKeys);
            } else {
                run.add(frame);
            }
        }
        replaceSlices(c, run, rollup, freshKeys);
        rollup.applyTo(c);
        recordFrames(c, frames);
        keys.record(c, freshKeys);
        return freshKeys;
    }

    private static void lockPeriods(Connection c, List<Frame> frames) throws SQLException {
        String[] scopes = new String[frames.size()];
        String[] periods = new String[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            scopes[i] = frames.get(i).scopeId();
            periods[i] = frames.get(i).period().begin().toString();
        }
        Jdbc.query(c, LOCK_PERIODS, rs -> null, scopes, periods);
    }

    // consecutive plain frames: the last frame holding a slice wins it, as if stored in order
    private void replaceSlices(Connection c, List<Frame> run, DailyUsageDelta rollup, Set<String> freshKeys) throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        Map<Slice, Frame> winners = new LinkedHashMap<>();
        for (Frame frame : run) {
            for (String type : frame.usage().keySet()) {
                Slice slice = new Slice(frame.scopeId(), frame.period().begin(), type);
                winners.remove(slice); // re-insert so the order follows the winning frame
                winners.put(slice, frame);
            }
        }
        int n = winners.size();
        String[] scopes = new String[n];
        Timestamp[] begins = new Timestamp[n];
        String[] types = new String[n];
        int i = 0;
        for (Slice s : winners.keySet()) {
            scopes[i] = s.scopeId();
            begins[i] = Timestamp.from(s.periodBegin());
            types[i] = s.type();
            i++;
        }
        try (PreparedStatement st = Jdbc.prepare(c, DELETE_SLICES, c.createArrayOf("text", scopes),
                c.createArrayOf("timestamptz", begins), c.createArrayOf("text", types))) {
            subtractRemoved(st, rollup);
        }
        try (PointCopy copy = new PointCopy(c, keys.known())) {
            for (var e : winners.entrySet()) {
                copySlice(copy, e.getValue(), e.getKey().type(), rollup);
            }
            copy.finish();
            freshKeys.addAll(copy.freshKeys());
        }
    }

    private void replacePeriod(Connection c, Frame frame, DailyUsageDelta rollup, Set<String> freshKeys) throws SQLException {
        try (PreparedStatement st = Jdbc.prepare(c, DELETE_PERIOD, frame.scopeId(), frame.period().begin(), frame.source())) {
            subtractRemoved(st, rollup);
        }
        Jdbc.update(c, FORGET_REPLACED_FRAMES, frame.scopeId(), frame.period().begin(), frame.source(), frame.frameId());
        try (PointCopy copy = new PointCopy(c, keys.known())) {
            for (String type : frame.usage().keySet()) {
                copySlice(copy, frame, type, rollup);
            }
            copy.finish();
            freshKeys.addAll(copy.freshKeys());
        }
    }

    private static void subtractRemoved(PreparedStatement st, DailyUsageDelta rollup) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rollup.subtract(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getLong(6));
            }
        }
    }

    private static void copySlice(PointCopy copy, Frame frame, String type, DailyUsageDelta rollup) throws SQLException {
        String begin = frame.period().begin().toString();
        String end = frame.period().end().toString();
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal price = BigDecimal.ZERO;
        List<DataPoint> points = frame.usage().get(type);
        int seq = 0;
        for (DataPoint p : points) {
            copy.add(frame.scopeId(), begin, end, type, seq++, p, frame.frameId(), frame.source());
            qty = qty.add(p.qty());
            price = price.add(p.price());
        }
        rollup.add(frame.scopeId(), type, frame.period().begin(), qty, price, points.size());
    }

    // one row per frame; a frame delivered twice in one batch counts two deliveries; a reprocessed
    // frame forgets the frames it replaced, those earlier in the batch included
    private static void recordFrames(Connection c, List<Frame> frames) throws SQLException {
        Map<String, Frame> latest = new LinkedHashMap<>();
        Map<String, Integer> deliveries = new LinkedHashMap<>();
        for (Frame frame : frames) {
            if (frame.reprocess()) {
                latest.values().removeIf(f -> {
                    boolean replaced = !f.frameId().equals(frame.frameId()) && f.scopeId().equals(frame.scopeId())
                            && f.period().begin().equals(frame.period().begin()) && f.source().equals(frame.source());
                    if (replaced) {
                        deliveries.remove(f.frameId());
                    }
                    return replaced;
                });
            }
            latest.put(frame.frameId(), frame);
            deliveries.merge(frame.frameId(), 1, Integer::sum);
        }
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_FRAME)) {
            for (Frame frame : latest.values()) {
                upsert.setString(1, frame.frameId());
                upsert.setString(2, frame.scopeId());
                upsert.setString(3, frame.source());
                upsert.setTimestamp(4, Timestamp.from(frame.period().begin()));
                upsert.setTimestamp(5, Timestamp.from(frame.period().end()));
                upsert.setArray(6, c.createArrayOf("text", frame.usage().keySet().toArray(String[]::new)));
                upsert.setInt(7, frame.pointCount());
                upsert.setBoolean(8, frame.reprocess());
                upsert.setInt(9, deliveries.get(frame.frameId()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
