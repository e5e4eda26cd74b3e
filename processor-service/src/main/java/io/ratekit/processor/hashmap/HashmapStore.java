package io.ratekit.processor.hashmap;

import io.agroal.api.AgroalDataSource;
import io.ratekit.frames.Names;
import io.ratekit.rating.hashmap.CostType;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.hashmap.Validity;
import io.ratekit.service.api.ConflictException;
import io.ratekit.service.api.InvalidInputException;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hashmap rules in PostgreSQL (schema {@code rating}). Every write bumps the ruleset version
 * in the same transaction, so processors reload a consistent snapshot.
 */
@ApplicationScoped
public class HashmapStore {

    /** A mapping or threshold as stored; {@code level} is null for mappings, {@code value} for thresholds. */
    public record Rule(UUID id, long seq, UUID serviceId, UUID fieldId, String value, BigDecimal level, CostType type,
                       BigDecimal cost, UUID groupId, String tenantId, Instant start, Instant end) {

        boolean started(Instant now) {
            return start != null && !start.isAfter(now);
        }
    }

    public enum Kind {
        MAPPING("rating.hashmap_mapping", "mapping"), THRESHOLD("rating.hashmap_threshold", "threshold");

        final String table;
        final String noun;

        Kind(String table, String noun) {
            this.table = table;
            this.noun = noun;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    // ---------------------------------------------------------------- services, fields, groups

    /**
     * A service, field or group name: any text CloudKitty stores in its String(255) columns
     * ({@link Names}), so that a service can equal any metric type and a field any metadata key.
     */
    public static String validName(String name) {
        String problem = Names.problem(name);
        if (problem != null) {
            throw new InvalidInputException("name", problem);
        }
        return name;
    }

    public HashmapViews.Service createService(String name) {
        validName(name);
        UUID id = UUID.randomUUID();
        write(c -> {
            if (Jdbc.queryOne(c, "SELECT 1 FROM rating.hashmap_service WHERE name = ?", rs -> 1, name).isPresent()) {
                throw new ConflictException("a service named " + Names.quote(name) + " exists already");
            }
            Jdbc.update(c, "INSERT INTO rating.hashmap_service (id, name) VALUES (?, ?)", id, name);
            return null;
        });
        return new HashmapViews.Service(id.toString(), name);
    }

    public List<HashmapViews.Service> services() {
        return read(c -> Jdbc.query(c, "SELECT id, name FROM rating.hashmap_service ORDER BY name",
                rs -> new HashmapViews.Service(rs.getString("id"), rs.getString("name"))));
    }

    public HashmapViews.Service service(UUID id) {
        return read(c -> Jdbc.queryOne(c, "SELECT id, name FROM rating.hashmap_service WHERE id = ?",
                rs -> new HashmapViews.Service(rs.getString("id"), rs.getString("name")), id))
                .orElseThrow(() -> new NotFoundException("No such service: " + id));
    }

    public void deleteService(UUID id) {
        delete("rating.hashmap_service", id, "service");
    }

    public HashmapViews.Field createField(UUID serviceId, String name) {
        validName(name);
        UUID id = UUID.randomUUID();
        write(c -> {
            requireExists(c, "rating.hashmap_service", serviceId, "service_id", "service");
            if (Jdbc.queryOne(c, "SELECT 1 FROM rating.hashmap_field WHERE service_id = ? AND name = ?", rs -> 1, serviceId, name).isPresent()) {
                throw new ConflictException("the service has a field named " + Names.quote(name) + " already");
            }
            Jdbc.update(c, "INSERT INTO rating.hashmap_field (id, service_id, name) VALUES (?, ?, ?)", id, serviceId, name);
            return null;
        });
        return new HashmapViews.Field(id.toString(), serviceId.toString(), name);
    }

    public List<HashmapViews.Field> fields(UUID serviceId) {
        return read(c -> Jdbc.query(c, "SELECT id, service_id, name FROM rating.hashmap_field WHERE service_id = ? ORDER BY name",
                HashmapStore::field, serviceId));
    }

    public HashmapViews.Field field(UUID id) {
        return read(c -> Jdbc.queryOne(c, "SELECT id, service_id, name FROM rating.hashmap_field WHERE id = ?", HashmapStore::field, id))
                .orElseThrow(() -> new NotFoundException("No such field: " + id));
    }

    public void deleteField(UUID id) {
        delete("rating.hashmap_field", id, "field");
    }

    public HashmapViews.Group createGroup(String name) {
        validName(name);
        UUID id = UUID.randomUUID();
        write(c -> {
            if (Jdbc.queryOne(c, "SELECT 1 FROM rating.hashmap_group WHERE name = ?", rs -> 1, name).isPresent()) {
                throw new ConflictException("a group named " + Names.quote(name) + " exists already");
            }
            Jdbc.update(c, "INSERT INTO rating.hashmap_group (id, name) VALUES (?, ?)", id, name);
            return null;
        });
        return new HashmapViews.Group(id.toString(), name);
    }

    public List<HashmapViews.Group> groups() {
        return read(c -> Jdbc.query(c, "SELECT id, name FROM rating.hashmap_group ORDER BY name",
                rs -> new HashmapViews.Group(rs.getString("id"), rs.getString("name"))));
    }

    public HashmapViews.Group group(UUID id) {
        return read(c -> Jdbc.queryOne(c, "SELECT id, name FROM rating.hashmap_group WHERE id = ?",
                rs -> new HashmapViews.Group(rs.getString("id"), rs.getString("name")), id))
                .orElseThrow(() -> new NotFoundException("No such group: " + id));
    }

    /** CloudKitty: recursive deletes the group's mappings and thresholds; otherwise they leave the group. */
    public void deleteGroup(UUID id, boolean recursive) {
        write(c -> {
            requireFound(c, "rating.hashmap_group", id, "group");
            if (recursive) {
                Jdbc.update(c, "DELETE FROM rating.hashmap_mapping WHERE group_id = ?", id);
                Jdbc.update(c, "DELETE FROM rating.hashmap_threshold WHERE group_id = ?", id);
            }
            Jdbc.update(c, "DELETE FROM rating.hashmap_group WHERE id = ?", id);
            return null;
        });
    }

    // ---------------------------------------------------------------- mappings and thresholds

    public Rule createRule(Kind kind, Rule rule) {
        UUID id = UUID.randomUUID();
        return write(c -> {
            checkReferences(c, rule);
            checkNoDuplicate(c, kind, rule, null);
            long seq;
            if (kind == Kind.MAPPING) {
                seq = Jdbc.queryOne(c, "INSERT INTO rating.hashmap_mapping (id, service_id, field_id, value, map_type, cost, group_id,"
                                + " tenant_id, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq", rs -> rs.getLong(1),
                        id, rule.serviceId(), rule.fieldId(), rule.value(), rule.type().wire(), rule.cost(), rule.groupId(), rule.tenantId(),
                        rule.start(), rule.end()).orElseThrow();
            } else {
                seq = Jdbc.queryOne(c, "INSERT INTO rating.hashmap_threshold (id, service_id, field_id, level, map_type, cost, group_id,"
                                + " tenant_id, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq", rs -> rs.getLong(1),
                        id, rule.serviceId(), rule.fieldId(), rule.level(), rule.type().wire(), rule.cost(), rule.groupId(), rule.tenantId(),
                        rule.start(), rule.end()).orElseThrow();
            }
            return ruleIn(c, kind, id).orElseThrow(() -> new IllegalStateException("rule " + seq + " vanished"));
        });
    }

    /**
     * Applies {@code change} to a stored rule. A dated rule that has started keeps its price:
     * its cost, type, value and level cannot change, only its end (end it, then create the new price).
     */
    public Rule updateRule(Kind kind, UUID id, java.util.function.UnaryOperator<Rule> change, Instant now) {
        return write(c -> {
            Rule current = ruleIn(c, kind, id).orElseThrow(() -> new NotFoundException("No such " + kind.noun + ": " + id));
            Rule updated = change.apply(current);
            if (current.started(now) && priceChanged(current, updated)) {
                throw new ConflictException("this " + kind.noun + " applies since " + current.start()
                        + ": its price cannot change any more; set its end and create a new " + kind.noun + " from then");
            }
            if (updated.end() != null && updated.start() != null && !updated.end().isAfter(updated.start())) {
                throw new InvalidInputException("end", "must be after start (" + updated.start() + ")");
            }
            checkReferences(c, updated);
            checkNoDuplicate(c, kind, updated, id);
            Jdbc.update(c, "UPDATE " + kind.table + " SET service_id = ?, field_id = ?, " + (kind == Kind.MAPPING ? "value" : "level")
                            + " = ?, map_type = ?, cost = ?, group_id = ?, tenant_id = ?, start_at = ?, end_at = ? WHERE id = ?",
                    updated.serviceId(), updated.fieldId(), kind == Kind.MAPPING ? updated.value() : updated.level(), updated.type().wire(),
                    updated.cost(), updated.groupId(), updated.tenantId(), updated.start(), updated.end(), id);
            return ruleIn(c, kind, id).orElseThrow();
        });
    }

    private static boolean priceChanged(Rule a, Rule b) {
        return a.cost().compareTo(b.cost()) != 0 || a.type() != b.type() || !java.util.Objects.equals(a.value(), b.value())
                || (a.level() != null && a.level().compareTo(b.level()) != 0) || !java.util.Objects.equals(a.tenantId(), b.tenantId())
                || !java.util.Objects.equals(a.start(), b.start());
    }

    public Rule rule(Kind kind, UUID id) {
        return read(c -> ruleIn(c, kind, id)).orElseThrow(() -> new NotFoundException("No such " + kind.noun + ": " + id));
    }

    public void deleteRule(Kind kind, UUID id) {
        delete(kind.table, id, kind.noun);
    }

    /** CloudKitty's list filters; {@code tenant_id} only applies with {@code filter_tenant}. */
    public List<Rule> rules(Kind kind, UUID serviceId, UUID fieldId, UUID groupId, boolean noGroup, boolean filterTenant, String tenantId) {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + kind.table + " WHERE true");
        List<Object> args = new ArrayList<>();
        if (serviceId != null) {
            sql.append(" AND service_id = ?");
            args.add(serviceId);
        }
        if (fieldId != null) {
            sql.append(" AND field_id = ?");
            args.add(fieldId);
        }
        if (groupId != null) {
            sql.append(" AND group_id = ?");
            args.add(groupId);
        } else if (noGroup) {
            sql.append(" AND group_id IS NULL");
        }
        if (filterTenant) {
            if (tenantId == null) {
                sql.append(" AND tenant_id IS NULL");
            } else {
                sql.append(" AND tenant_id = ?");
                args.add(tenantId);
            }
        }
        sql.append(" ORDER BY seq");
        return read(c -> Jdbc.query(c, sql.toString(), rs -> rule(kind, rs), args.toArray()));
    }

