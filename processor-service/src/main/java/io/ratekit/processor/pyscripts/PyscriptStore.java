package io.ratekit.processor.pyscripts;

import io.agroal.api.AgroalDataSource;
import io.ratekit.rating.pyscripts.PyScript;
import io.ratekit.service.api.ConflictException;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Scripts in PostgreSQL. Every change stores a new version (the old ones stay readable) and bumps
 * the rule-set version, so every processor replica reloads a consistent set of rules and scripts.
 */
@ApplicationScoped
public class PyscriptStore {

    /** A stored script: its current version and what it applies to. */
    public record Stored(UUID id, String name, int order, int version, String data, String checksum, Instant start, Instant end,
                         Instant createdAt) {

        PyScript toScript() {
            return new PyScript(id.toString(), name, order, data, checksum, start, end);
        }
    }

    /** A past or current version. */
    public record Version(int version, String name, String data, String checksum, Instant createdAt) {
    }

    private static final String SELECT = "SELECT s.id, s.name, s.run_order, s.version, v.data, v.checksum, s.start_at, s.end_at, v.created_at"
            + " FROM rating.pyscript s JOIN rating.pyscript_version v ON v.script_id = s.id AND v.version = s.version";

    @Inject
    AgroalDataSource dataSource;

    public Stored create(String name, String data, int order, Instant start, Instant end) {
        return write(c -> {
            refuseDuplicate(c, name, null);
            UUID id = UUID.randomUUID();
            Jdbc.update(c, "INSERT INTO rating.pyscript (id, name, run_order, start_at, end_at, version) VALUES (?, ?, ?, ?, ?, 1)",
                    id, name, order, start, end);
            Jdbc.update(c, "INSERT INTO rating.pyscript_version (script_id, version, name, data, checksum) VALUES (?, 1, ?, ?, ?)",
                    id, name, data, PyScript.checksum(data));
            return find(c, id).orElseThrow();
        });
    }

    /**
     * A new version of the script; the previous one stays in {@link #versions(UUID)}. Refused (409)
     * when the script changed since {@code expectedVersion} was read: two partial updates must not
     * silently undo each other.
     */
    public Stored update(UUID id, int expectedVersion, String name, String data, int order, Instant start, Instant end) {
        return write(c -> {
            Stored current = find(c, id).orElseThrow(() -> notFound(id));
            if (current.version() != expectedVersion) {
                throw new ConflictException("Script " + id + " changed meanwhile (now version " + current.version()
                        + ", the update was based on " + expectedVersion + "); read it again and retry");
            }
            refuseDuplicate(c, name, id);
            int version = current.version() + 1;
            Jdbc.update(c, "INSERT INTO rating.pyscript_version (script_id, version, name, data, checksum) VALUES (?, ?, ?, ?, ?)",
                    id, version, name, data, PyScript.checksum(data));
            Jdbc.update(c, "UPDATE rating.pyscript SET name = ?, run_order = ?, start_at = ?, end_at = ?, version = ? WHERE id = ?",
                    name, order, start, end, version, id);
            return find(c, id).orElseThrow();
        });
    }

    public void delete(UUID id) {
        write(c -> {
            if (Jdbc.update(c, "DELETE FROM rating.pyscript WHERE id = ?", id) == 0) {
                throw notFound(id);
            }
            return null;
        });
    }

    public Stored get(UUID id) {
        return Jdbc.inTransaction(dataSource, c -> find(c, id)).orElseThrow(() -> notFound(id));
    }

    public List<Stored> all() {
        return Jdbc.inTransaction(dataSource, c -> Jdbc.query(c, SELECT + " ORDER BY s.run_order, s.name", PyscriptStore::stored));
    }

    public List<Version> versions(UUID id) {
        get(id);
        return Jdbc.inTransaction(dataSource, c -> Jdbc.query(c,
                "SELECT version, name, data, checksum, created_at FROM rating.pyscript_version WHERE script_id = ? ORDER BY version",
                rs -> new Version(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, "created_at")), id));
    }

    /** The current version of every script, in run order, read inside the snapshot's transaction. */
    public List<PyScript> scripts(Connection c) throws SQLException {
        return Jdbc.query(c, SELECT + " ORDER BY s.run_order, s.name", rs -> stored(rs).toScript());
    }

    private void refuseDuplicate(Connection c, String name, UUID self) throws SQLException {
        Optional<UUID> other = Jdbc.queryOne(c, "SELECT id FROM rating.pyscript WHERE name = ?", rs -> Jdbc.uuid(rs, "id"), name);
        if (other.isPresent() && !other.get().equals(self)) {
            // CloudKitty's words (ScriptAlreadyExists)
            throw new ConflictException("Script " + name + " already exists (UUID: " + other.get() + ")");
        }
    }

    private Optional<Stored> find(Connection c, UUID id) throws SQLException {
        return Jdbc.queryOne(c, SELECT + " WHERE s.id = ?", PyscriptStore::stored, id);
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(Jdbc.uuid(rs, "id"), rs.getString("name"), rs.getInt("run_order"), rs.getInt("version"), rs.getString("data"),
                rs.getString("checksum"), Jdbc.instant(rs, "start_at"), Jdbc.instant(rs, "end_at"), Jdbc.instant(rs, "created_at"));
    }

    private <T> T write(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(dataSource, c -> {
            Jdbc.update(c, "LOCK TABLE rating.pyscript IN SHARE ROW EXCLUSIVE MODE"); // names stay unique under concurrent creates
            T result = work.run(c);
            Jdbc.update(c, "UPDATE rating.ruleset_version SET version = version + 1, changed_at = now()");
            return result;
        });
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("No such script: " + id);
    }
}
