package io.ratekit.processor.hashmap;

import io.ratekit.frames.Decimals;
import io.ratekit.rating.hashmap.CostType;
import io.ratekit.rating.hashmap.RulesDocument;
import io.ratekit.service.api.ConflictException;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rules as code: exports the whole hashmap configuration as a {@link RulesDocument} and imports
 * one. An import replaces everything in one transaction (all or nothing); a dry run only
 * reports what would be added and removed. Dated prices that have started are protected: the
 * document must keep them with the same price (it may set their end).
 */
@ApplicationScoped
public class RulesImport {

    public record Result(boolean dry_run, long version, List<String> added, List<String> removed, int unchanged) {
    }

    @Inject
    HashmapStore store;

    public RulesDocument.Document export() {
        return store.read(this::exportIn);
    }

    public Result importDocument(RulesDocument.Document next, boolean dryRun, Instant now) {
        if (dryRun) {
            return store.read(c -> diff(exportIn(c), next, true, store.versionIn(c)));
        }
        return store.write(c -> {
            RulesDocument.Document current = exportIn(c);
            protectStartedPrices(current, next, now);
            Result result = diff(current, next, false, 0);
            replaceAll(c, next);
            return result;
        });
    }

    private static Result diff(RulesDocument.Document current, RulesDocument.Document next, boolean dryRun, long version) {
        List<String> before = facts(current);
        List<String> after = facts(next);
        List<String> added = without(after, before);
        List<String> removed = without(before, after);
        return new Result(dryRun, version, added, removed, after.size() - added.size());
    }

    /** {@code facts} minus {@code other}, counting repeats: the same rule twice is two facts. */
    private static List<String> without(List<String> facts, List<String> other) {
        Map<String, Integer> left = new HashMap<>();
        other.forEach(f -> left.merge(f, 1, Integer::sum));
        List<String> rest = new ArrayList<>();
        for (String f : facts) {
            if (left.getOrDefault(f, 0) > 0) {
                left.merge(f, -1, Integer::sum);
            } else {
                rest.add(f);
            }
        }
        return rest;
    }

    /**
     * One line per group, service, field and rule, sorted; two documents are equal when their facts
     * are. A rule for all tenants may repeat in the same group (CloudKitty accepts it), so a fact may repeat.
     */
    static List<String> facts(RulesDocument.Document doc) {
        List<String> facts = new ArrayList<>();
        doc.groups().forEach(g -> facts.add("group " + g));
        for (RulesDocument.Service s : doc.services()) {
            facts.add("service " + s.name());
            s.mappings().forEach(r -> facts.add(s.name() + " mapping " + describe(r)));
            s.thresholds().forEach(r -> facts.add(s.name() + " threshold " + describe(r)));
            for (RulesDocument.Field f : s.fields()) {
                facts.add("field " + s.name() + "." + f.name());
                f.mappings().forEach(r -> facts.add(s.name() + "." + f.name() + " mapping " + describe(r)));
                f.thresholds().forEach(r -> facts.add(s.name() + "." + f.name() + " threshold " + describe(r)));
            }
        }
        java.util.Collections.sort(facts);
        return facts;
    }

    private static String describe(RulesDocument.Rule r) {
        StringBuilder d = new StringBuilder();
        if (r.value() != null) {
            d.append("value=").append(r.value()).append(' ');
        }
        if (r.level() != null) {
            d.append("level=").append(Decimals.format(r.level())).append(' ');
        }
        d.append(r.type().wire()).append(' ').append(Decimals.format(r.cost()));
        if (r.group() != null) {
            d.append(" group=").append(r.group());
        }
        if (r.tenant() != null) {
            d.append(" tenant=").append(r.tenant());
        }
        if (r.start() != null) {
            d.append(" start=").append(r.start());
        }
        if (r.end() != null) {
            d.append(" end=").append(r.end());
        }
        return d.toString();
    }