    // ---------------------------------------------------------------- what the processor loads

    public long version() {
        return read(c -> Jdbc.queryOne(c, "SELECT version FROM rating.ruleset_version", rs -> rs.getLong(1)).orElse(0L));
    }

    /** The whole rule set as the engine sees it, with the version it belongs to, read in one transaction. */
    public HashmapRuleset snapshot() {
        return read(c -> {
            Jdbc.update(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            long version = Jdbc.queryOne(c, "SELECT version FROM rating.ruleset_version", rs -> rs.getLong(1)).orElse(0L);
            String names = " LEFT JOIN rating.hashmap_field f ON f.id = r.field_id"
                    + " LEFT JOIN rating.hashmap_service s ON s.id = COALESCE(r.service_id, f.service_id)"
                    + " LEFT JOIN rating.hashmap_group g ON g.id = r.group_id";
            var mappings = Jdbc.query(c, "SELECT r.*, s.name AS service_name, f.name AS field_name, g.name AS group_name"
                            + " FROM rating.hashmap_mapping r" + names,
                    rs -> new io.ratekit.rating.hashmap.Mapping(2 * rs.getLong("seq"), rs.getString("service_name"), rs.getString("field_name"),
                            rs.getString("field_name") == null ? null : rs.getString("value"), CostType.of(rs.getString("map_type")),
                            rs.getBigDecimal("cost"), rs.getString("group_name"), rs.getString("tenant_id"), validity(rs)));
            var thresholds = Jdbc.query(c, "SELECT r.*, s.name AS service_name, f.name AS field_name, g.name AS group_name"
                            + " FROM rating.hashmap_threshold r" + names,
                    rs -> new io.ratekit.rating.hashmap.Threshold(2 * rs.getLong("seq") + 1, rs.getString("service_name"), rs.getString("field_name"),
                            rs.getBigDecimal("level"), CostType.of(rs.getString("map_type")), rs.getBigDecimal("cost"),
                            rs.getString("group_name"), rs.getString("tenant_id"), validity(rs)));
            // engine ids: mappings even, thresholds odd (two sequences); points name rules by their API id
            Map<Long, String> references = new HashMap<>();
            Jdbc.query(c, "SELECT seq, id FROM rating.hashmap_mapping", rs -> references.put(2 * rs.getLong(1), "mapping/" + rs.getString(2)));
            Jdbc.query(c, "SELECT seq, id FROM rating.hashmap_threshold", rs -> references.put(2 * rs.getLong(1) + 1, "threshold/" + rs.getString(2)));
            return new HashmapRuleset(version, mappings, thresholds, references);
        });
    }

    // ---------------------------------------------------------------- helpers

    private static Validity validity(ResultSet rs) throws SQLException {
        Instant start = Jdbc.instant(rs, "start_at");
        Instant end = Jdbc.instant(rs, "end_at");
        return start == null && end == null ? Validity.ALWAYS : new Validity(start, end);
    }

    private static HashmapViews.Field field(ResultSet rs) throws SQLException {
        return new HashmapViews.Field(rs.getString("id"), rs.getString("service_id"), rs.getString("name"));
    }

    private java.util.Optional<Rule> ruleIn(Connection c, Kind kind, UUID id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT * FROM " + kind.table + " WHERE id = ?", rs -> rule(kind, rs), id);
    }

    private static Rule rule(Kind kind, ResultSet rs) throws SQLException {
        return new Rule(Jdbc.uuid(rs, "id"), rs.getLong("seq"), Jdbc.uuid(rs, "service_id"), Jdbc.uuid(rs, "field_id"),
                kind == Kind.MAPPING ? rs.getString("value") : null, kind == Kind.THRESHOLD ? rs.getBigDecimal("level") : null,
                CostType.of(rs.getString("map_type")), rs.getBigDecimal("cost"), Jdbc.uuid(rs, "group_id"), rs.getString("tenant_id"),
                Jdbc.instant(rs, "start_at"), Jdbc.instant(rs, "end_at"));
    }

    private static void checkReferences(Connection c, Rule rule) throws SQLException {
        if (rule.serviceId() != null) {
            requireExists(c, "rating.hashmap_service", rule.serviceId(), "service_id", "service");
        }
        if (rule.fieldId() != null) {
            requireExists(c, "rating.hashmap_field", rule.fieldId(), "field_id", "field");
        }
        if (rule.groupId() != null) {
            requireExists(c, "rating.hashmap_group", rule.groupId(), "group_id", "group");
        }
    }

    /**
     * CloudKitty's unique keys, exactly (its models and alembic migrations): (value, field_id,
     * tenant_id), (value, service_id, tenant_id), (level, field_id, tenant_id) and
     * (level, service_id, tenant_id). The group is not part of any key, and SQL NULLs never collide:
     * <ul>
     * <li>rules for all tenants (tenant NULL) are never duplicates, whatever their group: the same
     *     value in two groups prices two components, in one group the last created applies;</li>
     * <li>a tenant's rule collides with the same tenant's rule of the same value or level on the
     *     same field or service, in any group;</li>
     * <li>service mappings never collide. CloudKitty's CLI sends {@code "value": null}, stored as
     *     NULL, which never collides; only a raw request that omits {@code value} is stored as ''
     *     and refused for a second mapping of the same service and tenant. Ratekit stores no value
     *     for a service mapping, as for the CLI's (documented in rating-rules/README.md).</li>
     * </ul>
     * Ratekit's dated prices add one condition: the validity windows overlap, so that a dated
     * replacement may follow an ended rule. Rule writes are serialised ({@link #write}), so two
     * concurrent creates cannot both pass this check.
     */
    private static void checkNoDuplicate(Connection c, Kind kind, Rule rule, UUID self) throws SQLException {
        if (rule.tenantId() == null || (kind == Kind.MAPPING && rule.fieldId() == null)) {
            return;
        }
        UUID parent = rule.fieldId() != null ? rule.fieldId() : rule.serviceId();
        String sql = "SELECT r.id, g.name AS group_name FROM " + kind.table + " r LEFT JOIN rating.hashmap_group g ON g.id = r.group_id"
                + " WHERE r." + (rule.fieldId() != null ? "field_id" : "service_id") + " = ?"
                + " AND r." + (kind == Kind.MAPPING ? "value" : "level") + " = ? AND r.tenant_id = ?"
                + " AND (r.end_at IS NULL OR ?::timestamptz IS NULL OR r.end_at > ?::timestamptz)"
                + " AND (r.start_at IS NULL OR ?::timestamptz IS NULL OR r.start_at < ?::timestamptz)"
                + (self == null ? "" : " AND r.id <> ?") + " LIMIT 1";
        List<Object> args = new ArrayList<>(List.of(parent, kind == Kind.MAPPING ? rule.value() : rule.level(), rule.tenantId()));
        args.add(rule.start());
        args.add(rule.start());
        args.add(rule.end());
        args.add(rule.end());
        if (self != null) {
            args.add(self);
        }
        var clash = Jdbc.queryOne(c, sql,
                rs -> Map.entry(rs.getString("id"), java.util.Optional.ofNullable(rs.getString("group_name"))), args.toArray());
        if (clash.isPresent()) {
            String what = kind == Kind.THRESHOLD ? "level " + rule.level().stripTrailingZeros().toPlainString() : "value " + Names.quote(rule.value());
            throw new ConflictException("tenant " + Names.quote(rule.tenantId()) + " has a " + kind.noun + " with the same " + what
                    + " already (" + kind.noun + " " + clash.get().getKey()
                    + clash.get().getValue().map(g -> ", group " + Names.quote(g)).orElse(", no group")
                    + "); as in CloudKitty, a tenant has one " + kind.noun + " per " + (kind == Kind.THRESHOLD ? "level" : "value")
                    + " across all groups (rules for all tenants may repeat; a dated rule may follow one that has ended)");
        }
    }

    private static void requireExists(Connection c, String table, UUID id, String field, String noun) throws SQLException {
        if (Jdbc.queryOne(c, "SELECT 1 FROM " + table + " WHERE id = ?", rs -> 1, id).isEmpty()) {
            throw new InvalidInputException(field, "no " + noun + " with id " + id);
        }
    }

    private static void requireFound(Connection c, String table, UUID id, String noun) throws SQLException {
        if (Jdbc.queryOne(c, "SELECT 1 FROM " + table + " WHERE id = ?", rs -> 1, id).isEmpty()) {
            throw new NotFoundException("No such " + noun + ": " + id);
        }
    }

    private void delete(String table, UUID id, String noun) {
        write(c -> {
            if (Jdbc.update(c, "DELETE FROM " + table + " WHERE id = ?", id) == 0) {
                throw new NotFoundException("No such " + noun + ": " + id);
            }
            return null;
        });
    }

    /**
     * Bumps the ruleset version first: the row lock it takes serialises every rule write until
     * commit, so checks such as {@link #checkNoDuplicate} see the rules a concurrent write adds.
     */
    <T> T write(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(dataSource, c -> {
            Jdbc.update(c, "UPDATE rating.ruleset_version SET version = version + 1, changed_at = now()");
            return work.run(c);
        });
    }

    long versionIn(Connection c) throws SQLException {
        return Jdbc.queryOne(c, "SELECT version FROM rating.ruleset_version", rs -> rs.getLong(1)).orElse(0L);
    }

    <T> T read(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(dataSource, work);
    }
}
