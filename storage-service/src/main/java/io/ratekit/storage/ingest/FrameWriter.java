package io.ratekit.storage.ingest;

import io.agroal.api.AgroalDataSource;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;

/**
 * Stores a rated frame by replacing its (scope, period, metric type) slices in one transaction;
 * a reprocessed frame replaces all its source stored for the period. Storing the same frame
 * twice (re-delivery, reprocessing) leaves exactly one copy.
 */
@ApplicationScoped
public class FrameWriter {

    private static final String LOCK_SLICE = "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))";
    private static final String DELETE_SLICES =
            "DELETE FROM storage.rated_point WHERE scope_id = ? AND period_begin = ? AND type = ANY (?)";
    // a reprocessed frame replaces everything its source stored for the period, even types it no longer has
    private static final String DELETE_PERIOD =
            "DELETE FROM storage.rated_point WHERE scope_id = ? AND period_begin = ? AND source = ?";
    private static final String FORGET_REPLACED_FRAMES =
            "DELETE FROM storage.stored_frame WHERE scope_id = ? AND period_begin = ? AND source = ? AND frame_id <> ?";
    private static final String INSERT_POINT =
            "INSERT INTO storage.rated_point (scope_id, period_begin, period_end, type, seq, unit, qty, price, groupby, metadata, frame_id, source, rules)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)";
    private static final String UPSERT_FRAME =
            "INSERT INTO storage.stored_frame (frame_id, scope_id, source, period_begin, period_end, types, point_count, reprocess)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (frame_id) DO UPDATE SET deliveries = storage.stored_frame.deliveries + 1,"
                    + " point_count = excluded.point_count, types = excluded.types, reprocess = excluded.reprocess, last_stored_at = now()";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MonthlyPartitions partitions;

    public void write(Frame frame) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeIn(c, frame);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store frame " + frame.frameId() + ": " + e.getMessage(), e);
        }
    }

    private void writeIn(Connection c, Frame frame) throws SQLException {
        partitions.ensureFor(c, frame.period().begin());
        Timestamp begin = Timestamp.from(frame.period().begin());
        Timestamp end = Timestamp.from(frame.period().end());
        try (PreparedStatement lock = c.prepareStatement(LOCK_SLICE)) {
            lock.setString(1, frame.scopeId());
            lock.setString(2, frame.period().begin().toString());
            lock.execute();
        }
        String[] types = frame.usage().keySet().toArray(String[]::new);
        if (frame.reprocess()) {
            try (PreparedStatement delete = c.prepareStatement(DELETE_PERIOD);
                 PreparedStatement forget = c.prepareStatement(FORGET_REPLACED_FRAMES)) {
                delete.setString(1, frame.scopeId());
                delete.setTimestamp(2, begin);
                delete.setString(3, frame.source());
                delete.executeUpdate();
                forget.setString(1, frame.scopeId());
                forget.setTimestamp(2, begin);
                forget.setString(3, frame.source());
                forget.setString(4, frame.frameId());
                forget.executeUpdate();
            }
        } else {
            try (PreparedStatement delete = c.prepareStatement(DELETE_SLICES)) {
                delete.setString(1, frame.scopeId());
                delete.setTimestamp(2, begin);
                delete.setArray(3, c.createArrayOf("text", types));
                delete.executeUpdate();
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_POINT)) {
            for (var slice : frame.usage().entrySet()) {
                int seq = 0;
                for (var p : slice.getValue()) {
                    insert.setString(1, frame.scopeId());
                    insert.setTimestamp(2, begin);
                    insert.setTimestamp(3, end);
                    insert.setString(4, slice.getKey());
                    insert.setInt(5, seq++);
                    insert.setString(6, p.unit());
                    insert.setBigDecimal(7, p.qty());
                    insert.setBigDecimal(8, p.price());
                    insert.setString(9, json(p.groupby()));
                    insert.setString(10, json(p.metadata()));
                    insert.setString(11, frame.frameId());
                    insert.setString(12, frame.source());
                    insert.setArray(13, c.createArrayOf("text", p.rules().toArray(String[]::new)));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement upsert = c.prepareStatement(UPSERT_FRAME)) {
            upsert.setString(1, frame.frameId());
            upsert.setString(2, frame.scopeId());
            upsert.setString(3, frame.source());
            upsert.setTimestamp(4, begin);
            upsert.setTimestamp(5, end);
            upsert.setArray(6, c.createArrayOf("text", types));
            upsert.setInt(7, frame.pointCount());
            upsert.setBoolean(8, frame.reprocess());
            upsert.executeUpdate();
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return FrameCodec.mapper().writeValueAsString(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