    /** Several rules may share a key (rules for all tenants in one group), so the document must keep one with the same price. */
    private static void protectStartedPrices(RulesDocument.Document current, RulesDocument.Document next, Instant now) {
        Map<String, List<RulesDocument.Rule>> nextByKey = new HashMap<>();
        forEachRule(next, (key, rule) -> nextByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rule));
        List<String> violations = new ArrayList<>();
        forEachRule(current, (key, rule) -> {
            if (rule.start() != null && !rule.start().isAfter(now)) {
                boolean kept = nextByKey.getOrDefault(key, List.of()).stream()
                        .anyMatch(r -> r.type() == rule.type() && r.cost().compareTo(rule.cost()) == 0);
                if (!kept) {
                    violations.add(key);
                }
            }
        });
        if (!violations.isEmpty()) {
            throw new ConflictException("these dated prices have started and must stay as they are (set an end instead): " + violations);
        }
    }

    private interface RuleVisitor {
        void visit(String key, RulesDocument.Rule rule);
    }

    private static void forEachRule(RulesDocument.Document doc, RuleVisitor visitor) {
        for (RulesDocument.Service s : doc.services()) {
            s.mappings().forEach(r -> visitor.visit(key(s.name() + " mapping", r), r));
            s.thresholds().forEach(r -> visitor.visit(key(s.name() + " threshold", r), r));
            for (RulesDocument.Field f : s.fields()) {
                f.mappings().forEach(r -> visitor.visit(key(s.name() + "." + f.name() + " mapping", r), r));
                f.thresholds().forEach(r -> visitor.visit(key(s.name() + "." + f.name() + " threshold", r), r));
            }
        }
    }

    /** What identifies a dated price: where it is, its value or level, group, tenant and start. */
    private static String key(String prefix, RulesDocument.Rule r) {
        return prefix + " " + (r.value() != null ? "value=" + r.value() : r.level() != null ? "level=" + Decimals.format(r.level()) : "")
                + " group=" + r.group() + " tenant=" + r.tenant() + " start=" + r.start();
    }

    private RulesDocument.Document exportIn(Connection c) throws SQLException {
        List<String> groups = Jdbc.query(c, "SELECT name FROM rating.hashmap_group ORDER BY name", rs -> rs.getString(1));
        Map<UUID, String> groupNames = new HashMap<>();
        Jdbc.query(c, "SELECT id, name FROM rating.hashmap_group", rs -> groupNames.put(Jdbc.uuid(rs, "id"), rs.getString("name")));
        List<RulesDocument.Service> services = new ArrayList<>();
        for (var service : Jdbc.query(c, "SELECT id, name FROM rating.hashmap_service ORDER BY name",
                rs -> Map.entry(Jdbc.uuid(rs, "id"), rs.getString("name")))) {
            List<RulesDocument.Field> fields = new ArrayList<>();
            for (var field : Jdbc.query(c, "SELECT id, name FROM rating.hashmap_field WHERE service_id = ? ORDER BY name",
                    rs -> Map.entry(Jdbc.uuid(rs, "id"), rs.getString("name")), service.getKey())) {
                fields.add(new RulesDocument.Field(field.getValue(), rules(c, "mapping", "field_id", field.getKey(), groupNames),
                        rules(c, "threshold", "field_id", field.getKey(), groupNames)));
            }
            services.add(new RulesDocument.Service(service.getValue(), rules(c, "mapping", "service_id", service.getKey(), groupNames),
                    rules(c, "threshold", "service_id", service.getKey(), groupNames), fields));
        }
        return new RulesDocument.Document(groups, services);
    }

    private static List<RulesDocument.Rule> rules(Connection c, String kind, String parent, UUID id, Map<UUID, String> groups) throws SQLException {
        boolean mapping = kind.equals("mapping");
        return Jdbc.query(c, "SELECT * FROM rating.hashmap_" + kind + " WHERE " + parent + " = ? ORDER BY seq",
                rs -> new RulesDocument.Rule(mapping && parent.equals("field_id") ? rs.getString("value") : null,
                        mapping ? null : rs.getBigDecimal("level"), CostType.of(rs.getString("map_type")), rs.getBigDecimal("cost"),
                        groups.get(Jdbc.uuid(rs, "group_id")), rs.getString("tenant_id"),
                        Jdbc.instant(rs, "start_at"), Jdbc.instant(rs, "end_at")), id);
    }

    private static void replaceAll(Connection c, RulesDocument.Document doc) throws SQLException {
        for (String table : List.of("hashmap_mapping", "hashmap_threshold", "hashmap_field", "hashmap_service", "hashmap_group")) {
            Jdbc.update(c, "DELETE FROM rating." + table);
        }
        Map<String, UUID> groups = new HashMap<>();
        for (String g : new LinkedHashSet<>(doc.groups())) {
            UUID id = UUID.randomUUID();
            groups.put(g, id);
            Jdbc.update(c, "INSERT INTO rating.hashmap_group (id, name) VALUES (?, ?)", id, g);
        }
        for (RulesDocument.Service s : doc.services()) {
            UUID serviceId = UUID.randomUUID();
            Jdbc.update(c, "INSERT INTO rating.hashmap_service (id, name) VALUES (?, ?)", serviceId, s.name());
            insertRules(c, s.mappings(), s.thresholds(), serviceId, null, groups);
            for (RulesDocument.Field f : s.fields()) {
                UUID fieldId = UUID.randomUUID();
                Jdbc.update(c, "INSERT INTO rating.hashmap_field (id, service_id, name) VALUES (?, ?, ?)", fieldId, serviceId, f.name());
                insertRules(c, f.mappings(), f.thresholds(), null, fieldId, groups);
            }
        }
    }

    private static void insertRules(Connection c, List<RulesDocument.Rule> mappings, List<RulesDocument.Rule> thresholds,
                                    UUID serviceId, UUID fieldId, Map<String, UUID> groups) throws SQLException {
        for (RulesDocument.Rule r : mappings) {
            Jdbc.update(c, "INSERT INTO rating.hashmap_mapping (id, service_id, field_id, value, map_type, cost, group_id, tenant_id, start_at, end_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), serviceId, fieldId, r.value(), r.type().wire(), r.cost(),
                    r.group() == null ? null : groups.get(r.group()), r.tenant(), r.start(), r.end());
        }
        for (RulesDocument.Rule r : thresholds) {
            Jdbc.update(c, "INSERT INTO rating.hashmap_threshold (id, service_id, field_id, level, map_type, cost, group_id, tenant_id, start_at, end_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), serviceId, fieldId, r.level(), r.type().wire(), r.cost(),
                    r.group() == null ? null : groups.get(r.group()), r.tenant(), r.start(), r.end());
        }
    }
}
