package io.ratekit.storage.ingest;

import io.agroal.api.AgroalDataSource;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every groupby and metadata key ever stored ({@code storage.point_key}), so that a summary
 * grouped by a key no point has is a 400 naming the key instead of one empty group. Known keys
 * are cached; a miss re-reads the table, since another storage replica may have stored it.
 */
@ApplicationScoped
public class PointKeys {

    private static final String INSERT = "INSERT INTO storage.point_key (key) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING";

    @Inject
    AgroalDataSource dataSource;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Records, inside the storing transaction, the keys of {@code frames} not yet known. Returns them. */
    Set<String> record(Connection c, List<Frame> frames) throws SQLException {
        Set<String> fresh = new TreeSet<>();
        for (Frame frame : frames) {
            for (List<DataPoint> points : frame.usage().values()) {
                for (DataPoint p : points) {
                    collect(p.groupby().keySet(), fresh);
                    collect(p.metadata().keySet(), fresh);
                }
            }
        }
        if (!fresh.isEmpty()) {
            Jdbc.update(c, INSERT, (Object) fresh.toArray(String[]::new));
        }
        return fresh;
    }

    /** Called after the storing transaction committed. */
    void remember(Set<String> keys) {
        known.addAll(keys);
    }

    public boolean isKnown(String key) {
        if (known.contains(key)) {
            return true;
        }
        reload();
        return known.contains(key);
    }

    /** All known keys, sorted (for error messages). */
    public Set<String> all() {
        reload();
        return new TreeSet<>(known);
    }

    public void forget() {
        known.clear();
    }

    private void reload() {
        known.addAll(Jdbc.inTransaction(dataSource, c -> Jdbc.query(c, "SELECT key FROM storage.point_key", rs -> rs.getString(1))));
    }

    private void collect(Set<String> keys, Set<String> fresh) {
        for (String key : keys) {
            if (!known.contains(key)) {
                fresh.add(key);
            }
        }
    }
}
