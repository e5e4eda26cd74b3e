package io.ratekit.storage.ingest;

import io.agroal.api.AgroalDataSource;
import io.ratekit.service.security.RowAccess;
import io.ratekit.service.sql.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
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

    /** The keys known to this process (a live view; the writer collects the others while copying points). */
    Set<String> known() {
        return known;
    }

    /** Records, inside the storing transaction, keys seen that were not known. */
    void record(Connection c, Set<String> fresh) throws SQLException {
        if (!fresh.isEmpty()) {
            Jdbc.update(c, INSERT, (Object) fresh.toArray(String[]::new));
        }
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

    // the table is row-secured for operators only (V6): the keys span every tenant, and only
    // operators' summaries look them up (SummaryQuery.checkKnown)
    private void reload() {
        known.addAll(Jdbc.inTransaction(dataSource, RowAccess.ALL,
                c -> Jdbc.query(c, "SELECT key FROM storage.point_key", rs -> rs.getString(1))));
    }
}
