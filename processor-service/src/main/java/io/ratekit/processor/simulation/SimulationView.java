package io.ratekit.processor.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;

import java.time.Instant;

/**
 * A simulation as JSON. Quantities and prices are JSON numbers written exactly, digit for digit
 * (as CloudKitty's v2 API types them; never through a binary float), without trailing zeros.
 */
final class SimulationView {

    private SimulationView() {
    }

    static String json(Simulation s) {
        ObjectNode root = FrameCodec.mapper().createObjectNode();
        root.put("simulation_id", s.id());
        root.put("status", s.status().wire());
        SimulationRequest r = s.request();
        root.put("begin", r.begin().toString());
        root.put("end", r.end().toString());
        if (r.scopes() == null) {
            root.putNull("scopes");
        } else {
            r.scopes().forEach(root.putArray("scopes")::add);
        }
        root.put("candidate_rules", r.rules() != null);
        root.put("candidate_scripts", r.scripts() == null ? null : r.scripts().size());
        ArrayNode modules = root.putArray("modules");
        s.modules().forEach(modules::add);
        if (s.startedAt() != null) {
            root.put("rules_version", s.rulesVersion());
        }
        root.put("points_done", s.pointsDone());
        if (s.pointsTotal() < 0) {
            root.putNull("points_total");
        } else {
            root.put("points_total", s.pointsTotal());
        }
        root.put("frames_done", s.framesDone());
        time(root, "created_at", s.createdAt());
        time(root, "started_at", s.startedAt());
        time(root, "finished_at", s.finishedAt());
        if (s.failure() != null) {
            ObjectNode error = root.putObject("error");
            error.put("message", s.failure().message());
            if (s.failure().scopeId() != null) {
                error.put("scope_id", s.failure().scopeId());
                error.put("period_begin", s.failure().periodBegin().toString());
            }
            if (s.failure().module() != null) {
                error.put("module", s.failure().module());
            }
        }
        Simulation.Outcome outcome = s.outcome();
        if (outcome != null) {
            row(root.putObject("total"), outcome.total());
            ArrayNode types = root.putArray("types");
            outcome.byType().forEach(t -> row(types.addObject(), t));
            ArrayNode results = root.putArray("results");
            outcome.rows().forEach(t -> row(results.addObject(), t));
        }
        return FrameCodec.write(root);
    }

    private static void row(ObjectNode node, PriceComparison.Row row) {
        if (row.scopeId() != null) {
            node.put("scope_id", row.scopeId());
        }
        if (row.type() != null) {
            node.put("type", row.type());
        }
        node.put("points", row.points());
        FrameCodec.putDecimal(node, "qty", row.qty(), DecimalStyle.NUMBER);
        FrameCodec.putDecimal(node, "current_price", row.current(), DecimalStyle.NUMBER);
        FrameCodec.putDecimal(node, "candidate_price", row.candidate(), DecimalStyle.NUMBER);
        FrameCodec.putDecimal(node, "difference", row.difference(), DecimalStyle.NUMBER);
    }

    private static void time(ObjectNode node, String name, Instant at) {
        if (at == null) {
            node.putNull(name);
        } else {
            node.put(name, at.toString());
        }
    }
}
