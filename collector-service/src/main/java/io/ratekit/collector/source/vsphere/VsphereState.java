package io.ratekit.collector.source.vsphere;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ratekit.frames.FrameCodec;
import io.ratekit.service.sql.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code collector.vsphere_source} and {@code collector.vsphere_vm} for one vCenter. */
final class VsphereState {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private VsphereState() {
    }

    /** How far the vCenter was read: its highest event key translated (0 at first), the last poll's time (null at first). */
    record Progress(int lastEventKey, Instant lastPoll) {
    }

    /** Reads the vCenter's progress and locks its row against a parallel poll (another replica). */
    static Progress lockAndReadProgress(Connection c, String vcenter) throws SQLException {
        Jdbc.update(c, "INSERT INTO collector.vsphere_source (vcenter) VALUES (?) ON CONFLICT DO NOTHING", vcenter);
        return Jdbc.queryOne(c, "SELECT last_event_key, last_poll FROM collector.vsphere_source WHERE vcenter = ? FOR UPDATE",
                rs -> new Progress(rs.getInt(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()), vcenter).orElseThrow();
    }

    /** Stores utilisation samples under the scope of their VM; samples of VMs Ratekit does not know are left out. */
    static int saveSamples(Connection c, Map<String, KnownVm> known, List<VsphereClient.Sample> samples,
                           Map<String, UtilisationMetric> metrics) throws SQLException {
        int saved = 0;
        try (PreparedStatement st = c.prepareStatement("INSERT INTO collector.resource_sample"
                + " (scope_id, resource_id, type, unit, sampled_at, value) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (VsphereClient.Sample sample : samples) {
                KnownVm vm = known.get(sample.moref());
                UtilisationMetric metric = metrics.get(sample.counter());
                if (vm == null || metric == null) {
                    continue;
                }
                st.setString(1, vm.scopeId());
                st.setString(2, sample.moref());
                st.setString(3, metric.type());
                st.setString(4, metric.unit());
                st.setTimestamp(5, java.sql.Timestamp.from(sample.at()));
                st.setLong(6, sample.value());
                st.addBatch();
                saved++;
            }
            st.executeBatch();
        }
        return saved;
    }

    static Map<String, KnownVm> knownVms(Connection c, String vcenter) throws SQLException {
        Map<String, KnownVm> known = new HashMap<>();
        for (KnownVm vm : Jdbc.query(c, "SELECT moref, scope_id, num_cpu, memory_mb, attributes::text, removed"
                + " FROM collector.vsphere_vm WHERE vcenter = ?", rs -> new KnownVm(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getInt(4), parse(rs.getString(5)), rs.getBoolean(6)), vcenter)) {
            known.put(vm.moref(), vm);
        }
        return known;
    }

    /** Writes {@code known} (the VMs to insert or update) and the vCenter's progress. */
    static void save(Connection c, String vcenter, Map<String, KnownVm> known, int lastEventKey, Instant polledAt, int vms,
                     int unmapped) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO collector.vsphere_vm"
                + " (vcenter, moref, scope_id, num_cpu, memory_mb, attributes, removed) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (vcenter, moref) DO UPDATE SET scope_id = excluded.scope_id, num_cpu = excluded.num_cpu,"
                + " memory_mb = excluded.memory_mb, attributes = excluded.attributes, removed = excluded.removed")) {
            for (KnownVm vm : known.values()) {
                st.setString(1, vcenter);
                st.setString(2, vm.moref());
                st.setString(3, vm.scopeId());
                st.setInt(4, vm.numCpu());
                st.setInt(5, vm.memoryMB());
                st.setString(6, FrameCodec.mapper().writeValueAsString(vm.attributes()));
                st.setBoolean(7, vm.removed());
                st.addBatch();
            }
            st.executeBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Jdbc.update(c, "UPDATE collector.vsphere_source SET last_event_key = ?, last_poll = ?, vms = ?, unmapped_vms = ? WHERE vcenter = ?",
                lastEventKey, polledAt, vms, unmapped, vcenter);
    }

    private static Map<String, String> parse(String json) {
        try {
            return FrameCodec.mapper().readValue(json, ATTRIBUTES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable VM attributes " + json, e);
        }
    }
}
